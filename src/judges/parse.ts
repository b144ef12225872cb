// Reading judgments. Each reader returns what it found and the rule that
// found it, or why nothing could be read: an unreadable judgment becomes the
// `unparseable` outcome, never a default number.
import { extractJson } from '../scorers/json.js';

export type Parsed<T> = { ok: true; value: T; rule: string } | { ok: false; reason: string };

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;

/** A 1–10 rating: the last "[[n]]", else the last "Rating: n" / "评分：n". */
export function parseRating(text: string): Parsed<number> {
  const brackets = [...text.matchAll(new RegExp(String.raw`\[\[\s*${NUMBER}\s*\]\]`, 'g'))];
  const labelled = [...text.matchAll(new RegExp(String.raw`(?:rating|score|评分|得分|分数)\s*[:：]\s*\[?\s*${NUMBER}`, 'gi'))];
  const found = brackets.length ? { m: brackets.at(-1)!, rule: 'rating.brackets' } : labelled.length ? { m: labelled.at(-1)!, rule: 'rating.label' } : undefined;
  if (!found) return { ok: false, reason: 'no rating found ("[[n]]" or "Rating: n")' };
  const value = Number(found.m[1]);
  if (!(value >= 1 && value <= 10)) return { ok: false, reason: `rating ${found.m[1]} is outside 1–10` };
  return { ok: true, value, rule: found.rule };
}

export type Verdict = 'A' | 'B' | 'tie';

/** A pairwise verdict: exactly one distinct token among [[A]], [[B]], [[C]] (tie). Mixed tokens are unreadable. */
export function parseVerdict(text: string): Parsed<Verdict> {
  const tokens = new Set([...text.matchAll(/\[\[\s*([ABC])\s*\]\]/g)].map((m) => m[1]));
  if (tokens.size === 0) return { ok: false, reason: 'no verdict found ("[[A]]", "[[B]]" or "[[C]]")' };
  if (tokens.size > 1) return { ok: false, reason: `conflicting verdicts: ${[...tokens].map((t) => `[[${t}]]`).join(', ')}` };
  const t = [...tokens][0];
  return { ok: true, value: t === 'C' ? 'tie' : (t as 'A' | 'B'), rule: 'verdict.brackets' };
}

const inRange = (x: unknown): x is number => typeof x === 'number' && x >= 1 && x <= 10;

/** Per-dimension scores and an overall score, from the judgment's JSON object. */
export function parseDimensions(text: string, keys: readonly string[]): Parsed<{ overall: number; dimensions: Record<string, number> }> {
  const json = extractJson(text);
  if (!json.ok || typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return { ok: false, reason: 'no JSON object with the scores found' };
  const obj = json.value as Record<string, unknown>;
  const overall = obj.overall ?? obj['综合得分'];
  if (!inRange(overall)) return { ok: false, reason: '"overall" missing or not a number in 1–10' };
  const dimensions: Record<string, number> = {};
  for (const k of keys) {
    if (!inRange(obj[k])) return { ok: false, reason: `dimension "${k}" missing or not a number in 1–10` };
    dimensions[k] = obj[k] as number;
  }
  return { ok: true, value: { overall, dimensions }, rule: `dimensions.${json.rule}` };
}

export type CriterionVerdict = 'met' | 'partly' | 'not';
const CREDIT: Record<CriterionVerdict, number> = { met: 1, partly: 0.5, not: 0 };
export const creditOf = (v: CriterionVerdict) => CREDIT[v];

/** One verdict per criterion, in order, from {"criteria": [{n, verdict, reason}]}. */
export function parseCriteria(text: string, count: number): Parsed<Array<{ verdict: CriterionVerdict; reason: string }>> {
  const json = extractJson(text);
  const list = json.ok ? (Array.isArray(json.value) ? json.value : (json.value as { criteria?: unknown })?.criteria) : undefined;
  if (!Array.isArray(list)) return { ok: false, reason: 'no JSON {"criteria": [...]} found' };
  const out: Array<{ verdict: CriterionVerdict; reason: string }> = [];
  for (let i = 0; i < count; i++) {
    const entry = list.find((e) => e && typeof e === 'object' && Number((e as { n?: unknown }).n) === i + 1) ?? list[i];
    const verdict = String((entry as { verdict?: unknown })?.verdict ?? '').toLowerCase();
    if (!(verdict in CREDIT)) return { ok: false, reason: `criterion ${i + 1}: verdict must be met, partly or not` };
    out.push({ verdict: verdict as CriterionVerdict, reason: String((entry as { reason?: unknown }).reason ?? '') });
  }
  return { ok: true, value: out, rule: `criteria.${json.ok ? json.rule : ''}` };
}
