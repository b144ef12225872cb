// `judge-single`: an LLM grades one answer on a 1–10 scale (value = rating /
// 10). Reference-guided when the item has a reference; every turn of a
// multi-turn item is graded (later turns with the multi-turn prompt) and the
// value is the mean; optional AlignBench-style dimension sub-scores. An
// unreadable judgment is `unparseable` and left out of means; a judge that
// fails is a scorer error, never a grade.
import type { z } from 'zod';
import type { Place } from '../errors.js';
import { judgeSingleSchema } from '../registry/scorers.js';
import type { Item, Score, ScoreInput, Scorer } from '../types.js';
import { askJudge, judgeFailure } from './ask.js';
import { describeDimensions, dimensionsForCategory } from './dimensions.js';
import { detectLang, referenceOf, referencesUpTo, renderConversation, systemOf, turnsOf, type Turn } from './dialogue.js';
import { parseDimensions, parseRating } from './parse.js';
import { defaultPrompt, promptRef, renderPrompt, resolvePrompt, type JudgeLang, type JudgePrompt } from './prompts.js';
import { resolveJudge, type JudgeLookup } from './resolve.js';

export { judgeSingleSchema };
export type JudgeSingleSpec = z.infer<typeof judgeSingleSchema>;

export interface TurnJudgment {
  turn: number;
  prompt: ReturnType<typeof promptRef>;
  reference: boolean;
  raw: string;
  tries: number;
  rating?: number;
  dimensions?: Record<string, number>;
  rule?: string;
  unreadable?: string;
}

export function judgeSingleScorer(spec: JudgeSingleSpec, ctx: JudgeLookup & { baseDir: string }): Scorer {
  const judge = resolveJudge(spec.judge, ctx, 'judge-single');
  const place: Place = { ...ctx.place, field: `${ctx.place?.field ?? 'scorers'}.prompt` };
  const custom = spec.prompt ? resolvePrompt(spec.prompt, ctx.baseDir, spec.dimensions ? ['alignbench-dimensions'] : ['single', 'single-reference'], place) : undefined;
  const customMulti = spec.multiTurnPrompt ? resolvePrompt(spec.multiTurnPrompt, ctx.baseDir, ['multi-turn', 'multi-turn-reference'], { ...place, field: place.field + 'multiTurnPrompt' }) : undefined;

  const promptFor = (turn: number, withRef: boolean, lang: JudgeLang): JudgePrompt => {
    if (spec.dimensions) return custom ?? defaultPrompt('alignbench-dimensions', lang);
    if (turn === 0) return custom ?? defaultPrompt(withRef ? 'single-reference' : 'single', lang);
    return customMulti ?? defaultPrompt(withRef ? 'multi-turn-reference' : 'multi-turn', lang);
  };

  return {
    name: 'judge-single',
    async score({ output, item, messages, recordJudge }: ScoreInput): Promise<Score> {
      const turns = turnsOf(item, messages, output);
      const lang = spec.lang ?? detectLang(turns[0].question);
      const keys = spec.dimensions === 'category' ? dimensionsForCategory(item.tags?.category ?? String(item.fields.category ?? '')) : spec.dimensions;
      const judged: TurnJudgment[] = [];
      const base = { judge: judge.id, model: judge.model, lang, ...(keys ? { dimensionKeys: keys } : {}) };
      for (let t = 0; t < turns.length; t++) {
        const reference = spec.reference === 'never' ? undefined : turns.length > 1 && t > 0 ? referencesUpTo(item, t, turns.length, lang) : referenceOf(item, t, turns.length);
        if (spec.reference === 'always' && reference === undefined) return failed(`item "${item.id}" has no reference answer (reference: always)`, { ...base, turns: judged });
        const prompt = promptFor(t, reference !== undefined, lang);
        const vars = variables(turns, t, item, lang, reference, keys, systemOf(messages));
        const reply = await askJudge(judge, renderPrompt(prompt, vars), { itemId: item.id, cache: ctx.judgeCache, record: recordJudge });
        const raw = reply.result.text ?? '';
        const entry: TurnJudgment = { turn: t + 1, prompt: promptRef(prompt), reference: reference !== undefined, raw, tries: reply.tries };
        judged.push(entry);
        if (reply.result.status !== 'ok') return failed(judgeFailure(judge.id, reply.result), { ...base, turns: judged });
        const parsed = keys ? parseDimensions(raw, keys) : parseRating(raw);
        if (!parsed.ok) {
          entry.unreadable = parsed.reason;
          continue;
        }
        entry.rule = parsed.rule;
        if (typeof parsed.value === 'number') entry.rating = parsed.value;
        else [entry.rating, entry.dimensions] = [parsed.value.overall, parsed.value.dimensions];
      }
      const unreadable = judged.filter((j) => j.unreadable);
      if (unreadable.length) return { value: 0, outcome: 'unparseable', unrated: true, rule: 'judge.unreadable', detail: { ...base, turns: judged } };
      const ratings = judged.map((j) => j.rating!);
      const value = ratings.reduce((a, b) => a + b, 0) / ratings.length / 10;
      return {
        value,
        outcome: value >= spec.pass ? 'correct' : 'wrong',
        extracted: ratings.join(' / '),
        rule: [...new Set(judged.map((j) => j.rule))].join(','),
        detail: { ...base, ratings, ...(keys ? { dimensions: meanDimensions(judged, keys) } : {}), turns: judged },
      };
    },
  };
}

function variables(turns: Turn[], t: number, item: Item, lang: JudgeLang, reference: string | undefined, keys: readonly string[] | undefined, system: string | undefined): Record<string, string> {
  const single = turns.length === 1;
  return {
    question: single ? turns[0].question : renderConversation(turns, lang, undefined, t).concat(t ? '\n\n' : '', turns[t].question),
    answer: turns[t].answer,
    conversation: renderConversation(turns, lang, system, t + 1),
    reference: reference ?? (lang === 'zh' ? '（无）' : '(none)'),
    category: item.tags?.category ?? String(item.fields.category ?? '—'),
    dimensions: keys ? describeDimensions(keys, lang) : '',
  };
}

function meanDimensions(judged: TurnJudgment[], keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, judged.reduce((s, j) => s + (j.dimensions?.[k] ?? 0), 0) / judged.length]));
}

/** A judge that gave no judgment: the engine records a scorer error (outcome `error`), with the details kept. */
function failed(message: string, detail: Record<string, unknown>): Score {
  return { value: 0, outcome: 'unparseable', unrated: true, rule: 'judge.failed', detail: { ...detail, scorerError: message } };
}
