// The scorecard of a stored run at weights other than its own, with
// intervals and groups: what `heng scorecard <run> --weights …` prints, for a
// caller that asks again and again as a user moves a weight (POST
// /api/runs/{id}/scorecard). The inputs — every figure with its bootstrap
// replicates — do not depend on the weights and are the slow part, so they
// are kept per run for as long as everything they were built from is
// unchanged; computeScorecard on them takes a few milliseconds.
import { InputError } from '../errors.js';
import { latestLoadByIdentity } from '../capacity/store.js';
import { buildReportWithFigures } from '../report/model.js';
import type { Run, Store } from '../store/store.js';
import { computeScorecard, type Scorecard } from './compute.js';
import type { LatencyBasis } from './inputs.js';
import { procurementInputs, type ProcurementInputs } from './procurement.js';
import { readSafety } from './safety.js';
import { sourcesFromRun } from './sources.js';
import type { ScorecardSpec, Weights } from './spec.js';

/**
 * Weights to change; those left out keep the run's. `quality` as a number
 * sets the whole quality weight (split evenly over the dimensions), as
 * `--weights quality=N`; as a record it sets the dimensions it names and the
 * others keep theirs, as `--weights quality.<dimension>=N`.
 */
export interface WeightChange {
  quality?: number | Record<string, number>;
  safety?: number;
  latency?: number;
  cost?: number;
}

export interface ScorecardAt {
  /** The weights computed at: the run's, changed as asked. */
  weights: Weights;
  latency: LatencyBasis;
  scorecard: Scorecard;
}

/** `change` on top of `base`, with the meaning `applyWeightFlags` gives the same change written as flags. */
export function changeWeights(base: Weights, change: WeightChange, dimensions: readonly string[]): Weights {
  const out: Weights = { ...base, quality: typeof base.quality === 'number' ? base.quality : { ...base.quality } };
  for (const key of ['safety', 'latency', 'cost'] as const) if (change[key] !== undefined) out[key] = change[key];
  const q = change.quality;
  if (typeof q === 'number') out.quality = q;
  else if (q) {
    for (const [dim, v] of Object.entries(q)) {
      if (!dimensions.includes(dim)) throw new InputError(`the run has no dimension "${dim}"`, { field: `weights.quality.${dim}` }, `its dimensions: ${dimensions.join(', ')}`);
      // A single quality weight is split evenly; make that explicit before changing one dimension.
      if (typeof out.quality === 'number') out.quality = Object.fromEntries(dimensions.map((d) => [d, (out.quality as number) / dimensions.length]));
      out.quality[dim] = v;
    }
  }
  return out;
}

/** What a run's inputs were built from, read before building: equal again later means the inputs still hold. */
interface Fingerprint {
  /** Results are append-only, so their count (with the run's status and last update) versions them. */
  run: string;
  /** Safety verdicts (reviews change them in place) and load sweeps, as JSON. */
  safety: string;
  loads: string;
}

interface Built {
  fingerprint: Fingerprint;
  spec: ScorecardSpec;
  dimensions: string[];
  procurement: ProcurementInputs;
}

const sameFingerprint = (a: Fingerprint, b: Fingerprint) => a.run === b.run && a.safety === b.safety && a.loads === b.loads;

/** Scorecards of one store's runs at any weights, their inputs kept for the last `keep` runs asked about. */
export class RunScorecards {
  private readonly built = new Map<string, Promise<Built>>();

  constructor(
    private readonly store: Store,
    private readonly keep = 8,
  ) {}

  /** The scorecard of `run` at its weights changed by `change`; an unknown dimension is an InputError naming the field. */
  async at(run: Run, change: WeightChange): Promise<ScorecardAt> {
    const b = await this.inputs(run);
    const weights = changeWeights(b.spec.weights, change, b.dimensions);
    return { weights, latency: b.procurement.latency, scorecard: computeScorecard(b.procurement.inputs, weights, b.spec.requirements) };
  }

  private async inputs(run: Run): Promise<Built> {
    const spec = sourcesFromRun(run).spec;
    const identities = (await this.store.runProviders(run.id)).map((p) => p.identity);
    const fingerprint = await this.fingerprint(run, spec, identities);
    const cached = this.built.get(run.id);
    const hit = cached && (await cached.catch(() => undefined));
    if (hit && sameFingerprint(hit.fingerprint, fingerprint)) {
      this.built.delete(run.id);
      this.built.set(run.id, cached);
      return hit;
    }
    const building = this.build(run, fingerprint);
    this.built.delete(run.id);
    this.built.set(run.id, building);
    building.catch(() => this.built.get(run.id) === building && this.built.delete(run.id));
    while (this.built.size > this.keep) this.built.delete(this.built.keys().next().value!);
    return building;
  }

  private async fingerprint(run: Run, spec: ScorecardSpec, identities: string[]): Promise<Fingerprint> {
    const [count, safety, loads] = await Promise.all([this.store.countResults(run.id), readSafety(this.store, [run.id, ...spec.safetyRuns]), latestLoadByIdentity(this.store.db, identities)]);
    return { run: `${run.status}\u0000${run.updatedAt}\u0000${count}`, safety: JSON.stringify([...safety]), loads: JSON.stringify([...loads]) };
  }

  /** The same path as `heng scorecard` and the report (loadReport → buildProcurement), without the weights. */
  private async build(run: Run, fingerprint: Fingerprint): Promise<Built> {
    const results = await this.store.results(run.id);
    const { model, figures } = await buildReportWithFigures(this.store, run, { results });
    const sources = sourcesFromRun(run);
    const procurement = await procurementInputs(this.store, model, results, sources, figures);
    const dimensions = [...new Set(model.tasks.map((t) => t.tags.dimension ?? t.id))];
    return { fingerprint, spec: sources.spec, dimensions, procurement };
  }
}
