// Automatically checkable instructions (IFEval-style): each item lists the
// constraints its answer must meet ("at most 50 characters", "exactly 3
// bullets", "valid JSON"), and the answer scores 1 only if every check
// passes. No judge model, so results are reproducible and cheap.
// Formats and counting conventions are documented in docs/demo.md.
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Item, Score, ScoreInput, Scorer } from '../types.js';

const text = z.string().min(1);
const oneOrMore = z.union([text, z.array(text).min(1)]);
const count = z.number().int().nonnegative();
const range = { min: count.optional(), max: count.optional() };
const hasBound = (c: { value?: number; min?: number; max?: number }) => c.value !== undefined || c.min !== undefined || c.max !== undefined;

export const instructionCheckSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('max_chars'), value: count }),
  z.strictObject({ type: z.literal('min_chars'), value: count }),
  z.strictObject({ type: z.literal('must_include'), value: oneOrMore }),
  z.strictObject({ type: z.literal('must_not_include'), value: oneOrMore }),
  z.strictObject({ type: z.literal('json'), keys: z.array(text).optional() }),
  z.strictObject({ type: z.literal('bullet_count'), value: count.optional(), ...range }).refine(hasBound, 'give "value", "min" or "max"'),
  z.strictObject({ type: z.literal('line_count'), value: count.optional(), ...range }).refine(hasBound, 'give "value", "min" or "max"'),
  z.strictObject({ type: z.literal('starts_with'), value: text }),
  z.strictObject({ type: z.literal('ends_with'), value: text }),
  z.strictObject({ type: z.literal('language'), value: z.enum(['zh', 'en']) }),
  z
    .strictObject({
      type: z.literal('regex'),
      value: text,
      flags: z
        .string()
        .regex(/^[imsu]*$/, 'flags: any of i, m, s, u')
        .optional(),
    })
    .refine((c) => isValidRegex(c.value, c.flags), 'not a valid regular expression'),
]);

export type InstructionCheck = z.infer<typeof instructionCheckSchema>;

export interface CheckResult {
  type: InstructionCheck['type'];
  pass: boolean;
  /** What was measured, e.g. "52 chars > 50", so a reader sees why it failed. */
  note: string;
}

export interface InstructionsScorerOptions {
  /** Item field holding the checks (default "checks"). */
  field?: string;
  /** Checks applied to every item, before the item's own. */
  checks?: unknown[];
  /** "all" (default): 1 only if every check passes. "fraction": share of checks passed. */
  mode?: 'all' | 'fraction';
}

/** The YAML spec (`scorers: [{type: instructions}]`), for the scorer registry. */
export const instructionsSpecSchema = z.strictObject({
  type: z.literal('instructions'),
  field: z.string().optional(),
  checks: z.array(z.unknown()).optional(),
  mode: z.enum(['all', 'fraction']).optional(),
});

/** Validates raw checks, naming the offending check for an InputError. */
export function parseChecks(raw: unknown, where: { itemId?: string; field?: string } = {}): InstructionCheck[] {
  const field = where.field ?? 'checks';
  const label = where.itemId !== undefined ? `item "${where.itemId}": ` : '';
  if (!Array.isArray(raw) || raw.length === 0) throw new InputError(`${label}"${field}" must be a non-empty array of checks`, { field });
  return raw.map((check, i) => {
    const r = instructionCheckSchema.safeParse(check);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const at = [field, String(i), ...issue.path.map(String)].join('.');
    throw new InputError(`${label}check ${i}: ${issue.message}`, { field: at }, `check types: ${CHECK_TYPES.join(', ')}`);
  });
}

const CHECK_TYPES = instructionCheckSchema.options.map((o) => o.shape.type.value);

export function createInstructionsScorer(options: InstructionsScorerOptions = {}): Scorer {
  const field = options.field ?? 'checks';
  const common = options.checks ? parseChecks(options.checks, { field: 'scorers.checks' }) : [];
  const mode = options.mode ?? 'all';
  // Items are few and immutable: validate each item's checks once.
  const parsed = new WeakMap<Item, InstructionCheck[]>();
  const checksOf = (item: Item) => {
    let checks = parsed.get(item);
    if (!checks) {
      const own = item.fields[field];
      checks = [...common, ...(own === undefined && common.length ? [] : parseChecks(own, { itemId: item.id, field }))];
      parsed.set(item, checks);
    }
    return checks;
  };
  return {
    name: 'instructions',
    score({ output, item }: ScoreInput): Score {
      const results = checksOf(item).map((c) => runCheck(c, output));
      const passed = results.filter((r) => r.pass).length;
      const all = passed === results.length;
      return {
        value: mode === 'all' ? (all ? 1 : 0) : passed / results.length,
        outcome: all ? 'correct' : 'wrong',
        rule: 'instructions',
        detail: { passed, total: results.length, checks: results },
      };
    },
  };
}

export function runCheck(check: InstructionCheck, output: string): CheckResult {
  const result = (pass: boolean, note: string): CheckResult => ({ type: check.type, pass, note });
  const body = output.trim();
  switch (check.type) {
    case 'max_chars': {
      const n = countChars(output);
      return result(n <= check.value, `${n} chars ${n <= check.value ? '<=' : '>'} ${check.value}`);
    }
    case 'min_chars': {
      const n = countChars(output);
      return result(n >= check.value, `${n} chars ${n >= check.value ? '>=' : '<'} ${check.value}`);
    }
    case 'must_include': {
      const absent = list(check.value).filter((w) => !fold(output).includes(fold(w)));
      return result(absent.length === 0, absent.length ? `missing: ${absent.join(', ')}` : 'all present');
    }
    case 'must_not_include': {
      const present = list(check.value).filter((w) => fold(output).includes(fold(w)));
      return result(present.length === 0, present.length ? `found: ${present.join(', ')}` : 'none present');
    }
    case 'json': {
      const value = parseWholeJson(body);
      if (value === undefined) return result(false, 'not valid JSON');
      if (!check.keys) return result(true, 'valid JSON');
      if (!value || typeof value !== 'object' || Array.isArray(value)) return result(false, 'not a JSON object');
      const absent = check.keys.filter((k) => !(k in value));
      return result(absent.length === 0, absent.length ? `missing keys: ${absent.join(', ')}` : 'all keys present');
    }
    case 'bullet_count':
      return inRange(check, countBullets(output), 'bullets');
    case 'line_count':
      return inRange(check, nonEmptyLines(output).length, 'lines');
    case 'starts_with': {
      const ok = body.normalize('NFKC').startsWith(check.value.normalize('NFKC'));
      return result(ok, ok ? 'starts as required' : `starts with "${[...body].slice(0, 12).join('')}"`);
    }
    case 'ends_with': {
      const ok = body.normalize('NFKC').endsWith(check.value.normalize('NFKC'));
      return result(ok, ok ? 'ends as required' : `ends with "${[...body].slice(-12).join('')}"`);
    }
    case 'language': {
      const found = detectLanguage(output);
      return result(found === check.value, `detected ${found}`);
    }
    case 'regex': {
      const ok = new RegExp(check.value, check.flags).test(output);
      return result(ok, ok ? 'matches' : 'no match');
    }
  }

  function inRange(c: { value?: number; min?: number; max?: number }, n: number, what: string): CheckResult {
    const ok = (c.value === undefined || n === c.value) && (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
    const want = c.value !== undefined ? `${c.value}` : `${c.min ?? 0}..${c.max ?? '∞'}`;
    return result(ok, `${n} ${what}, want ${want}`);
  }
}

/**
 * Characters as a reader counts them (字数): Unicode code points, so one
 * Chinese character or one emoji code point is 1, and whitespace (spaces,
 * line breaks) is not counted. Punctuation is counted.
 */
export function countChars(s: string): number {
  let n = 0;
  for (const ch of s.normalize('NFC')) if (!/\s/u.test(ch)) n++;
  return n;
}

/** List items: "- ", "* ", "• ", "· ", "1. ", "1) ", "1、", "(1)", "（1）", "一、" at the start of a line. */
const BULLET = /^\s*(?:[-*•·](?=\s)|\d{1,2}(?:[.．](?!\d)|[)）、])|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、)/u;

export function countBullets(s: string): number {
  return nonEmptyLines(s).filter((l) => BULLET.test(l)).length;
}

/**
 * "zh" when Han characters make up at least half of the letters (Han
 * characters + Latin letters, so a few terms like "API" or "JSON" in Chinese
 * text are fine); "en" when Latin letters are at least 95%; otherwise
 * "mixed"; "none" when there are no letters at all.
 */
export function detectLanguage(s: string): 'zh' | 'en' | 'mixed' | 'none' {
  const han = s.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = s.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (han + latin === 0) return 'none';
  const share = han / (han + latin);
  return share >= 0.5 ? 'zh' : share <= 0.05 ? 'en' : 'mixed';
}

function nonEmptyLines(s: string): string[] {
  return s.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** Case-insensitive and width-insensitive (full-width "ＡＰＩ" equals "API"). */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

function list(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

/** The whole answer must be JSON; a single ``` fence around all of it is tolerated. */
function parseWholeJson(body: string): unknown {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(body);
  try {
    return JSON.parse(fenced ? fenced[1] : body);
  } catch {
    return undefined;
  }
}

function isValidRegex(pattern: string, flags?: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}
