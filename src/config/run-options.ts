// The `run:` section of heng.yaml. Its own module so the store can type the
// options it keeps without depending on the whole config schema.
import { z } from 'zod';

/** Samples per item: enough for any variance estimate, far below a run that never ends. */
export const MAX_REPEATS = 1000;
/** Units (items × repeats × providers) one run may plan. */
export const MAX_PLAN_UNITS = 5_000_000;

export const runOptionsSchema = z.strictObject({
  repeats: z.number().int().positive().max(MAX_REPEATS).default(1),
  temperature: z.number().min(0).max(2).default(0),
  maxTokens: z.number().int().positive().default(1024),
  seed: z.number().int().default(42),
  concurrency: z.number().int().positive().default(8),
  timeoutMs: z.number().int().positive().default(60_000),
  retries: z.number().int().nonnegative().default(3),
  cache: z.boolean().default(true),
  budgetCny: z.number().positive().optional(),
  /** Exit status 1 when the share of error outcomes is above this. */
  maxErrorRate: z.number().min(0).max(1).default(0.05),
});

export type RunOptions = z.infer<typeof runOptionsSchema>;
