// The workload profile: how an enterprise expects to use the model. It
// turns per-conversation cost into a monthly bill and average traffic into
// the peak concurrency a vendor must sustain (docs/scorecard.md).
import { z } from 'zod';

export const workloadSchema = z.strictObject({
  /** People who use the assistant on a working day. */
  dailyUsers: z.number().positive(),
  conversationsPerUser: z.number().positive(),
  /** Requests per conversation (each turn is one request). Default 1. */
  turnsPerConversation: z.number().positive().default(1),
  /** Tokens billed per conversation, all turns together. Default: measured (mean per item of the run). */
  inputTokensPerConversation: z.number().nonnegative().optional(),
  outputTokensPerConversation: z.number().nonnegative().optional(),
  /** Busiest rate ÷ average rate over the active hours. Default 1. */
  peakFactor: z.number().min(1).default(1),
  /** Hours a day the traffic is spread over. Default 24. */
  activeHoursPerDay: z.number().positive().max(24).default(24),
  /** Days billed per month. Default 30. */
  daysPerMonth: z.number().positive().max(31).default(30),
});

export type Workload = z.infer<typeof workloadSchema>;

export interface Traffic {
  conversationsPerMonth: number;
  requestsPerDay: number;
  /** Requests per second at the busiest time: average over active hours × peak factor. */
  peakRequestsPerSecond: number;
}

export function traffic(w: Workload): Traffic {
  const conversationsPerDay = w.dailyUsers * w.conversationsPerUser;
  const requestsPerDay = conversationsPerDay * w.turnsPerConversation;
  return {
    conversationsPerMonth: conversationsPerDay * w.daysPerMonth,
    requestsPerDay,
    peakRequestsPerSecond: (requestsPerDay / (w.activeHoursPerDay * 3600)) * w.peakFactor,
  };
}

/**
 * Concurrent requests in flight at the peak, by Little's law (L = λ·W): peak
 * arrival rate × mean time a request takes. Rounded up: a vendor must serve
 * whole requests.
 */
export function peakConcurrency(peakRequestsPerSecond: number, meanLatencyMs: number | null): number | null {
  if (meanLatencyMs === null) return null;
  return Math.ceil(peakRequestsPerSecond * (meanLatencyMs / 1000));
}
