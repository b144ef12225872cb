// The Hono app of `heng serve`: the JSON API under /api (routes declared in
// ./routes/, OpenAPI at /api/openapi.json) and the built web app at /.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ArenaRecords } from '../arena/store.js';
import { Accounts } from '../auth/accounts.js';
import { AuditLog } from '../auth/audit.js';
import { can } from '../auth/roles.js';
import { DEFAULT_THROTTLE, SignInThrottle } from '../auth/throttle.js';
import { ServerProviders } from '../providers/server-providers.js';
import { ResultsQuery } from '../store/results-query.js';
import { withRetryBudget } from '../store/retry.js';
import type { QueueTarget } from '../queue/connection.js';
import type { Store } from '../store/store.js';
import type { ServerContext, ServerSettings } from './context.js';
import { ApiError, errorBody } from './errors.js';
import { logSafe } from './log-text.js';
import { checkUrl, DEFAULT_BODY_LIMITS, readJson } from './request-input.js';
import { buildOpenApi } from './openapi.js';
import { honoPath, type AnyRoute } from './route.js';
import { ROUTES } from './routes/index.js';
import { RunManager } from './run-manager.js';
import { SecretsFile } from './secrets-file.js';
import { checkCsrf, checkPublicChange, identify, type Caller } from './session.js';
import { missingWebPage } from './web-missing.js';
import { PACKAGE_WEB_DIR } from './web-dir.js';

/** How long an API request waits for a database that went away before it answers 503 "store unavailable, retrying". */
const REQUEST_STORE_WAIT_MS = 10_000;

export interface AppOptions {
  store: Store;
  /** Folder relative dataset paths of API configs resolve against (default: cwd). */
  workDir?: string;
  /** redis://… (or url + key prefix) to run on `heng worker`s instead of in this process. */
  queue?: QueueTarget | string;
  /** Where provider secrets set over the API are kept (default .heng/secrets.env). */
  secretsFile?: string;
  settings?: Partial<ServerSettings>;
  log?: (line: string) => void;
  /** The clock (default Date.now); tests pass their own to step over the sign-in throttle window. */
  now?: () => number;
}

type Env = { Variables: { caller?: Caller } };

export interface HengApp {
  app: Hono<Env>;
  ctx: ServerContext;
  /** Stops runs executing in this process (their state is stored). */
  close(): Promise<void>;
}

export function createApp(o: AppOptions): HengApp {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = new SecretsFile(o.secretsFile ?? '.heng/secrets.env');
  secrets.load();
  const settings: ServerSettings = {
    sessionMs: 12 * 3600 * 1000,
    secureCookie: false,
    webDir: PACKAGE_WEB_DIR,
    banksDir: path.resolve(o.workDir ?? '.', 'banks'),
    loginThrottle: DEFAULT_THROTTLE,
    trustProxy: false,
    bodyLimits: DEFAULT_BODY_LIMITS,
    ...o.settings,
  };
  const ctx: ServerContext = {
    store: o.store,
    accounts: new Accounts(o.store),
    audit: new AuditLog(o.store),
    throttle: new SignInThrottle(o.store),
    providers: new ServerProviders(o.store),
    results: new ResultsQuery(o.store),
    arena: new ArenaRecords(o.store),
    runs: new RunManager(o.store, { workDir: o.workDir ?? process.cwd(), queue: o.queue, log }),
    secrets,
    settings,
    now: o.now ?? Date.now,
  };
  const app = new Hono<Env>();
  const openapi = buildOpenApi(ROUTES);

  // A request waits at most REQUEST_STORE_WAIT_MS for a database that went away, then answers 503 (errors.ts).
  app.use('/api/*', (c, next) =>
    withRetryBudget(REQUEST_STORE_WAIT_MS, async () => {
      c.header('cache-control', 'no-store');
      c.header('x-content-type-options', 'nosniff');
      try {
        checkUrl(c);
        const caller = await identify(c, ctx);
        checkCsrf(c, caller?.via ?? 'anonymous');
        c.set('caller', caller);
      } catch (err) {
        return sendError(c, err, log);
      }
      await next();
    }),
  );

  app.get('/api/openapi.json', (c) => c.json(openapi));
  for (const r of ROUTES) app.on(r.method.toUpperCase(), honoPath(r.path), (c) => handle(r, c, ctx, log));
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `no endpoint ${c.req.method} ${c.req.path}`, hint: 'see /api/openapi.json' } }, 404));

  mountWeb(app, settings.webDir);
  return { app, ctx, close: () => ctx.runs.close() };
}

async function handle(r: AnyRoute, c: Context<Env>, ctx: ServerContext, log: (l: string) => void): Promise<Response> {
  try {
    const caller = c.get('caller');
    if (r.access === 'public' && !caller) checkPublicChange(c);
    if (r.access !== 'public') {
      if (!caller) throw new ApiError(401, 'sign in first', undefined, 'POST /api/auth/login, or send "Authorization: Bearer <API token>"');
      if (r.access !== 'user' && !can(caller.user.role, r.access)) throw new ApiError(403, `role "${caller.user.role}" may not do this (needs ${r.access})`);
    }
    const params = parse(r.params, c.req.param(), 'path');
    const query = parse(r.query, c.req.query(), 'query');
    let body: unknown;
    if (r.body) {
      const limits = ctx.settings.bodyLimits;
      const max = !caller ? limits.anonymous : r.upload === 'config' ? limits.config : limits.signedIn;
      body = parse(r.body, await readJson(c, max), 'body');
    }
    const out = await r.handler({ params, query, body, user: caller?.user as never, ctx, c });
    if (out instanceof Response) return out;
    return c.json(out as object, r.status ?? 200);
  } catch (err) {
    return sendError(c, err, log);
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): any {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.map(String).join('.') : where;
  throw new ApiError(400, `${where} ${field === where ? '' : `"${field}" `}: ${issue.message}`.replace(' :', ':'), field);
}

function sendError(c: Context, err: unknown, log: (l: string) => void): Response {
  const { status, body, headers } = errorBody(err);
  if (status === 500) log(`internal error on ${logSafe(`${c.req.method} ${c.req.path}`)}: ${describe(err)}`);
  return c.json(body, status, headers);
}

/** The error's message on one line (it may quote input), then its stack frames (code locations only). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return logSafe(String(err));
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return [logSafe(`${err.name}: ${err.message}`), ...frames].join('\n');
}

/**
 * The web app's Content-Security-Policy: its own scripts and styles only (no
 * inline script, no eval), API calls to this origin, never framed. Inline
 * style is allowed: React and ECharts position elements with it.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The built web app with SPA fallback, or a page saying how to build it. */
function mountWeb(app: Hono<Env>, webDir: string): void {
  const index = path.join(webDir, 'index.html');
  app.use('/*', async (c, next) => {
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    // /api answers (reports in HTML among them) keep their own headers.
    if (!c.req.path.startsWith('/api/')) c.header('content-security-policy', WEB_CSP);
    await next();
  });
  if (existsSync(index)) app.use('/*', serveStatic({ root: webDir }));
  app.get('/*', (c) => {
    if (!existsSync(index)) return c.html(missingWebPage(webDir), 200);
    return c.html(readFileSync(index, 'utf8'));
  });
}
