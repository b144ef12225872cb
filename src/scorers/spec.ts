// Scorer specs as written in YAML: `scorers: [{type: choice}, {type: numeric,
// tolerance: 1e-6}]`. One schema per built-in type, joined on `type`.
// docs/scorers.md describes every option.
import { z } from 'zod';

export const exactSpec = z.strictObject({
  type: z.literal('exact'),
  /** Ignore leading/trailing whitespace of answer and target. */
  trim: z.boolean().default(true),
});

export const normalizedSpec = z.strictObject({ type: z.literal('normalized') });

export const containsSpec = z.strictObject({
  type: z.literal('contains'),
  /** Every target string must occur (default: any one of them). */
  all: z.boolean().default(false),
  ignoreCase: z.boolean().default(false),
});

export const regexSpec = z
  .strictObject({
    type: z.literal('regex'),
    pattern: z.string().min(1),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only use i, m, s, u')
      .default(''),
    /** Capture group (number or name) whose text is compared with the target. */
    extract: z.union([z.number().int().nonnegative(), z.string().min(1)]).optional(),
  })
  .check((ctx) => {
    try {
      new RegExp(ctx.value.pattern, ctx.value.flags);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}`, input: ctx.value.pattern, path: ['pattern'] });
    }
  });

export const choiceSpec = z.strictObject({
  type: z.literal('choice'),
  /** Allowed option letters, e.g. "ABCD"; default: the item's choice keys, else ABCD. */
  letters: z
    .string()
    .regex(/^[A-J]{2,10}$/, 'letters must be 2 to 10 capital letters from A to J')
    .refine((s) => new Set(s).size === s.length, 'letters must not repeat')
    .optional(),
});

export const numericSpec = z.strictObject({
  type: z.literal('numeric'),
  /** Allowed difference: absolute, or relative to the larger magnitude when `relative`. */
  tolerance: z.number().nonnegative().default(1e-6),
  relative: z.boolean().default(false),
  /** Read "50%" as 0.5 instead of the written number 50. */
  percentAsFraction: z.boolean().default(false),
});

export const jsonSpec = z.strictObject({
  type: z.literal('json'),
  /** Also require the parsed answer to deep-equal the target parsed as JSON. */
  equals: z.boolean().default(false),
});

export const jsonSchemaSpec = z
  .strictObject({
    type: z.literal('json-schema'),
    /** A JSON Schema (draft 2020-12 subset ajv 8 supports by default: draft-07). */
    schema: z.record(z.string(), z.unknown()).optional(),
    /** Or: the name of an item field holding each item's own schema. */
    schemaField: z.string().min(1).optional(),
  })
  .refine((s) => (s.schema === undefined) !== (s.schemaField === undefined), 'give exactly one of "schema" or "schemaField"');

export const customSpec = z.looseObject({
  type: z.literal('custom'),
  /** Path to a .ts/.js module, relative to the config file's folder. */
  module: z.string().min(1),
});

export const builtinScorerSpec = z.discriminatedUnion('type', [exactSpec, normalizedSpec, containsSpec, regexSpec, choiceSpec, numericSpec, jsonSpec, jsonSchemaSpec, customSpec]);

export type ExactSpec = z.infer<typeof exactSpec>;
export type NormalizedSpec = z.infer<typeof normalizedSpec>;
export type ContainsSpec = z.infer<typeof containsSpec>;
export type RegexSpec = z.infer<typeof regexSpec>;
export type ChoiceSpec = z.infer<typeof choiceSpec>;
export type NumericSpec = z.infer<typeof numericSpec>;
export type JsonSpec = z.infer<typeof jsonSpec>;
export type JsonSchemaSpec = z.infer<typeof jsonSchemaSpec>;
export type CustomSpec = z.infer<typeof customSpec>;
export type BuiltinScorerSpec = z.infer<typeof builtinScorerSpec>;

export const BUILTIN_TYPES = builtinScorerSpec.options.map((o) => o.shape.type.value);
