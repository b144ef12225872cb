// Private deployment against API calls: the worked example of
// docs/scorecard.md#private-deployment, every figure computed by hand below
// and matched.
import { describe, expect, it } from 'vitest';
import { apiMonthly, breakEvenUsers, deploymentMonthly, deploymentOptionSchema, evaluateDeployment, monthlyParts, peakRpsPerUser, replicasFor, throughputInterval } from '../../src/cost/deployment.js';
import { workloadSchema } from '../../src/cost/workload.js';

// 2,000 daily users × 5 conversations × 2 turns over 10 active hours, peak ×3, 30 days.
const workload = workloadSchema.parse({ dailyUsers: 2000, conversationsPerUser: 5, turnsPerConversation: 2, activeHoursPerDay: 10, peakFactor: 3, daysPerMonth: 30 });
// One 8-card server bought for ¥480,000 over 4 years, ¥2,000 power and hosting a month; ¥18,000 people share; ¥72,000 licence a year.
const option = deploymentOptionSchema.parse({
  id: 'qwen-onprem',
  provider: 'our-vllm',
  server: { cards: 8, purchaseCny: 480_000, amortisationYears: 4 },
  powerHostingCnyPerMonth: 2000,
  peopleCnyPerMonth: 18_000,
  licenceCnyPerYear: 72_000,
});
// heng load: 750 answers in the knee step's 600 s window → 1.25 req/s per replica.
const measured = { rps: 1.25, count: 750, concurrency: 16 };

describe('the worked example', () => {
  it('splits the bill into a per-server and a fixed part', () => {
    // Server: 480,000 / (4 × 12) = 10,000 a month, + 2,000 power and hosting = 12,000.
    // Fixed: 18,000 people + 72,000 / 12 = 6,000 licence = 24,000.
    expect(monthlyParts(option)).toEqual({ perReplica: 12_000, fixed: 24_000 });
  });

  it('needs 2 replicas for the peak, ¥48,000 a month, ¥160 per 1,000 conversations', () => {
    // Per user: 5 × 2 = 10 requests a day over 36,000 s, × 3 at the peak = 1/1,200 req/s.
    expect(peakRpsPerUser(workload)).toBeCloseTo(1 / 1200, 15);
    // 2,000 users → 1.667 req/s at the peak; ÷ 1.25 per replica = 1.33 → 2 replicas.
    expect(replicasFor(2000 / 1200, 1.25)).toBe(2);
    // 24,000 + 2 × 12,000 = 48,000; 300,000 conversations a month → 48,000 / 300 = ¥160 per 1,000.
    const r = evaluateDeployment(option, workload, measured, []);
    expect(r.replicas).toBe(2);
    expect(r.monthlyCny).toBe(48_000);
    expect(r.costPer1000ConversationsCny).toBeCloseTo(160, 9);
  });

  it('puts a 95% interval on the throughput from the counted answers', () => {
    // 750 ± 1.96·√750 = 750 ± 53.68 → [696.32, 803.68] / 600 s = [1.1605, 1.3395] req/s.
    const [lo, hi] = throughputInterval(measured);
    expect(lo).toBeCloseTo(1.16053, 4);
    expect(hi).toBeCloseTo(1.33947, 4);
  });

  it('breaks even with each API at the volume computed by hand', () => {
    // One replica serves 1.25 × 1,200 = 1,500 users.
    // API ¥0.20 a conversation: 5 × 30 × 0.20 = ¥30 per user a month.
    //   1 replica (up to 1,500 users): (24,000 + 12,000) / 30 = 1,200 users ≤ 1,500 → break-even at 1,200.
    expect(breakEvenUsers(option, workload, 1.25, 0.2)).toBeCloseTo(1200, 9);
    expect(apiMonthly(0.2, workload, 1200)).toBeCloseTo(deploymentMonthly(option, workload, 1200, 1.25), 6);
    // API ¥0.10: ¥15 per user.
    //   1 replica: 36,000 / 15 = 2,400 > 1,500; 2 replicas: 48,000 / 15 = 3,200 > 3,000;
    //   3 replicas: 60,000 / 15 = 4,000 ≤ 4,500 → break-even at 4,000 users.
    expect(breakEvenUsers(option, workload, 1.25, 0.1)).toBeCloseTo(4000, 9);
    expect(deploymentMonthly(option, workload, 4000, 1.25)).toBe(60_000);
    expect(apiMonthly(0.1, workload, 3999)).toBeLessThan(deploymentMonthly(option, workload, 3999, 1.25));
    //   At the interval's high end (1.3395 req/s → 1,607 users a replica) two replicas reach 3,214 users,
    //   past the 3,200 crossing: break-even at 3,200. At the low end (1,393 a replica) still 4,000.
    // API ¥0.02: ¥3 per user, below a replica's 12,000 / 1,500 = ¥8 per user → never.
    expect(breakEvenUsers(option, workload, 1.25, 0.02)).toBeNull();
    const r = evaluateDeployment(option, workload, measured, [
      { provider: 'api-premium', costPerConversationCny: 0.2 },
      { provider: 'api-standard', costPerConversationCny: 0.1 },
      { provider: 'api-economy', costPerConversationCny: 0.02 },
      { provider: 'api-unpriced', costPerConversationCny: null },
    ]);
    expect(r.breakEven.map((b) => [b.api, b.dailyUsers, b.interval])).toEqual([
      ['api-premium', 1200, [1200, 1200]],
      ['api-standard', 4000, [3200, 4000]],
      ['api-economy', null, [null, null]],
    ]);
  });
});

describe('the deployment section', () => {
  it('takes rent instead of a purchase, and spares on top of the peak', () => {
    const rented = deploymentOptionSchema.parse({ id: 'r', provider: 'p', server: { monthlyRentCny: 30_000 }, spareReplicas: 1 });
    expect(monthlyParts(rented)).toEqual({ perReplica: 30_000, fixed: 0 });
    // 2 replicas for the peak + 1 spare.
    expect(evaluateDeployment(rented, workload, measured, []).replicas).toBe(3);
  });

  it('refuses a server with both or neither of purchase and rent, and a purchase without years', () => {
    const bad = (server: object) => deploymentOptionSchema.safeParse({ id: 'x', provider: 'p', server }).success;
    expect(bad({ purchaseCny: 1, monthlyRentCny: 1, amortisationYears: 3 })).toBe(false);
    expect(bad({})).toBe(false);
    expect(bad({ purchaseCny: 1 })).toBe(false);
    expect(bad({ purchaseCny: 1, amortisationYears: 3 })).toBe(true);
  });
});
