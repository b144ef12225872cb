// Moved to src/scorers/outcome.ts; this re-export keeps engine/execute.ts and
// queue/finish.ts compiling until they import it from there.
export { SCORED, countsInScore } from '../scorers/outcome.js';
