// The estimate lives with the providers (exchange.ts counts with it when a
// vendor reports no usage); the engine's rate limits use the same one.
export { estimateTokens } from '../providers/tokens.js';
