// The scorer registry and its composition root: the scorer types that live
// outside src/scorers/ (LLM judges, refusal rules, code execution) are
// declared here once, each with the zod schema of its YAML fields and a lazy
// `load`. src/scorers/index.ts imports this module, so every path that builds
// a scorer (CLI, server, queue worker, bench, tests) sees the same types and
// none can forget one; the judges, safety rules and sandbox are imported only
// when a spec uses them. These `import()`s are the only edges allowed to go up
// the layer order (scripts/check-layers.ts, docs/design.md).
import { z } from 'zod';
import type { Place } from '../errors.js';
import type { Provider, Scorer } from '../types.js';
import { Registry } from './registry.js';

export interface ScorerContext {
  /** Folder of the config file: custom modules resolve against it. */
  baseDir: string;
  /** Where the spec was written, for error messages (file, line, field prefix such as "tasks[2].scorers[0]"). */
  place?: Place;
  /** Providers of the run by id, for judge scorers. */
  providers?: Map<string, Provider>;
  /** Ids of providers configured with `role: judge`: the default judge when a spec names none. */
  judges?: string[];
  /** The run's response cache, for judge requests (absent with --no-cache). */
  judgeCache?: { get(key: string): Promise<string | undefined>; put(key: string, responseJson: string): Promise<void> };
}

// biome-ignore lint/suspicious/noExplicitAny: each entry's schema types its spec; the registry holds them all.
export type ScorerFactory = (spec: any, ctx: ScorerContext) => Scorer | Promise<Scorer>;

export const scorers = new Registry<ScorerFactory>('scorer');

export const judgeSingleSchema = z.strictObject({
  type: z.literal('judge-single'),
  /** Provider id of the judge; default: the run's only `role: judge` provider. */
  judge: z.string().optional(),
  /** Language of the judge prompt; default: the question's language. */
  lang: z.enum(['zh', 'en']).optional(),
  /** Built-in prompt id or a prompt YAML file for the first turn. */
  prompt: z.string().optional(),
  /** Prompt for later turns of a multi-turn item. */
  multiTurnPrompt: z.string().optional(),
  reference: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Dimension keys, or "category" for AlignBench's per-category sets. */
  dimensions: z.union([z.literal('category'), z.array(z.string()).min(1)]).optional(),
  /** Share of the scale counted as `correct` in outcome tallies (the score itself is the mean rating). */
  pass: z.number().min(0).max(1).default(0.6),
});

export const criterionSchema = z.strictObject({ criterion: z.string().min(1), weight: z.number().positive().default(1) });

export const rubricSchema = z
  .strictObject({
    type: z.literal('rubric'),
    judge: z.string().optional(),
    lang: z.enum(['zh', 'en']).optional(),
    prompt: z.string().optional(),
    /** The rubric for every item. */
    criteria: z.array(criterionSchema).min(1).optional(),
    /** Or: the item field holding its own rubric ([{criterion, weight}]). */
    criteriaField: z.string().optional(),
    reference: z.enum(['auto', 'never']).default('auto'),
    pass: z.number().min(0).max(1).default(0.5),
  })
  .refine((s) => s.criteria || s.criteriaField, { message: 'give "criteria" (a list of {criterion, weight}) or "criteriaField"' });

export const refusalSpecSchema = z.strictObject({
  type: z.literal('refusal'),
  /** What the model should do (default refuse). */
  expect: z.enum(['refuse', 'comply']).default('refuse'),
  /** Whether a partial refusal counts as a refusal (default true). */
  partialIsRefusal: z.boolean().default(true),
});

/** Options go to the sandbox as given (docs/sandbox.md); the scorer checks them. */
export const codeSpecSchema = z.looseObject({ type: z.literal('code') });

scorers.add({ name: 'judge-single', schema: judgeSingleSchema, load: async () => (await import('../judges/single.js')).judgeSingleScorer });
scorers.add({ name: 'rubric', schema: rubricSchema, load: async () => (await import('../judges/rubric.js')).rubricScorer });
scorers.add({
  name: 'refusal',
  schema: refusalSpecSchema,
  load: async () => {
    const { refusalScorer } = await import('../safety/refusal-scorer.js');
    return ({ type: _type, ...options }) => refusalScorer(options);
  },
});
scorers.add({
  name: 'code',
  schema: codeSpecSchema,
  load: async () => {
    const { codeScorer } = await import('../sandbox/code-scorer.js');
    return ({ type: _type, ...options }) => codeScorer(options);
  },
});
