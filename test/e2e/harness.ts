// What the browser tests stand on: the web app built from the current
// sources, `heng serve`'s app (createApp) on 127.0.0.1 port 0 over a fresh
// SQLite store, accounts, and Debian Chromium driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { addTestUser } from '../helpers/accounts.js';
import type { Role } from '../../src/auth/roles.js';
import { launchChromium } from '../../src/report/pdf.js';
import { createApp, type HengApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { testDb } from '../helpers/test-db.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(REPO, 'test-artifacts/e2e');

/** Builds web/ with its own Vite config into a folder under test-artifacts (inside the repo, so the static server serves it). */
export async function buildWeb(): Promise<string> {
  const outDir = path.join(ARTIFACTS, `web-build-${process.pid}`);
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface Site {
  url: string;
  dir: string;
  store: Store;
  heng: HengApp;
  close(): Promise<void>;
}

/** `heng serve` on port 0 with a temp store and work folder, serving the built app. */
export async function startSite(webDir: string, users: Array<{ name: string; role: Role; password: string }>): Promise<Site> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heng-e2e-'));
  const store = await openStore(await testDb(dir));
  for (const u of users) await addTestUser(store.db, u.name, u.role, u.password);
  const heng = createApp({ store, workDir: dir, secretsFile: path.join(dir, 'secrets.env'), settings: { webDir, banksDir: path.join(dir, 'banks') }, log: () => {} });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: heng.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    store,
    heng,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await heng.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function browser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launchChromium();
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Signs in through the login form and waits for the signed-in header. */
export async function signIn(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('header .who');
}
