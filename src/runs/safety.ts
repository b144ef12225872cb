// `heng safety run`: a TC260-003 content-safety assessment of one or more
// providers, on the ordinary engine. The `safety:` section of heng.yaml names
// the banks; each is sampled (seeded, stratified), run as a task with the
// follow-up attack, and every answer is then judged (keywords → refusal rules
// → LLM judge → human review queue). What was sampled, from which bank
// versions, with which judge and prompt, is kept with the run.
import { REFUSAL_DETECTOR_VERSION } from '../safety/refusal.js';
import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { SafetyBankRef, SafetyConfig } from '../config/schema.js';
import { prepare } from '../engine/prepare.js';
import { runEngine, type Progress } from '../engine/run.js';
import { InputError } from '../errors.js';
import { judgeCache } from '../judges/ask.js';
import { limitedProvider } from '../judges/limited.js';
import type { ProviderSetup } from '../providers/index.js';
import { loadBank, type Bank, type BankType } from '../safety/banks.js';
import { checkCoverage } from '../safety/coverage.js';
import { allJudgePrompts, providerJudge } from '../safety/judge.js';
import { judgeRun } from '../safety/judge-run.js';
import { SAFETY_BANKS, type SafetyBank } from '../safety/judgment.js';
import { KeywordMatcher } from '../safety/keywords.js';
import type { SafetyRunMeta } from '../safety/meta.js';
import { getSafetyRun, listReviews, loadJudgments, saveSafetyRun } from '../safety/store.js';
import { planSample, safetyTask, type SamplingWarning } from '../safety/tasks.js';
import { resolveThresholds, type ThresholdOverrides, type Thresholds } from '../safety/thresholds.js';
import type { Run } from '../store/records.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import { beginRun, closeProviders, failRun, finishRun, statusOf } from './lifecycle.js';

export type { SafetyRunMeta } from '../safety/meta.js';

export interface SafetyRunOptions {
  store: Store;
  loaded: LoadedConfig;
  runId?: string;
  /** Continue this safety run: only unanswered units are asked and unjudged answers judged. */
  resumeId?: string;
  /** Overrides run.budgetCny (answers and judge requests together), e.g. to resume a run stopped by its budget. */
  budgetCny?: number;
  /** `alreadyDone`: answers stored before this call (resume). */
  onStart?: (runId: string, meta: SafetyRunMeta, alreadyDone: number) => void;
  onProgress?: (p: Progress) => void;
  /** Called once the answers are in, before judging (`toJudge`: answers without a judgment yet). */
  onJudging?: (answers: number, toJudge: number) => void;
  signal?: AbortSignal;
  /** Today, for bank staleness (tests). */
  today?: Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface SafetyRunResult {
  runId: string;
  status: RunStatus;
  meta: SafetyRunMeta;
  /** Answers judged (in this call and before it). */
  judged: number;
  /** Review items still open. */
  reviews: number;
}

const CONFIG_KEY: Record<SafetyBank, keyof SafetyConfig['banks']> = { test: 'test', 'should-refuse': 'shouldRefuse', 'should-not-refuse': 'shouldNotRefuse' };

export async function runSafetyAssessment(o: SafetyRunOptions): Promise<SafetyRunResult> {
  const { loaded } = o;
  const cfg = loaded.config.safety;
  const where = (...p: Array<string | number>) => ({ file: loaded.file, line: loaded.lineOf(['safety', ...p]), field: ['safety', ...p].join('.') });
  if (!cfg) throw new InputError('the config has no "safety:" section', { file: loaded.file, field: 'safety' }, 'add safety: { banks: { shouldRefuse: refuse.jsonl, … } } (docs/safety.md)');

  const thresholds = thresholdsAt(cfg.thresholds, (field) => where('thresholds', ...field.split('.').filter(Boolean)));
  const seed = cfg.seed ?? loaded.config.run.seed;
  const partialIsRefusal = cfg.partialIsRefusal ?? true;

  // Providers: the evaluated ones (not `role: judge`), minus the safety judge unless listed in safety.providers.
  const prep = await prepare({ ...loaded, tasks: [] }, o.budgetCny === undefined ? {} : { budgetCny: o.budgetCny });
  const all = [...prep.providers, ...prep.judges];
  const byId = new Map(all.map((p) => [p.provider.id, p]));
  const roleJudges = prep.judges.map((p) => p.provider.id);
  const judgeId = typeof cfg.judge === 'string' ? cfg.judge : (cfg.judge?.provider ?? (roleJudges.length === 1 ? roleJudges[0] : undefined));
  const judgeSetup = judgeId === undefined ? undefined : byId.get(judgeId);
  if (judgeId !== undefined && !judgeSetup) throw new InputError(`no provider "${judgeId}" for the judge`, where('judge'), `judges are providers of this config: ${[...byId.keys()].join(', ')}`);
  const assessed: ProviderSetup[] = [];
  for (const [i, id] of (cfg.providers ?? prep.providers.map((p) => p.provider.id).filter((id) => id !== judgeId)).entries()) {
    const p = byId.get(id);
    if (!p) throw new InputError(`no provider "${id}"`, where('providers', i), `providers of this config: ${[...byId.keys()].join(', ')}`);
    assessed.push(p);
  }
  if (!assessed.length) throw new InputError('no provider left to assess', where('providers'), 'the judge is not assessed unless listed in safety.providers');

  // Banks, keywords, samples.
  const warnings: SamplingWarning[] = [];
  const today = o.today ?? new Date();
  const matcherBank = cfg.keywords ? await bankAt(cfg.keywords, 'keywords', loaded, where('keywords')) : undefined;
  const matcher = matcherBank ? KeywordMatcher.fromBank(matcherBank, { pinyin: cfg.keywordPinyin }) : undefined;
  const banks: SafetyRunMeta['banks'] = [];
  const tasks: Task[] = [];
  for (const bank of SAFETY_BANKS) {
    const ref = cfg.banks[CONFIG_KEY[bank]];
    if (!ref) continue;
    const source = await bankAt(ref, bank, loaded, where('banks', CONFIG_KEY[bank]));
    const plan = planSample(bank, source, thresholds, seed, cfg.sample?.[CONFIG_KEY[bank] as keyof NonNullable<SafetyConfig['sample']>]);
    warnings.push(...plan.warnings);
    const coverage = checkCoverage(source, thresholds, today);
    banks.push({
      bank,
      file: source.file ?? '',
      contentHash: source.contentHash,
      updatedAt: source.updatedAt ?? null,
      size: source.rows.length,
      requested: plan.requested,
      minimum: plan.minimum,
      sampled: plan.rows.length,
      allocation: plan.allocation,
      coverage,
    });
    tasks.push(safetyTask(plan, { followUp: cfg.followUp, system: cfg.system, matcher, partialIsRefusal, contentHash: source.contentHash }));
  }
  const judgeCheck = typeof cfg.judge === 'object' ? (cfg.judge.check ?? true) : true;
  const meta: SafetyRunMeta = {
    seed,
    thresholds,
    partialIsRefusal,
    followUp: cfg.followUp ?? 'default',
    system: cfg.system ?? null,
    providers: assessed.map((p) => p.provider.id),
    banks,
    keywords: matcherBank
      ? {
          file: matcherBank.file ?? '',
          contentHash: matcherBank.contentHash,
          updatedAt: matcherBank.updatedAt ?? null,
          size: matcherBank.rows.length,
          coverage: checkCoverage(matcherBank, thresholds, today),
        }
      : null,
    judge: judgeSetup ? { provider: judgeSetup.provider.id, model: judgeSetup.provider.model, identity: judgeSetup.provider.identity, check: judgeCheck, prompts: allJudgePrompts() } : null,
    detector: REFUSAL_DETECTOR_VERSION,
    warnings,
  };

  const run = { ...prep, tasks, providers: assessed };
  const begun = await beginRun(o.store, loaded, run, { resumeId: o.resumeId, runId: o.runId, checkResume: (r) => resumable(o.store, r, tasks, loaded.file) });
  const { runId } = begun;
  try {
    if (!begun.resumed) await saveSafetyRun(o.store.db, runId, meta);
    o.onStart?.(runId, meta, begun.done.size);
    let status: RunStatus;
    try {
      const { end } = await runEngine({ store: o.store, runId, tasks, providers: assessed, options: prep.options, onProgress: o.onProgress, signal: o.signal, sleep: o.sleep, skip: begun.done });
      status = statusOf(end);
      // The judge keeps to its configured concurrency and rate limit, and answers from the response cache when it can.
      const judge = judgeSetup
        ? providerJudge(limitedProvider(judgeSetup), { retries: prep.options.retries, timeoutMs: prep.options.timeoutMs, cache: prep.options.cache ? judgeCache(o.store) : undefined, sleep: o.sleep })
        : undefined;
      const answers = await o.store.countResults(runId);
      o.onJudging?.(answers, answers - (await loadJudgments(o.store.db, runId)).length);
      if (status === 'done') {
        const { complete, budgetReached } = await judgeRun(o.store, runId, {
          matcher,
          judge,
          check: judgeCheck,
          concurrency: judgeSetup?.concurrency,
          signal: o.signal,
          judgeCosts: prep.judgeCosts,
          budgetCny: prep.options.budgetCny,
          spentCny: (await o.store.resultTotals(runId)).costCny,
        });
        if (!complete) status = budgetReached ? 'stopped_budget' : 'interrupted';
      }
    } catch (err) {
      await failRun(o.store, runId);
      throw err;
    }
    await finishRun(o.store, runId, status);
    const judged = (await loadJudgments(o.store.db, runId)).length;
    const reviews = (await listReviews(o.store.db, runId, { open: true })).length;
    return { runId, status, meta, judged, reviews };
  } finally {
    await closeProviders(all);
  }
}

/**
 * The run to resume, checked: it is a safety run of this very config, and
 * every bank sample (ids and bank file contents) is the one it recorded, so
 * the resumed answers belong to the same assessment.
 */
async function resumable(store: Store, run: Run, tasks: Task[], file: string): Promise<void> {
  if (!(await getSafetyRun(store.db, run.id))) throw new InputError(`run ${run.id} is not a safety run`, { field: '--resume' }, 'resume it with "heng run <config> --resume"');
  const recorded = new Map((await store.runTasks(run.id)).map((t) => [t.taskId, t]));
  for (const t of tasks) {
    const r = recorded.get(t.id);
    if (!r || r.taskHash !== t.version.taskHash || r.datasetHash !== t.version.datasetHash)
      throw new InputError(
        `the bank behind "${t.id}" changed since safety run ${run.id} started (file contents or sample)`,
        { file, field: '--resume' },
        'restore the bank files the run used, or start a new safety run',
      );
  }
}

async function bankAt(ref: SafetyBankRef, type: BankType, loaded: LoadedConfig, place: { file: string; line?: number; field: string }): Promise<Bank> {
  const { path: file, updated } = typeof ref === 'string' ? { path: ref, updated: undefined } : ref;
  const resolved = path.resolve(loaded.baseDir, file);
  try {
    return await loadBank(resolved, { type, updatedAt: updated });
  } catch (err) {
    // A missing file is the config's fault: point at the line that names it.
    if (err instanceof InputError && /cannot read/.test(err.problem)) throw new InputError(err.problem, place, 'the path is relative to the config file');
    throw err;
  }
}

function thresholdsAt(overrides: Record<string, unknown> | undefined, place: (field: string) => { file: string; line?: number; field: string }): Thresholds {
  try {
    return resolveThresholds((overrides ?? {}) as ThresholdOverrides);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(err.problem, place(err.place.field ?? ''), err.hint);
    throw err;
  }
}
