// Property-based API fuzzing from the server's own /api/openapi.json: for
// every operation, requests generated from its parameter and body schemas
// (valid values, values of the wrong type, out-of-range numbers, odd text,
// missing and extra fields, malformed JSON) go to a live server as an admin
// and anonymously. No answer may be a 5xx, every status must be one the
// document lists for that operation, and every JSON answer must match the
// documented schema. Seeded, so a failure is reproduced by its seed and case.
// Run on both stores: a SQLite file and a fresh schema in the Postgres on
// 127.0.0.1 (HENG_TEST_PG), where NUL bytes and odd text reach another driver.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { postgresSchema } from '../helpers/test-db.js';
import { configYaml, startTestServer, waitForRun, type TestServer } from '../server/harness.js';

type Schema = Record<string, any>;
const SEED = Number(process.env.HENG_FUZZ_SEED ?? 19);
const CASES_PER_OPERATION = Number(process.env.HENG_FUZZ_CASES ?? 25);
// Streams never end by themselves and PDFs and DOCX files start Chromium: checked by their own tests.
const SKIP = new Set(['runEvents', 'reportPdf', 'reportDocx', 'safetyReportPdf', 'procurementPdf']);

/** mulberry32: small, seeded, reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const ODD_TEXT = [
  '',
  ' ',
  'a',
  '0',
  '-1',
  '1e309',
  'null',
  'true',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '中文名称',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  '%00',
  '${env:PATH}',
  '=HYPERLINK("x")',
];

function stringFor(s: Schema, r: Rng): string {
  if (r.chance(0.5)) return r.pick(ODD_TEXT);
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, min + 40);
  const n = min + r.int(Math.max(1, max - min + 1));
  return Array.from({ length: n }, () => String.fromCharCode(32 + r.int(95))).join('');
}

/** A value for a schema: usually valid, sometimes not (wrong type, out of range, extra keys). */
function valueFor(s: Schema | undefined, r: Rng, depth = 0): unknown {
  if (!s || depth > 5) return null;
  if (r.chance(0.08)) return r.pick([null, 42, -1, 1e12, 'text', true, [], {}]);
  if (s.enum) return r.chance(0.9) ? r.pick(s.enum) : 'not-in-enum';
  if (s.const !== undefined) return s.const;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return valueFor(r.pick(alt), r, depth + 1);
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'string':
      return stringFor(s, r);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum ?? -1000;
      const hi = s.maximum ?? s.exclusiveMaximum ?? 1000;
      const v = r.chance(0.2) ? r.pick([-1, 0, 1e12, 2 ** 53, -(2 ** 31)]) : lo + r.next() * (Math.min(hi, lo + 10_000) - lo);
      return type === 'integer' ? Math.round(v) : v;
    }
    case 'boolean':
      return r.chance(0.5);
    case 'array':
      return Array.from({ length: r.int(4) }, () => valueFor(s.items, r, depth + 1));
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) if (required.has(k) ? r.chance(0.95) : r.chance(0.5)) out[k] = valueFor(sub, r, depth + 1);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') for (let i = r.int(3); i > 0; i--) out[stringFor({}, r) || 'k'] = valueFor(s.additionalProperties, r, depth + 1);
      if (r.chance(0.1)) out.unexpectedField = 1;
      return out;
    }
    default:
      return null;
  }
}

const PG_URL = process.env.HENG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

describe.each(['SQLite', 'Postgres'] as const)('OpenAPI fuzzing on %s', (backend) => {
  let llm: OpenAIServer;
  let t: TestServer;
  let doc: Schema;
  let runId: string;
  let dropSchema: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    process.env.HENG_TEST_API_KEY ??= 'test-key';
    llm = await startOpenAIServer();
    let db: string | undefined;
    if (backend === 'Postgres') {
      const schema = await postgresSchema(PG_URL);
      db = schema.url;
      dropSchema = schema.drop;
    }
    t = await startTestServer({}, { db });
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url, { items: 4 }) });
    runId = ((await r.json()) as { run: { id: string } }).run.id;
    await waitForRun(t, runId);
    doc = (await (await t.call(null, 'GET', '/api/openapi.json')).json()) as Schema;
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
    await dropSchema?.();
  });

  it(`${CASES_PER_OPERATION} generated requests per operation: no 5xx, only documented statuses, answers match their schemas`, async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const r = rng(SEED);
    const failures: string[] = [];
    let sent = 0;
    for (const [p, ops] of Object.entries<Record<string, Schema>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (SKIP.has(op.operationId)) continue;
        for (let i = 0; i < CASES_PER_OPERATION; i++) {
          const as = r.chance(0.15) ? null : 'admin';
          let url = p;
          const query = new URLSearchParams();
          for (const prm of op.parameters ?? []) {
            // Path ids: mostly the real run, sometimes anything.
            const v = prm.in === 'path' && prm.name === 'id' && r.chance(0.6) ? runId : valueFor(prm.schema, r);
            if (prm.in === 'path') url = url.replace(`{${prm.name}}`, encodeURIComponent(String(v ?? 'x') || 'x'));
            else if (prm.required || r.chance(0.5)) query.set(prm.name, typeof v === 'object' ? JSON.stringify(v) : String(v));
          }
          const bodySchema = op.requestBody?.content?.['application/json']?.schema;
          let body: string | undefined;
          if (bodySchema || (method !== 'get' && r.chance(0.05))) body = r.chance(0.07) ? r.pick(['{', '[1,', 'not json', '', '"\u0000"']) : JSON.stringify(valueFor(bodySchema, r));
          const target = `${url}${query.size ? `?${query}` : ''}`;
          const headers: Record<string, string> = { ...(as ? { authorization: `Bearer ${t.tokens[as]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
          const res = await fetch(t.url + target, { method: method.toUpperCase(), headers, body });
          sent++;
          const where = `${backend} seed ${SEED} case ${i}: ${method.toUpperCase()} ${target.slice(0, 200)} ${body?.slice(0, 200) ?? ''} → ${res.status}`;
          const text = await res.text();
          if (res.status >= 500) {
            failures.push(`${where}: ${text.slice(0, 300)}`);
            continue;
          }
          const documented = op.responses[String(res.status)];
          if (!documented) {
            failures.push(`${where}: status not documented (${Object.keys(op.responses).join(', ')})`);
            continue;
          }
          const response = documented.$ref ? doc.components.responses[documented.$ref.split('/').at(-1)] : documented;
          const schema = response.content?.['application/json']?.schema;
          if (!schema) continue; // raw content (CSV, HTML, Markdown)
          const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)] : schema;
          const validate = ajv.compile(resolved);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            failures.push(`${where}: not JSON`);
            continue;
          }
          if (!validate(json)) failures.push(`${where}: answer does not match the schema: ${ajv.errorsText(validate.errors).slice(0, 300)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 600_000);
});
