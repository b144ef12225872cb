// The code-execution sandbox: public surface.
export { runPython, isolationProblem, defaultPool } from './run-python.js';
export { SlotPool } from './slot-pool.js';
export { FINISH_LINE } from './finish.js';
export { RUN_DEFAULTS, type RunOptions, type RunResult, type SandboxStatus } from './types.js';
