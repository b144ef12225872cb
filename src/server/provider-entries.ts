// Provider entries as the API shows them: secrets only as their ${env:…}
// reference and whether the variable is set; header values (which may hold
// a literal credential) are never shown, only header names.
import { SECRET_FIELDS, type PublicEntry, type SecretSource, type SecretStatus } from '../api/contract.js';
import { providerSchema, type ProviderEntry } from '../config/schema.js';
import { ApiError } from './errors.js';

/** Header values are stored as written: a credential-looking header would put a key in the database. */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|signature/i;

export function refuseCredentialHeaders(entry: { headers?: Record<string, string> }, field: string): void {
  const bad = Object.keys(entry.headers ?? {}).find((h) => CREDENTIAL_HEADER.test(h));
  if (bad) throw new ApiError(400, `header "${bad}" looks like a credential`, `${field}.headers.${bad}`, 'give keys as apiKey: ${env:NAME} (set the value with PUT /api/providers/{id}/secret)');
}

export const refVariable = (ref: string) => /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref)?.[1];

/** Where a variable's value in force comes from (the server's SecretsFile). */
export interface SecretSources {
  source(name: string): SecretSource | null;
}

/** The entry without anything secret-bearing: secret fields and header values removed; each secret says which value is in force. */
export function publicEntry(entry: Record<string, unknown>, sources: SecretSources): PublicEntry {
  const { apiKey: _a, secretKey: _s, headers, ...rest } = entry;
  const secrets: SecretStatus[] = [];
  for (const field of SECRET_FIELDS) {
    const ref = entry[field];
    if (typeof ref !== 'string') continue;
    const variable = refVariable(ref);
    if (!variable) continue;
    const source = sources.source(variable);
    secrets.push({ field, ref, variable, set: source !== null, source });
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
