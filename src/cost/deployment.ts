// Private deployment (私有化部署) against buying API calls, as arithmetic.
// A `deployment:` option describes running a model on one's own servers:
// what a server costs a month (purchase amortised, or rent, plus power and
// hosting), the people and the licence. `heng load` against that endpoint
// measured what one server (one replica) sustains at its knee; the workload
// says what the peak needs. From those: replicas, the monthly bill, the cost
// per 1,000 conversations, and the daily users at which the deployment costs
// no more than each API option (break-even), each with an interval from the
// measured throughput. docs/scorecard.md#private-deployment works an example.
import { z } from 'zod';
import { traffic, type Workload } from './workload.js';

const money = z.number().nonnegative();

export const deploymentOptionSchema = z
  .strictObject({
    /** The option's name in the report. */
    id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, and . _ : -'),
    /** The run provider (the self-hosted endpoint) whose `heng load` sweep gives the throughput of one replica. */
    provider: z.string().min(1),
    server: z
      .strictObject({
        /** GPU cards per server (shown; the throughput already reflects them). */
        cards: z.number().int().positive().optional(),
        /** Purchase price of one server, CNY, amortised over `amortisationYears`. */
        purchaseCny: money.optional(),
        amortisationYears: z.number().positive().optional(),
        /** Or: rent of one server per month, CNY. */
        monthlyRentCny: money.optional(),
      })
      .refine((s) => (s.purchaseCny !== undefined) !== (s.monthlyRentCny !== undefined), { message: 'give either purchaseCny (with amortisationYears) or monthlyRentCny' })
      .refine((s) => s.purchaseCny === undefined || s.amortisationYears !== undefined, { message: 'purchaseCny needs amortisationYears', path: ['amortisationYears'] }),
    /** Power and hosting (rack, network) of one server per month, CNY. */
    powerHostingCnyPerMonth: money.default(0),
    /** The share of operations people's cost charged to this deployment per month, CNY. */
    peopleCnyPerMonth: money.default(0),
    /** Software licence (model, inference stack) per year, CNY. */
    licenceCnyPerYear: money.default(0),
    /** Replicas kept beyond the peak's need (N+1 redundancy: 1). */
    spareReplicas: z.number().int().nonnegative().default(0),
  })
  .describe('a self-hosted option');

export const deploymentSchema = z.array(deploymentOptionSchema).min(1);
export type DeploymentOption = z.infer<typeof deploymentOptionSchema>;

/** What one replica sustains at the latency target: the knee step of `heng load`. */
export interface MeasuredThroughput {
  /** Successful requests per second at the knee. */
  rps: number;
  /** Requests counted in the step (rps × window): the interval's basis. */
  count: number;
  /** Concurrency of that step. */
  concurrency: number;
}

/** 95% interval of a rate from `count` events: count ± 1.96·√count (Poisson, normal approximation), over the same window. */
export function throughputInterval(t: MeasuredThroughput): [number, number] {
  if (t.count <= 0) return [0, 0];
  const half = 1.959963984540054 * Math.sqrt(t.count);
  return [(Math.max(0, t.count - half) / t.count) * t.rps, ((t.count + half) / t.count) * t.rps];
}

/** Per month: a server (amortised or rented, with power and hosting), and the fixed part (people, licence). */
export function monthlyParts(o: DeploymentOption): { perReplica: number; fixed: number } {
  const s = o.server;
  const server = s.monthlyRentCny ?? (s.purchaseCny ?? 0) / ((s.amortisationYears ?? 1) * 12);
  return { perReplica: server + o.powerHostingCnyPerMonth, fixed: o.peopleCnyPerMonth + o.licenceCnyPerYear / 12 };
}

/** Peak requests per second each daily user brings (the workload's shape, per user). */
export function peakRpsPerUser(w: Workload): number {
  return traffic({ ...w, dailyUsers: 1 }).peakRequestsPerSecond;
}

/** Replicas the peak needs at a throughput per replica, plus the spares; at least one. */
export function replicasFor(peakRps: number, rpsPerReplica: number, spare = 0): number {
  if (!(rpsPerReplica > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil(peakRps / rpsPerReplica - 1e-9)) + spare;
}

/** The deployment's monthly bill at `dailyUsers` (the rest of the workload held). */
export function deploymentMonthly(o: DeploymentOption, w: Workload, dailyUsers: number, rpsPerReplica: number): number {
  const { perReplica, fixed } = monthlyParts(o);
  return fixed + replicasFor(dailyUsers * peakRpsPerUser(w), rpsPerReplica, o.spareReplicas) * perReplica;
}

/** An API's monthly bill at `dailyUsers`: linear in conversations. */
export function apiMonthly(costPerConversationCny: number, w: Workload, dailyUsers: number): number {
  return dailyUsers * w.conversationsPerUser * w.daysPerMonth * costPerConversationCny;
}

/**
 * The fewest daily users at which the deployment costs no more than the API
 * (null when it never does). The deployment's bill is a staircase (one step
 * per replica), the API's a line through zero: within the users that need r
 * replicas, the bill is F + r·P, met by the line at (F + r·P) / a users; the
 * first r whose crossing falls inside (or before) its range is the answer.
 * If the API's cost per user is at most a replica's cost per user it
 * serves, the line never catches up.
 */
export function breakEvenUsers(o: DeploymentOption, w: Workload, rpsPerReplica: number, costPerConversationCny: number): number | null {
  const { perReplica, fixed } = monthlyParts(o);
  const a = w.conversationsPerUser * w.daysPerMonth * costPerConversationCny; // API ¥ per daily user per month
  const usersPerReplica = rpsPerReplica / peakRpsPerUser(w);
  if (!(a > 0) || !(usersPerReplica > 0)) return null;
  if (a <= perReplica / usersPerReplica) return fixed === 0 && perReplica === 0 ? 0 : null;
  for (let r = 1; r < 1e7; r++) {
    const low = (r - 1) * usersPerReplica; // more users than this need r replicas (r = 1 from zero)
    const high = r * usersPerReplica;
    const crossing = (fixed + (r + o.spareReplicas) * perReplica) / a;
    if (crossing <= high) return Math.max(crossing, low);
  }
  return null;
}

export interface ApiOption {
  provider: string;
  /** CNY per conversation (src/cost/cost.ts); null = price unknown. */
  costPerConversationCny: number | null;
}

export interface BreakEven {
  api: string;
  /** Daily users at break-even, at the measured throughput and at its 95% interval's ends (fewer users at higher throughput). */
  dailyUsers: number | null;
  interval: [number | null, number | null];
}

export interface DeploymentResult {
  option: string;
  provider: string;
  throughput: MeasuredThroughput;
  throughputCi95: [number, number];
  peakRps: number;
  /** Replicas at the measured throughput, and at the interval's ends (low throughput → more replicas). */
  replicas: number;
  replicasInterval: [number, number];
  perReplicaMonthlyCny: number;
  fixedMonthlyCny: number;
  monthlyCny: number;
  monthlyInterval: [number, number];
  costPer1000ConversationsCny: number;
  costPer1000Interval: [number, number];
  breakEven: BreakEven[];
}

export function evaluateDeployment(o: DeploymentOption, w: Workload, t: MeasuredThroughput, apis: readonly ApiOption[]): DeploymentResult {
  const ci = throughputInterval(t);
  const { perReplica, fixed } = monthlyParts(o);
  const peak = w.dailyUsers * peakRpsPerUser(w);
  const conversations = traffic(w).conversationsPerMonth;
  const at = (rps: number) => deploymentMonthly(o, w, w.dailyUsers, rps);
  const monthly = at(t.rps);
  const monthlyInterval: [number, number] = [at(ci[1]), at(ci[0])];
  return {
    option: o.id,
    provider: o.provider,
    throughput: t,
    throughputCi95: ci,
    peakRps: peak,
    replicas: replicasFor(peak, t.rps, o.spareReplicas),
    replicasInterval: [replicasFor(peak, ci[1], o.spareReplicas), replicasFor(peak, ci[0], o.spareReplicas)],
    perReplicaMonthlyCny: perReplica,
    fixedMonthlyCny: fixed,
    monthlyCny: monthly,
    monthlyInterval,
    costPer1000ConversationsCny: (monthly / conversations) * 1000,
    costPer1000Interval: [(monthlyInterval[0] / conversations) * 1000, (monthlyInterval[1] / conversations) * 1000],
    breakEven: apis
      .filter((a) => a.costPerConversationCny !== null)
      .map((a) => ({
        api: a.provider,
        dailyUsers: breakEvenUsers(o, w, t.rps, a.costPerConversationCny!),
        interval: [breakEvenUsers(o, w, ci[1], a.costPerConversationCny!), breakEvenUsers(o, w, ci[0], a.costPerConversationCny!)],
      })),
  };
}
