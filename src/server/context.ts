// What every route handler gets: the store, one repository per feature
// (routes read and write through these, never through the database), the
// background runs, settings, the clock.
import type { ArenaRecords } from '../arena/store.js';
import type { Accounts } from '../auth/accounts.js';
import type { AuditLog } from '../auth/audit.js';
import type { SignInThrottle, ThrottleLimits } from '../auth/throttle.js';
import type { ServerProviders } from '../providers/server-providers.js';
import type { ResultsQuery } from '../store/results-query.js';
import type { Store } from '../store/store.js';
import type { BodyLimits } from './request-input.js';
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
  /** Largest request bodies accepted, by kind of caller and route (./request-input.ts). */
  bodyLimits: BodyLimits;
}

export interface ServerContext {
  store: Store;
  accounts: Accounts;
  audit: AuditLog;
  throttle: SignInThrottle;
  /** Providers configured over the API. */
  providers: ServerProviders;
  results: ResultsQuery;
  arena: ArenaRecords;
  runs: RunManager;
  secrets: SecretsFile;
  settings: ServerSettings;
  /** Milliseconds since the epoch; tests move it instead of waiting out the sign-in throttle window. */
  now(): number;
}
