// Scorer specs (YAML) → Scorers. Built-in types are validated by the
// discriminated union in ./spec.ts; the types that live in other modules
// (judges, code execution, safety) are entries of the registry in
// src/registry/scorers.ts. docs/scorers.md describes them all.
import { z } from 'zod';
import { InputError, type Place } from '../errors.js';
import type { Scorer } from '../types.js';
import { choiceScorer } from './choice.js';
import { loadCustomScorer } from './custom.js';
import { jsonSchemaScorer, jsonScorer } from './json.js';
import { containsScorer, exactScorer, normalizedScorer, regexScorer } from './match.js';
import { numericScorer } from './numeric.js';
import { createInstructionsScorer, instructionsSpecSchema } from './instructions.js';
import { BUILTIN_TYPES, builtinScorerSpec, type BuiltinScorerSpec } from './spec.js';
import { scorers, type ScorerContext, type ScorerFactory } from '../registry/scorers.js';

export type { ScorerContext, ScorerFactory } from '../registry/scorers.js';

/** Add a scorer type with the schema of its spec. Built-in type names are reserved. */
export function registerScorer(type: string, factory: ScorerFactory, schema: z.ZodType = z.looseObject({ type: z.literal(type) })): void {
  if ((BUILTIN_TYPES as string[]).includes(type)) throw new Error(`scorer type "${type}" is built in`);
  scorers.replace({ name: type, schema, load: async () => factory });
}

export function scorerTypes(): string[] {
  return [...BUILTIN_TYPES, ...scorers.names()];
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
  const extra = scorers.get(spec.type);
  if (extra) {
    const parsed = parseOrThrow(extra.schema, spec, spec.type, place);
    return (await scorers.load(spec.type))(parsed, ctx);
  }
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

// Instruction checks are scorers/ code but have their own schema; the judge,
// refusal and code scorers are declared in src/registry/scorers.ts.
scorers.add({ name: 'instructions', schema: instructionsSpecSchema, load: async () => (spec) => createInstructionsScorer(spec) });
