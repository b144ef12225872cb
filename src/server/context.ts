// What every route handler gets: the store, the background runs, settings,
// the clock.
import type { ThrottleLimits } from '../auth/throttle.js';
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
  /** Failed sign-ins allowed per account name and per client address within a window (src/auth/throttle.ts). */
  loginThrottle: ThrottleLimits;
  /** Take the client address from the last X-Forwarded-For entry (only behind a reverse proxy that sets it). */
  trustProxy: boolean;
}

export interface ServerContext {
  store: Store;
  runs: RunManager;
  secrets: SecretsFile;
  settings: ServerSettings;
  /** Milliseconds since the epoch; tests move it instead of waiting out the sign-in throttle window. */
  now(): number;
}
