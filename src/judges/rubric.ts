// `rubric`: the judge marks each criterion of a rubric met / partly / not
// (credit 1 / ½ / 0); the value is the weighted share of credit. Criteria
// come from the task spec or from a field of each item (the capability
// suite's `rubric` lists). The judge sees the whole dialogue.
import { z } from 'zod';
import type { Place } from '../errors.js';
import { criterionSchema, rubricSchema } from '../registry/scorers.js';
import type { Item, Score, ScoreInput, Scorer } from '../types.js';
import { askJudge, judgeFailure } from './ask.js';
import { detectLang, referenceOf, renderConversation, systemOf, turnsOf } from './dialogue.js';
import { creditOf, parseCriteria } from './parse.js';
import { defaultPrompt, promptRef, renderPrompt, resolvePrompt, type JudgeLang } from './prompts.js';
import { resolveJudge, type JudgeLookup } from './resolve.js';

export type Criterion = z.infer<typeof criterionSchema>;
export { rubricSchema };
export type RubricSpec = z.infer<typeof rubricSchema>;

export function rubricScorer(spec: RubricSpec, ctx: JudgeLookup & { baseDir: string }): Scorer {
  const judge = resolveJudge(spec.judge, ctx, 'rubric');
  const place: Place = { ...ctx.place, field: `${ctx.place?.field ?? 'scorers'}.prompt` };
  const custom = spec.prompt ? resolvePrompt(spec.prompt, ctx.baseDir, ['rubric'], place) : undefined;
  return {
    name: 'rubric',
    async score({ output, item, messages, recordJudge }: ScoreInput): Promise<Score> {
      const criteria = spec.criteria ?? criteriaOf(item, spec.criteriaField!);
      const turns = turnsOf(item, messages, output);
      const lang = spec.lang ?? detectLang(turns[0].question);
      const prompt = custom ?? defaultPrompt('rubric', lang);
      const reference = spec.reference === 'never' ? undefined : referenceOf(item, 0, 1);
      const vars = {
        conversation: renderConversation(turns, lang, systemOf(messages)),
        criteria: criteria.map((c, i) => `${i + 1}. ${c.criterion} (${lang === 'zh' ? '权重' : 'weight'} ${c.weight})`).join('\n'),
        reference: reference ? referenceSection(reference, lang) : '',
      };
      const reply = await askJudge(judge, renderPrompt(prompt, vars), { itemId: item.id, cache: ctx.judgeCache, record: recordJudge });
      const raw = reply.result.text ?? '';
      const base = { judge: judge.id, model: judge.model, lang, prompt: promptRef(prompt), reference: reference !== undefined, raw, tries: reply.tries };
      if (reply.result.status !== 'ok') return { value: 0, outcome: 'unparseable', unrated: true, rule: 'judge.failed', detail: { ...base, scorerError: judgeFailure(judge.id, reply.result) } };
      const parsed = parseCriteria(raw, criteria.length);
      if (!parsed.ok) return { value: 0, outcome: 'unparseable', unrated: true, rule: 'judge.unreadable', detail: { ...base, unreadable: parsed.reason } };
      const total = criteria.reduce((s, c) => s + c.weight, 0);
      const value = criteria.reduce((s, c, i) => s + c.weight * creditOf(parsed.value[i].verdict), 0) / total;
      return {
        value,
        outcome: value >= spec.pass ? 'correct' : 'wrong',
        extracted: parsed.value.map((v) => v.verdict).join(','),
        rule: parsed.rule,
        detail: { ...base, criteria: criteria.map((c, i) => ({ ...c, ...parsed.value[i] })) },
      };
    },
  };
}

/** An item's own rubric; a malformed one throws (the engine records a scorer error naming the item). */
function criteriaOf(item: Item, field: string): Criterion[] {
  const parsed = z.array(criterionSchema).min(1).safeParse(item.fields[field]);
  if (!parsed.success) throw new Error(`item "${item.id}": field "${field}" must be a list of {criterion, weight}`);
  return parsed.data;
}

function referenceSection(reference: string, lang: JudgeLang): string {
  return lang === 'zh' ? `\n【参考答案（好答案的示例，并非唯一正确答案）】\n${reference}\n` : `\n[Reference answer — an example of a good answer, not the only right one]\n${reference}\n`;
}
