// The schemas live in the API contract (src/api/contract.ts); this file only
// re-exports the ones ./views.ts names, so that file need not change while
// it is being edited elsewhere. New code imports the contract directly.
export { progressSchema, resultSchema, runSummarySchema } from '../api/contract.js';
