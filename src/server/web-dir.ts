// Where `heng serve` finds the built web app unless told (--web-dir): this
// package's own dist/web (built by `npm ci`), located from this file rather
// than the working directory, so `npx heng serve` works from any folder.
import { fileURLToPath } from 'node:url';

export const PACKAGE_WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));
