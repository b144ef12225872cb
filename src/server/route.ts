// One declaration per endpoint: method, path, access, zod schemas for
// params/query/body/response, and the handler. The Hono app and the OpenAPI
// document are both built from the same list (./routes/index.ts), so the
// document cannot drift from what the server does.
import type { Context } from 'hono';
import { z } from 'zod';
import type { User } from '../auth/accounts.js';
import type { Permission } from '../auth/roles.js';
import type { ErrorStatus } from './errors.js';
import type { ServerContext } from './context.js';

/** Who may call: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'user' | Permission;

/** Non-JSON answers: the handler returns a Response with this content type. */
export type RawContent = 'text/html' | 'text/csv' | 'text/markdown' | 'application/pdf' | typeof DOCX_TYPE | 'text/event-stream';

/** The media type of a Word document (.docx). */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Raw answers that are bytes, not text (no charset). */
export const isBinary = (type: RawContent): boolean => type === 'application/pdf' || type === DOCX_TYPE;

type AnyObject = z.ZodObject<z.ZodRawShape>;
type Empty = z.ZodObject<{}>;

export interface HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** Undefined only on public routes. */
  user: User;
  ctx: ServerContext;
  c: Context;
}

export interface RouteSpec<P extends AnyObject = Empty, Q extends AnyObject = Empty, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType> {
  /** operationId in the OpenAPI document. */
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: /api/runs/{id}. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** The body carries a config (larger limit: settings.bodyLimits.config). */
  upload?: 'config';
  /** JSON response schema, or a raw content type. */
  response: R | { raw: RawContent };
  /** Success status (default 200). */
  status?: 200 | 201 | 202;
  /** Error statuses this route documents besides 401/403 (implied by access) and 400 (implied by inputs). */
  errors?: ErrorStatus[];
  handler(input: HandlerInput<P, Q, B>): Promise<(R extends z.ZodType ? z.input<R> : never) | Response>;
}

/** Declare a route with its types inferred from its schemas. */
export function route<P extends AnyObject = Empty, Q extends AnyObject = Empty, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType>(spec: RouteSpec<P, Q, B, R>): AnyRoute {
  return spec;
}

export type AnyRoute = RouteSpec<AnyObject, AnyObject, z.ZodType, z.ZodType>;

export const isRaw = (r: AnyRoute['response']): r is { raw: RawContent } => typeof r === 'object' && r !== null && 'raw' in r && !(r instanceof z.ZodType);

/** /api/runs/{id} → /api/runs/:id */
export const honoPath = (p: string) => p.replace(/\{([^}]+)\}/g, ':$1');

/** What every route documents as possible failures. */
export function documentedErrors(r: AnyRoute): ErrorStatus[] {
  const s = new Set<ErrorStatus>(r.errors ?? []);
  if (r.params || r.query || r.body) s.add(400);
  if (r.body) s.add(413);
  if (r.access !== 'public') s.add(401);
  // 403: the role lacks the permission, or (any state change) the CSRF check failed.
  if ((r.access !== 'public' && r.access !== 'user') || r.method !== 'get') s.add(403);
  return [...s].sort();
}
