// An OpenAI-compatible server with a scripted capacity: it serves at most
// `capacity` requests at once at normal speed; the rest wait in a queue
// (first come, first served) and, when the wait would exceed `maxQueueMs`,
// get 429 at once. Built on startOpenAIServer, whose request log (arrival
// times, first chunk, end) is the evidence tests check budgets against.
import { startOpenAIServer, type OpenAIServer } from './openai-server.js';

export interface CapacityOptions {
  /** Requests served at the same time. */
  capacity: number;
  /** Time one request occupies a slot, ms (first byte + stream). */
  serviceMs: number;
  /** Time to first token within the service time, ms. */
  ttftMs?: number;
  /** Longest queueing delay accepted; beyond it the request gets 429 (default: unbounded). */
  maxQueueMs?: number;
  /** Retry-After of the 429, seconds (default 1). */
  retryAfterS?: number;
}

export async function startCapacityServer(o: CapacityOptions): Promise<OpenAIServer & { rejected(): number }> {
  // When each slot becomes free (high-resolution ms since the epoch).
  const freeAt = new Array<number>(o.capacity).fill(0);
  const ttft = o.ttftMs ?? Math.round(o.serviceMs / 4);
  const chunks = 4;
  let rejected = 0;
  const server = await startOpenAIServer({
    answers: () => '好的，这是一个用于容量测试的回答。This is an answer for a capacity test.',
    script: (req) => {
      const now = req.receivedAt;
      let slot = 0;
      for (let i = 1; i < freeAt.length; i++) if (freeAt[i] < freeAt[slot]) slot = i;
      const start = Math.max(now, freeAt[slot]);
      if (o.maxQueueMs !== undefined && start - now > o.maxQueueMs) {
        rejected++;
        return { kind: 'rate_limit', retryAfter: o.retryAfterS ?? 1 };
      }
      freeAt[slot] = start + o.serviceMs;
      return { kind: 'answer', firstByteMs: start - now + ttft, chunks, chunkGapMs: (o.serviceMs - ttft) / (chunks - 1) };
    },
  });
  return Object.assign(server, { rejected: () => rejected });
}

/** The most requests the log shows arriving within any window of `windowMs`. */
export function maxInWindow(arrivals: number[], windowMs: number): number {
  const t = [...arrivals].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
