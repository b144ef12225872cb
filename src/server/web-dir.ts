// Where `heng serve` finds the built web app unless told (--web-dir): this
// package's own dist/web (built by `npm ci`), located from the package rather
// than the working directory, so `npx heng serve` works from any folder.
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export const PACKAGE_WEB_DIR = path.join(PACKAGE_ROOT, 'dist', 'web');
