// A judge provider shares the run with the candidates: its configured
// concurrency and rate limit apply to judge requests from every scorer. On
// queue workers the limiter is the shared Redis one, so the judge's limit
// holds across all workers as a candidate's does.
import { RateLimiter, Semaphore, type Limiter } from '../engine/limits.js';
import { estimateTokens } from '../providers/tokens.js';
import type { ProviderSetup } from '../providers/index.js';
import type { Provider } from '../types.js';

export function limitedProvider(setup: Pick<ProviderSetup, 'provider' | 'concurrency' | 'rateLimit'>, limiter: Limiter = new RateLimiter(setup.rateLimit)): Provider {
  const { provider } = setup;
  const slots = new Semaphore(Math.max(1, setup.concurrency));
  return {
    id: provider.id,
    identity: provider.identity,
    model: provider.model,
    cacheable: provider.cacheable,
    recorded: provider.recorded,
    async complete(request, ctx) {
      const estimate = estimateTokens(request.messages.map((m) => m.content).join('')) + (request.maxTokens ?? 0);
      await slots.acquire();
      try {
        await limiter.acquire(estimate);
        const r = await provider.complete(request, ctx);
        if (r.usage) limiter.settle(estimate, r.usage.inputTokens + r.usage.outputTokens);
        return r;
      } finally {
        slots.release();
      }
    },
  };
}
