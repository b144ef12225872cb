// What every route handler gets: the store, the background runs, settings.
import type { Store } from '../store/store.js';
import type { RunManager } from './run-manager.js';
import type { SecretsFile } from './secrets-file.js';

export interface ServerSettings {
  /** Session lifetime, ms. */
  sessionMs: number;
  /** Mark the session cookie Secure (serve behind HTTPS). */
  secureCookie: boolean;
  /** Built web app (index.html + assets); absent: a page says how to build it. */
  webDir: string;
  /** Safety bank files (<name>.<type>.jsonl|csv|xlsx) listed by /api/safety/banks. */
  banksDir: string;
}

export interface ServerContext {
  store: Store;
  runs: RunManager;
  secrets: SecretsFile;
  settings: ServerSettings;
}
