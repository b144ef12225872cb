// JSON answers: find the JSON in the output (a ```json fence, the whole
// text, or the first balanced {…}/[…] that parses), then check it parses,
// equals the target, or validates against a JSON Schema (ajv 8).
import { Ajv, type ValidateFunction } from 'ajv';
import type { Item, Score, Scorer } from '../types.js';
import { InputError } from '../errors.js';
import { answerText, targets } from './normalize.js';
import { verdict } from './match.js';
import type { JsonSchemaSpec, JsonSpec } from './spec.js';

export type JsonExtraction = { ok: true; value: unknown; text: string; rule: 'json.fence' | 'json.whole' | 'json.span' } | { ok: false };

/** The JSON value in a model answer. Rules, in order: json.fence, json.whole, json.span. */
export function extractJson(output: string): JsonExtraction {
  const text = answerText(output).trim();
  const tryParse = (candidate: string, rule: 'json.fence' | 'json.whole' | 'json.span'): JsonExtraction => {
    try {
      return { ok: true, value: JSON.parse(candidate), text: candidate, rule };
    } catch {
      return { ok: false };
    }
  };
  // The last fenced block labelled json (or unlabelled): models put the final version last.
  const fences = [...text.matchAll(/```[ \t]*(json|JSON)?[ \t]*\n([\s\S]*?)```/g)].filter((m) => m[1] || !/^\s*[a-z]/i.test(m[2]));
  for (const fence of fences.reverse()) {
    const r = tryParse(fence[2].trim(), 'json.fence');
    if (r.ok) return r;
  }
  const whole = tryParse(text, 'json.whole');
  if (whole.ok) return whole;
  for (const span of balancedSpans(text)) {
    const r = tryParse(span, 'json.span');
    if (r.ok) return r;
  }
  return { ok: false };
}

// Each opening bracket costs a scan to the end in the worst case; a degenerate
// answer ("[[[[…") must not make scoring quadratic, so only this many are tried.
const MAX_SPAN_STARTS = 256;

/** Balanced {…} or […] spans in the text, leftmost first, skipping brackets inside strings. */
function* balancedSpans(text: string): Generator<string> {
  let tried = 0;
  const lastClose = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  for (let start = 0; start < lastClose && tried < MAX_SPAN_STARTS; start++) {
    if (text[start] !== '{' && text[start] !== '[') continue;
    tried++;
    const stack: string[] = [];
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
      else if (c === '}' || c === ']') {
        if (stack.pop() !== c) break;
        if (!stack.length) {
          yield text.slice(start, i + 1);
          break;
        }
      }
    }
  }
}

/** Structural equality; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const UNPARSEABLE: Score = { value: 0, outcome: 'unparseable', rule: 'json.none' };

/** The item's targets parsed as JSON: what `equals: true` compares with. */
function goldValues(item: Item): unknown[] {
  const golds = targets(item.target).map((t) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      throw new InputError(`target is not valid JSON: ${t.slice(0, 80)}`, { field: `target (item ${item.id})` });
    }
  });
  if (!golds.length) throw new InputError('the json scorer with equals: true needs a target', { field: `target (item ${item.id})` });
  return golds;
}

export function jsonScorer(spec: JsonSpec): Scorer {
  return {
    name: 'json',
    check: (item) => void (spec.equals && goldValues(item)),
    score({ output, item }): Score {
      const found = extractJson(output);
      if (!found.ok) return UNPARSEABLE;
      if (!spec.equals) return verdict(true, found.text, found.rule);
      const golds = goldValues(item);
      return verdict(
        golds.some((g) => jsonEqual(found.value, g)),
        found.text,
        found.rule,
      );
    },
  };
}

export function jsonSchemaScorer(spec: JsonSchemaSpec): Scorer {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const compile = (schema: unknown, where: string): ValidateFunction => {
    try {
      return ajv.compile(schema as object);
    } catch (err) {
      throw new InputError(`invalid JSON Schema: ${(err as Error).message}`, { field: where });
    }
  };
  // A fixed schema is compiled once, at load time, so a broken schema stops the run before it starts.
  const fixed = spec.schema ? compile(spec.schema, 'scorers.schema') : undefined;
  const perItem = new Map<string, ValidateFunction>();
  const schemaOf = (fields: Record<string, unknown>, itemId: string): ValidateFunction => {
    const where = `${spec.schemaField} (item ${itemId})`;
    let raw = fields[spec.schemaField!];
    if (raw === undefined) throw new InputError(`item has no field "${spec.schemaField}" holding its JSON Schema`, { field: where });
    const key = typeof raw === 'string' ? raw : JSON.stringify(raw);
    let validate = perItem.get(key);
    if (!validate) {
      if (typeof raw === 'string') {
        try {
          raw = JSON.parse(raw);
        } catch {
          throw new InputError('the schema field is not valid JSON', { field: where });
        }
      }
      perItem.set(key, (validate = compile(raw, where)));
    }
    return validate;
  };
  return {
    name: 'json-schema',
    score({ output, item }): Score {
      const validate = fixed ?? schemaOf(item.fields, item.id);
      const found = extractJson(output);
      if (!found.ok) return UNPARSEABLE;
      const ok = validate(found.value) as boolean;
      return verdict(ok, found.text, found.rule, ok ? undefined : { errors: ajv.errorsText(validate.errors) });
    },
  };
}
