// Provider entries as the API shows them: secrets only as their ${env:…}
// reference and whether the variable is set; header values (which may hold
// a literal credential) are never shown, only header names.
import type { Kysely } from 'kysely';
import { providerSchema, type ProviderEntry } from '../config/schema.js';
import type { Database } from '../store/schema.js';
import { ApiError } from './errors.js';

export const SECRET_FIELDS = ['apiKey', 'secretKey'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export interface SecretStatus {
  field: SecretField;
  /** The reference as written, e.g. ${env:QWEN_API_KEY}. */
  ref: string;
  variable: string;
  /** Whether the variable has a value in the server's environment. */
  set: boolean;
}

/** Header values are stored as written: a credential-looking header would put a key in the database. */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|signature/i;

export function refuseCredentialHeaders(entry: { headers?: Record<string, string> }, field: string): void {
  const bad = Object.keys(entry.headers ?? {}).find((h) => CREDENTIAL_HEADER.test(h));
  if (bad) throw new ApiError(400, `header "${bad}" looks like a credential`, `${field}.headers.${bad}`, 'give keys as apiKey: ${env:NAME} (set the value with PUT /api/providers/{id}/secret)');
}

export const refVariable = (ref: string) => /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];

/** The entry without anything secret-bearing: secret fields and header values removed. */
export function publicEntry(entry: Record<string, unknown>): { entry: Record<string, unknown>; secrets: SecretStatus[]; headerNames: string[] } {
  const { apiKey: _a, secretKey: _s, headers, ...rest } = entry;
  const secrets: SecretStatus[] = [];
  for (const field of SECRET_FIELDS) {
    const ref = entry[field];
    if (typeof ref !== 'string') continue;
    const variable = refVariable(ref);
    if (variable) secrets.push({ field, ref, variable, set: !!process.env[variable] });
  }
  const headerNames = headers && typeof headers === 'object' ? Object.keys(headers) : [];
  return { entry: rest, secrets, headerNames };
}

export function parseEntry(value: unknown): ProviderEntry {
  const parsed = providerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, issue.message, ['entry', ...issue.path.map(String)].join('.'));
  }
  return parsed.data;
}

export async function listServerProviders(db: Kysely<Database>) {
  return db.selectFrom('server_providers').selectAll().orderBy('id').execute();
}

export async function getServerProvider(db: Kysely<Database>, id: string) {
  return db.selectFrom('server_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function saveServerProvider(db: Kysely<Database>, entry: ProviderEntry, by: string): Promise<void> {
  const row = { id: entry.id, entry_json: JSON.stringify(entry), updated_at: new Date().toISOString(), updated_by: by };
  await db
    .insertInto('server_providers')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ entry_json: row.entry_json, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

export async function deleteServerProvider(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('server_providers').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
