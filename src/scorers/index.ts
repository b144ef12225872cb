// Scorer specs (YAML) → Scorers. Built-in types are validated by the
// discriminated union in ./spec.ts; other modules (judges, code execution,
// safety) add types with registerScorer. docs/scorers.md describes them all.
import type { z } from 'zod';
import { InputError, type Place } from '../errors.js';
import type { Provider, Scorer } from '../types.js';
import { choiceScorer } from './choice.js';
import { loadCustomScorer } from './custom.js';
import { jsonSchemaScorer, jsonScorer } from './json.js';
import { containsScorer, exactScorer, normalizedScorer, regexScorer } from './match.js';
import { numericScorer } from './numeric.js';
import { codeScorer } from './code.js';
import { createInstructionsScorer, instructionsSpecSchema } from './instructions.js';
import { BUILTIN_TYPES, builtinScorerSpec, type BuiltinScorerSpec } from './spec.js';
import { judgeSingleScorer, judgeSingleSchema } from '../judges/single.js';
import { rubricScorer, rubricSchema } from '../judges/rubric.js';
import { refusalScorer, refusalSpecSchema } from '../safety/refusal-scorer.js';

export interface ScorerContext {
  /** Folder of the config file: custom modules resolve against it. */
  baseDir: string;
  /** Where the spec was written, for error messages (file, line, field prefix such as "tasks[2].scorers[0]"). */
  place?: Place;
  /** Providers of the run by id, for judge scorers registered by other modules. */
  providers?: Map<string, Provider>;
  /** Ids of providers configured with `role: judge`: the default judge when a spec names none. */
  judges?: string[];
  /** The run's response cache, for judge requests (absent with --no-cache). */
  judgeCache?: { get(key: string): Promise<string | undefined>; put(key: string, responseJson: string): Promise<void> };
}

export type ScorerFactory = (spec: any, ctx: ScorerContext) => Scorer | Promise<Scorer>;

const registered = new Map<string, { factory: ScorerFactory; schema?: z.ZodType }>();

/** Add a scorer type (judge, code execution, refusal…). Built-in type names are reserved. */
export function registerScorer(type: string, factory: ScorerFactory, schema?: z.ZodType): void {
  if ((BUILTIN_TYPES as string[]).includes(type)) throw new Error(`scorer type "${type}" is built in`);
  registered.set(type, { factory, schema });
}

export function scorerTypes(): string[] {
  return [...BUILTIN_TYPES, ...registered.keys()];
}

function build(spec: BuiltinScorerSpec, ctx: ScorerContext): Scorer | Promise<Scorer> {
  switch (spec.type) {
    case 'exact':
      return exactScorer(spec);
    case 'normalized':
      return normalizedScorer();
    case 'contains':
      return containsScorer(spec);
    case 'regex':
      return regexScorer(spec);
    case 'choice':
      return choiceScorer(spec);
    case 'numeric':
      return numericScorer(spec);
    case 'json':
      return jsonScorer(spec);
    case 'json-schema':
      return jsonSchemaScorer(spec);
    case 'custom':
      return loadCustomScorer(spec, ctx.baseDir);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, spec: unknown, type: string, place: Place): T {
  const r = schema.safeParse(spec);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const keys = (issue as { keys?: string[] }).keys ?? [];
  const field = [place.field ?? 'scorers', ...issue.path.map(String), ...keys].join('.');
  throw new InputError(`scorer "${type}": ${issue.message}`, { ...place, field });
}

/** Validate a scorer spec and build the scorer; bad specs throw InputError naming the field. */
export async function createScorer(spec: { type: string } & Record<string, unknown>, ctx: ScorerContext): Promise<Scorer> {
  const place = ctx.place ?? {};
  const extra = registered.get(spec.type);
  if (extra) return extra.factory(extra.schema ? parseOrThrow(extra.schema, spec, spec.type, place) : spec, ctx);
  if (!(BUILTIN_TYPES as string[]).includes(spec.type)) {
    throw new InputError(`unknown scorer type "${spec.type}"`, { ...place, field: `${place.field ?? 'scorers'}.type` }, `use one of ${scorerTypes().join(', ')}`);
  }
  const parsed = parseOrThrow(builtinScorerSpec, spec, spec.type, place);
  try {
    return await build(parsed, ctx);
  } catch (err) {
    if (err instanceof InputError && !err.place.file && place.file) throw new InputError(err.problem, { ...place, field: err.place.field }, err.hint);
    throw err;
  }
}

export { extractChoice, CHOICE_RULES, lettersFor, type ChoiceExtraction } from './choice.js';
export { extractNumber, parseNumber, parseGoldNumber, numbersEqual, NUMERIC_RULES, type NumberExtraction } from './numeric.js';
export { extractJson, jsonEqual, type JsonExtraction } from './json.js';
export { normalizeText, toHalfWidth, answerText, targets } from './normalize.js';
export { builtinScorerSpec, type BuiltinScorerSpec } from './spec.js';

// Scorer types that live in their own modules.
registerScorer('instructions', (spec) => createInstructionsScorer(spec), instructionsSpecSchema);
registerScorer('code', ({ type: _type, ...options }) => codeScorer(options));
registerScorer('judge-single', (spec, ctx) => judgeSingleScorer(spec, ctx), judgeSingleSchema);
registerScorer('rubric', (spec, ctx) => rubricScorer(spec, ctx), rubricSchema);
registerScorer('refusal', ({ type: _type, ...options }) => refusalScorer(options), refusalSpecSchema);
