// The response cache key: provider identity + the exact request + which
// repeat. Repeats are distinct samples; re-running the same config reuses them.
import { canonicalJson, sha256 } from '../tasks/hash.js';
import type { ChatRequest } from '../types.js';

export function cacheKey(identity: string, request: ChatRequest, repeat: number): string {
  return sha256(canonicalJson({ identity, request, repeat }));
}
