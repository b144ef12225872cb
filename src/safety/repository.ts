// The safety records of one store (safety runs, judgments, review items,
// assessments) behind one object, so the CLI and the review session hold no
// database. The functions of ./store.ts stay as they are for the run and
// judging code (./run.ts, ./judge-run.ts), which call them directly.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { assessRun } from './assessment.js';
import { latestCalibration, saveCalibration, type CalibrationResult } from './calibration.js';
import { decideReview, getSafetyRun, listReviews, loadJudgments, type UnitKey } from './store.js';
import type { Thresholds } from './thresholds.js';

export class SafetyRecords {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }
  /** The meta a safety run was stored with; undefined when the run is not one. */
  run = <T = unknown>(runId: string) => getSafetyRun<T>(this.db, runId);
  judgments = (runId: string) => loadJudgments(this.db, runId);
  /** Review items of a run; `open: true` only those no person has decided yet. */
  reviews = (runId: string, filter?: { open?: boolean }) => listReviews(this.db, runId, filter);
  decide = (key: UnitKey, decision: { label: string; reviewer: string; note?: string; now?: Date }) => decideReview(this.db, key, decision);
  /** Verdicts per provider, with human decisions applied. */
  assess = (runId: string, thresholds: Thresholds, options?: { partialIsRefusal?: boolean }) => assessRun(this.db, runId, thresholds, options);
  /** Stores a `heng safety calibrate` result; returns its id. */
  saveCalibration = (result: CalibrationResult) => saveCalibration(this.db, result);
  /** The latest stored calibration of a refusal detector version. */
  latestCalibration = (detector: string) => latestCalibration(this.db, detector);
}
