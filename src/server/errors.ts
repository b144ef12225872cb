// API errors: every failure answers {error:{code,message,field?,hint?}} with
// a status that says whose fault it is.
import { errorSchema, type ErrorBody } from '../api/contract.js';
import { InputError } from '../errors.js';
import { CommitUnknownError, StoreUnavailableError } from '../store/retry.js';

export { errorSchema, type ErrorBody };

export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
} as const;

export type ErrorStatus = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    readonly field?: string,
    readonly hint?: string,
    /** Response headers that go with the error (Retry-After on 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);

/** An InputError (bad config, bad bank, …) becomes a 400 naming the place. */
export function errorBody(err: unknown): { status: ErrorStatus; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof ApiError)
    return {
      status: err.status,
      headers: err.headers,
      body: { error: { code: ERROR_CODES[err.status], message: err.message, ...(err.field ? { field: err.field } : {}), ...(err.hint ? { hint: err.hint } : {}) } },
    };
  if (err instanceof InputError) {
    const where = [err.place.file && `${err.place.file}`, err.place.line !== undefined && `line ${err.place.line}`].filter(Boolean).join(', ');
    return {
      status: 400,
      body: {
        error: { code: 'bad_request', message: where ? `${where}: ${err.problem}` : err.problem, ...(err.place.field ? { field: err.place.field } : {}), ...(err.hint ? { hint: err.hint } : {}) },
      },
    };
  }
  // The database restarting or unreachable: retried inside the store for a while (src/store/postgres.ts), then this.
  if (err instanceof StoreUnavailableError || err instanceof CommitUnknownError)
    return {
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'unavailable', message: 'store unavailable, retrying: try again in a few seconds', hint: 'the server reconnects to the database by itself' } },
    };
  return { status: 500, body: { error: { code: 'internal', message: 'internal error: see the server log' } } };
}
