// Everything the procurement report adds to a run's report: costs and the
// monthly projection, the scorecard with its sensitivity, safety verdicts and
// the load sweeps of the run's providers. Read from the store once; the
// parts themselves are pure functions (src/cost, src/scorecard).
import { providerCost, type ProviderCost } from '../cost/cost.js';
import type { Workload } from '../cost/workload.js';
import { latestLoadByIdentity, type LoadRecord } from '../capacity/store.js';
import type { Price } from '../providers/config.js';
import type { ReportModel } from '../report/model.js';
import type { StoredResult, Store } from '../store/store.js';
import { timedRows } from '../store/timing.js';
import type { Figures } from '../summary/figures.js';
import { computeScorecard, type Scorecard, type ScorecardInput } from './compute.js';
import { conclude, type Conclusion } from './conclusion.js';
import { scorecardInputs, type LatencyBasis } from './inputs.js';
import { readSafety, type SafetyAssessment } from './safety.js';
import { sensitivity, type Sensitivity } from './sensitivity.js';
import type { ScorecardSources } from './sources.js';
import type { ScorecardSpec } from './spec.js';

export interface Procurement {
  spec: ScorecardSpec;
  workload: Workload | null;
  costs: ProviderCost[];
  /** Which latency the scorecard compared; null when no provider's latency was measured. */
  latency: LatencyBasis;
  /**
   * Answers each provider had served from the response cache (the report
   * model's `overall[].cachedAnswers`): untimed, so in no latency figure;
   * every surface that shows a latency marks them.
   */
  cachedAnswers: Record<string, number>;
  scorecard: Scorecard;
  /** Whom the scorecard recommends and excludes (src/scorecard/conclusion.ts): what every surface states. */
  conclusion: Conclusion;
  sensitivity: Sensitivity;
  /** One per provider that has a verdict; the others are "not assessed". */
  safety: SafetyAssessment[];
  /** The newest load sweep of each of the run's providers (matched by identity). */
  loads: Array<LoadRecord & { runProvider: string }>;
}

/** What the scorecard is computed from, at any weights: the run's costs, safety verdicts and load sweeps, and the inputs with their bootstrap replicates. */
export interface ProcurementInputs {
  costs: ProviderCost[];
  latency: LatencyBasis;
  inputs: ScorecardInput[];
  safety: Map<string, SafetyAssessment>;
  /** By run provider id. */
  loads: Map<string, LoadRecord>;
}

export async function procurementInputs(store: Store, model: ReportModel, stored: StoredResult[], sources: ScorecardSources, figures: Pick<Figures, 'dimensions'>): Promise<ProcurementInputs> {
  // Latency (the scorecard's, and the mean behind peak concurrency) only from answers sent in this run.
  const results = timedRows(stored, await store.cachedAnswerKeys(model.runId));
  const [safety, loadsByIdentity] = await Promise.all([
    readSafety(store, [model.runId, ...sources.spec.safetyRuns]),
    latestLoadByIdentity(
      store.db,
      model.providers.map((p) => p.identity),
    ),
  ]);
  const costs = model.overall.map((cell) =>
    providerCost(
      {
        provider: cell.provider,
        price: (model.providers.find((p) => p.id === cell.provider)?.price as Price | null) ?? null,
        rows: results.filter((r) => r.provider_id === cell.provider),
        run: cell,
      },
      sources.workload ?? undefined,
    ),
  );
  const loads = new Map<string, LoadRecord>();
  for (const p of model.providers) {
    const rec = loadsByIdentity.get(p.identity);
    if (rec) loads.set(p.id, rec);
  }
  const { inputs, latency } = scorecardInputs({ model, results, dimensions: figures.dimensions, costs, safety, loads, spec: sources.spec });
  return { costs, latency, inputs, safety, loads };
}

export async function buildProcurement(store: Store, model: ReportModel, results: StoredResult[], sources: ScorecardSources, figures: Pick<Figures, 'dimensions'>): Promise<Procurement> {
  const { costs, latency, inputs, safety, loads } = await procurementInputs(store, model, results, sources, figures);
  const scorecard = computeScorecard(inputs, sources.spec.weights, sources.spec.requirements);
  return {
    spec: sources.spec,
    workload: sources.workload,
    costs,
    latency,
    cachedAnswers: Object.fromEntries(model.overall.map((o) => [o.provider, o.cachedAnswers])),
    scorecard,
    conclusion: conclude(scorecard),
    sensitivity: sensitivity(inputs, sources.spec.weights, sources.spec.requirements),
    safety: [...safety.values()],
    loads: [...loads.entries()].map(([runProvider, rec]) => ({ ...rec, runProvider })),
  };
}
