// Scorer specs as written in YAML (`scorers: [{type: choice}]`) → Scorers.
// docs/scorers.md lists every type, its options and its extraction rules.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Provider, Score, Scorer } from '../types.js';
import { extractChoice } from './choice.js';
import { normalizeText, targets, toHalfWidth } from './normalize.js';
import { extractNumber, numbersEqual, parseNumber } from './numeric.js';
import { codeScorer } from './code.js';
import { createInstructionsScorer, instructionsSpecSchema } from './instructions.js';

export interface ScorerContext {
  baseDir: string;
  /** Providers of the run by id, for judge scorers. */
  providers?: Map<string, Provider>;
}

type Factory = (spec: any, ctx: ScorerContext) => Scorer | Promise<Scorer>;

const pass = (ok: boolean, extracted: string, rule: string): Score => ({ value: ok ? 1 : 0, outcome: ok ? 'correct' : 'wrong', extracted, rule });

const specs = {
  exact: z.strictObject({ type: z.literal('exact'), trim: z.boolean().default(true) }),
  normalized: z.strictObject({ type: z.literal('normalized') }),
  contains: z.strictObject({ type: z.literal('contains'), all: z.boolean().default(false), ignoreCase: z.boolean().default(true) }),
  regex: z.strictObject({ type: z.literal('regex'), pattern: z.string(), flags: z.string().default(''), extract: z.number().int().optional() }),
  choice: z.strictObject({ type: z.literal('choice'), letters: z.string().regex(/^[A-J]+$/).optional() }),
  numeric: z.strictObject({ type: z.literal('numeric'), tolerance: z.number().nonnegative().default(1e-6), relative: z.boolean().default(false) }),
  json: z.strictObject({ type: z.literal('json') }),
  'json-schema': z.strictObject({ type: z.literal('json-schema'), schema: z.record(z.string(), z.unknown()).optional(), schemaField: z.string().optional() }),
  custom: z.looseObject({ type: z.literal('custom'), module: z.string() }),
};

export const factories: Record<string, Factory> = {
  exact: (s: z.infer<typeof specs.exact>) => ({
    name: 'exact',
    score: ({ output, item }) => {
      const out = s.trim ? output.trim() : output;
      return pass(targets(item.target).some((t) => (s.trim ? t.trim() : t) === out), out, 'exact');
    },
  }),
  normalized: () => ({
    name: 'normalized',
    score: ({ output, item }) => {
      const out = normalizeText(output);
      return pass(targets(item.target).some((t) => normalizeText(t) === out), out, 'normalized');
    },
  }),
  contains: (s: z.infer<typeof specs.contains>) => ({
    name: 'contains',
    score: ({ output, item }) => {
      const fold = (x: string) => (s.ignoreCase ? toHalfWidth(x).toLowerCase() : toHalfWidth(x));
      const out = fold(output);
      const ts = targets(item.target).map(fold);
      const ok = ts.length > 0 && (s.all ? ts.every((t) => out.includes(t)) : ts.some((t) => out.includes(t)));
      return pass(ok, ts.filter((t) => out.includes(t)).join(' | '), s.all ? 'contains.all' : 'contains.any');
    },
  }),
  regex: (s: z.infer<typeof specs.regex>) => {
    const re = new RegExp(s.pattern, s.flags);
    return {
      name: 'regex',
      score: ({ output, item }): Score => {
        const m = re.exec(output);
        if (s.extract === undefined) return pass(!!m, m?.[0] ?? '', 'regex.match');
        if (!m || m[s.extract] === undefined) return { value: 0, outcome: 'unparseable', rule: 'regex.extract' };
        return pass(targets(item.target).some((t) => t.trim() === m[s.extract!].trim()), m[s.extract], 'regex.extract');
      },
    };
  },
  choice: (s: z.infer<typeof specs.choice>) => ({
    name: 'choice',
    score: ({ output, item }): Score => {
      const letters = s.letters ?? (item.choices ? Object.keys(item.choices).join('') : 'ABCD');
      const { letter, rule } = extractChoice(output, letters, item.choices);
      if (!letter) return { value: 0, outcome: 'unparseable', rule: rule ?? 'mc.none' };
      return pass(targets(item.target).some((t) => t.trim().toUpperCase() === letter), letter, rule!);
    },
  }),
  numeric: (s: z.infer<typeof specs.numeric>) => ({
    name: 'numeric',
    score: ({ output, item }): Score => {
      const { value, text, rule } = extractNumber(output);
      if (value === undefined) return { value: 0, outcome: 'unparseable', rule: 'num.none' };
      const golds = targets(item.target).map(parseNumber).filter((x): x is number => x !== undefined);
      return pass(golds.some((g) => numbersEqual(value, g, s.tolerance, s.relative)), text!, rule!);
    },
  }),
  json: () => ({
    name: 'json',
    score: ({ output }): Score => {
      const parsed = parseJsonAnswer(output);
      return parsed.ok ? { value: 1, outcome: 'correct', extracted: parsed.text, rule: parsed.rule } : { value: 0, outcome: 'unparseable', rule: 'json.invalid' };
    },
  }),
  'json-schema': (s: z.infer<(typeof specs)['json-schema']>) => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const fixed = s.schema ? ajv.compile(s.schema) : undefined;
    return {
      name: 'json-schema',
      score: ({ output, item }): Score => {
        const parsed = parseJsonAnswer(output);
        if (!parsed.ok) return { value: 0, outcome: 'unparseable', rule: 'json.invalid' };
        const schema = s.schemaField ? item.fields[s.schemaField] : undefined;
        const validate = fixed ?? (schema ? ajv.compile(typeof schema === 'string' ? JSON.parse(schema) : (schema as object)) : undefined);
        if (!validate) throw new Error('json-schema scorer needs "schema" or "schemaField"');
        const ok = validate(parsed.value) as boolean;
        return { ...pass(ok, parsed.text, `json-schema.${parsed.rule}`), detail: ok ? undefined : { errors: ajv.errorsText(validate.errors) } };
      },
    };
  },
  custom: async (s: z.infer<typeof specs.custom>, ctx) => {
    const file = path.resolve(ctx.baseDir, s.module);
    let mod: { default?: unknown };
    try {
      mod = await import(pathToFileURL(file).href);
    } catch (err) {
      throw new InputError(`cannot load custom scorer ${file}: ${(err as Error).message}`, { field: 'module' });
    }
    const exported = mod.default;
    const scorer = typeof exported === 'function' ? await (exported as (o: unknown) => Scorer)(s) : exported;
    if (!scorer || typeof (scorer as Scorer).score !== 'function') throw new InputError(`custom scorer ${file} must export default a Scorer or a factory`, { field: 'module' });
    return scorer as Scorer;
  },
};

const schemas: Record<string, z.ZodType> = specs;

// Scorer types that live in their own modules.
factories.instructions = (spec) => createInstructionsScorer(spec);
schemas.instructions = instructionsSpecSchema;
factories.code = ({ type: _type, ...options }) => codeScorer(options);

/** Register a scorer type (judges, code execution, instructions, refusal…). */
export function registerScorer(type: string, factory: Factory, schema?: z.ZodType) {
  factories[type] = factory;
  if (schema) schemas[type] = schema;
}

export async function createScorer(spec: { type: string } & Record<string, unknown>, ctx: ScorerContext): Promise<Scorer> {
  const factory = factories[spec.type];
  if (!factory) throw new InputError(`unknown scorer type "${spec.type}"`, { field: 'scorers.type' }, `use one of ${Object.keys(factories).join(', ')}`);
  const schema = schemas[spec.type];
  let parsed: unknown = spec;
  if (schema) {
    const r = schema.safeParse(spec);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new InputError(`scorer "${spec.type}": ${issue.message}`, { field: `scorers.${[...issue.path, ...((issue as { keys?: string[] }).keys ?? [])].join('.')}` });
    }
    parsed = r.data;
  }
  return factory(parsed, ctx);
}

/** JSON from the answer: a ```json fence, else the whole text, else the first {...} or [...] span. */
export function parseJsonAnswer(output: string): { ok: true; value: unknown; text: string; rule: string } | { ok: false } {
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(output);
  const candidates: Array<[string, string]> = [];
  if (fence) candidates.push([fence[1], 'fence']);
  candidates.push([output, 'whole']);
  const span = /[{[][\s\S]*[}\]]/.exec(output);
  if (span) candidates.push([span[0], 'span']);
  for (const [text, rule] of candidates) {
    try {
      return { ok: true, value: JSON.parse(text.trim()), text: text.trim(), rule };
    } catch {
      /* try the next candidate */
    }
  }
  return { ok: false };
}
