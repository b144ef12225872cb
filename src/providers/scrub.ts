// Vendors sometimes echo the credential they were sent (in an error body, a
// debug header, even an answer). Before anything a vendor returned is kept,
// logged or shown, the provider's resolved secrets — and their Base64 and
// URL-encoded forms — are replaced by a marker.
import type { Provider, ProviderResult } from '../types.js';

export const REDACTED = '[REDACTED]';
/** Shorter values are not treated as secrets (they would match ordinary text). */
const MIN_SECRET_LENGTH = 8;

/** Every form in which a secret may come back. */
export function secretForms(secrets: Array<string | undefined>): string[] {
  const raw = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  const forms = new Set<string>();
  const add = (s: string) => {
    forms.add(s);
    const b64 = Buffer.from(s).toString('base64');
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ''));
    forms.add(Buffer.from(s).toString('base64url'));
    forms.add(encodeURIComponent(s));
  };
  for (const s of raw) add(s);
  // Key pairs travel together in Basic auth and some SDKs (id:secret).
  if (raw.length >= 2) add(`${raw[0]}:${raw[1]}`);
  // Longest first, so a form containing another is replaced whole.
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** A function that replaces every form of the secrets in a text. */
export function scrubber(secrets: Array<string | undefined>): (text: string) => string {
  const forms = secretForms(secrets);
  if (!forms.length) return (t) => t;
  return (text) => {
    let out = text;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}

/** The result with every vendor-supplied string scrubbed. */
export function scrubResult(result: ProviderResult, scrub: (t: string) => string): ProviderResult {
  const out: ProviderResult = { ...result, text: scrub(result.text) };
  if (result.reasoning !== undefined) out.reasoning = scrub(result.reasoning);
  if (result.error) out.error = { ...result.error, message: scrub(result.error.message), ...(result.error.code !== undefined ? { code: scrub(result.error.code) } : {}) };
  return out;
}

/** A provider whose results never carry its own secrets. */
export function scrubbed(provider: Provider, secrets: Array<string | undefined>): Provider {
  const scrub = scrubber(secrets);
  if (!secretForms(secrets).length) return provider;
  const wrapped: Provider = Object.create(provider);
  return Object.assign(wrapped, {
    complete: async (...args: Parameters<Provider['complete']>) => scrubResult(await provider.complete(...args), scrub),
  });
}
