// Benchmark packs: `- pack: gsm8k` in heng.yaml. Each pack turns a reference
// (split, shots, mode, local data path) into a Task; see docs/benchmarks.md.
import type { PackRef } from '../config/schema.js';
import type { Task } from '../tasks/task.js';

export interface PackContext {
  baseDir: string;
  file: string;
  line?: number;
}

export type PackLoader = (ref: PackRef, ctx: PackContext) => Promise<Task>;

export const packs: Record<string, PackLoader> = {};
