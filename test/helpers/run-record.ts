// A run record for tests that write a store directly: full default options
// (as heng.yaml's run: section gives them) with the fields a test sets.
import { runOptionsSchema } from '../../src/config/run-options.js';
import type { NewRun } from '../../src/store/store.js';

export function runRecord(id: string, o: { name?: string; planned: number; options?: Record<string, unknown> }): NewRun {
  return { id, name: o.name ?? null, configText: 'x', configHash: 'h', hengVersion: 'test', planned: o.planned, options: runOptionsSchema.parse(o.options ?? {}) };
}
