// `heng safety calibrate`: an enterprise checks the refusal detector against
// its own human-labelled answers before trusting it — rules alone, the judge
// alone, rules + judge (the judge deciding what the rules leave uncertain) —
// and the result is stored so the filing report can cite the latest
// calibration of the detector version it used.
import type { Kysely } from 'kysely';
import { readRows } from '../datasets/load.js';
import { InputError } from '../errors.js';
import { cohenKappa, percentAgreement } from '../stats/agreement.js';
import { percentileInterval, replicate } from '../stats/bootstrap.js';
import type { Database } from '../store/schema.js';
import { classifyByRules, needsJudge, REFUSAL_DETECTOR_VERSION, REFUSAL_LABELS, type RefusalLabel } from './refusal.js';

export const CALIBRATION_MODES = ['rules', 'judge', 'rules+judge'] as const;
export type CalibrationMode = (typeof CALIBRATION_MODES)[number];

/** Columns read from the labelled file, first match wins. */
export const ANSWER_COLUMNS = ['response', 'answer', 'completion', 'output', '回答'];
export const LABEL_COLUMNS = ['label', 'human_label', 'final_label', '标注'];
export const PROMPT_COLUMNS = ['prompt', 'question', '问题'];

const LABEL_WORDS: Record<string, RefusalLabel> = {
  '1': 'complies',
  '2': 'refuses',
  '3': 'partial',
  complies: 'complies',
  refuses: 'refuses',
  partial: 'partial',
  '1_full_compliance': 'complies',
  '2_full_refusal': 'refuses',
  '3_partial_refusal': 'partial',
  遵从: 'complies',
  拒绝: 'refuses',
  部分拒绝: 'partial',
};
export const ACCEPTED_LABELS = Object.keys(LABEL_WORDS);

/** A human label in any accepted spelling; undefined when it is none of them. */
export function parseHumanLabel(value: unknown): RefusalLabel | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return LABEL_WORDS[String(value).trim().toLowerCase()];
}

export interface LabelledAnswer {
  line: number;
  id: string;
  prompt: string;
  response: string;
  human: RefusalLabel;
}

export interface LabelledFile {
  file: string;
  /** sha256 of the file's bytes. */
  hash: string;
  rows: LabelledAnswer[];
}

const pick = (values: Record<string, unknown>, names: readonly string[]) => names.find((n) => n in values);

/** Reads CSV, XLSX or JSONL (src/datasets readers); every bad row is an InputError naming file, line and field. */
export async function readLabelled(file: string): Promise<LabelledFile> {
  const loaded = await readRows({ path: file }, process.cwd());
  if (loaded.rows.length === 0) throw new InputError('no labelled answers in the file', { file: loaded.file });
  const rows = loaded.rows.map((r): LabelledAnswer => {
    const place = (field: string) => ({ file: loaded.file, line: r.line, field });
    const answerCol = pick(r.values, ANSWER_COLUMNS);
    if (!answerCol) throw new InputError('no answer column', place(ANSWER_COLUMNS[0]), `name the model's answer one of: ${ANSWER_COLUMNS.join(', ')}`);
    const labelCol = pick(r.values, LABEL_COLUMNS);
    if (!labelCol) throw new InputError('no label column', place(LABEL_COLUMNS[0]), `name the human label one of: ${LABEL_COLUMNS.join(', ')}`);
    const raw = r.values[labelCol];
    if (raw === undefined || raw === null || String(raw).trim() === '') throw new InputError('missing label', place(labelCol), `use one of: ${ACCEPTED_LABELS.join(', ')}`);
    const human = parseHumanLabel(raw);
    if (!human) throw new InputError(`unknown label "${String(raw)}"`, place(labelCol), `use one of: ${ACCEPTED_LABELS.join(', ')}`);
    const response = r.values[answerCol];
    if (typeof response !== 'string') throw new InputError('the answer must be text', place(answerCol));
    const promptCol = pick(r.values, PROMPT_COLUMNS);
    const id = r.values.id;
    return {
      line: r.line,
      id: id === undefined || id === null || id === '' ? String(r.index + 1) : String(id),
      prompt: promptCol ? String(r.values[promptCol] ?? '') : '',
      response,
      human,
    };
  });
  return { file: loaded.file, hash: loaded.hash, rows };
}

export interface Disagreement {
  line: number;
  id: string;
  human: RefusalLabel;
  detector: RefusalLabel;
  rule?: string;
  confidence: string;
  /** The judge's reason, when it decided. */
  reason?: string;
}

export interface ModeResult {
  mode: CalibrationMode;
  /** Answers compared (judge failures excluded, counted in `failed`). */
  n: number;
  failed: number;
  /** Three-way agreement, and two-way with partial counted as refusal. */
  agreement: number;
  twoWay: number;
  kappa: number;
  /** Percentile bootstrap 95% interval of κ (2,000 resamples of the answers, seed 0; resamples without κ left out). NaN (null in JSON) when κ is undefined. */
  kappaCi95: [number, number];
  kappaTwoWay: number;
  /** confusion[human][detector], in complies, refuses, partial order. */
  confusion: number[][];
  /** Answers the judge was asked about. */
  judged: number;
  disagreements: Disagreement[];
}

export interface CalibrationResult {
  detector: string;
  file: string;
  fileHash: string;
  judge: string | null;
  createdAt: string;
  modes: ModeResult[];
}

const twoWay = (l: RefusalLabel) => (l === 'complies' ? 0 : 1);

function measure(mode: CalibrationMode, rows: readonly LabelledAnswer[], out: Array<{ label?: RefusalLabel; rule?: string; confidence: string; reason?: string; judged: boolean }>): ModeResult {
  const kept = rows.map((r, i) => ({ r, v: out[i] })).filter((x) => x.v.label !== undefined) as Array<{
    r: LabelledAnswer;
    v: { label: RefusalLabel; rule?: string; confidence: string; reason?: string; judged: boolean };
  }>;
  const human = kept.map((x) => x.r.human);
  const detector = kept.map((x) => x.v.label);
  const code = (l: RefusalLabel) => REFUSAL_LABELS.indexOf(l);
  // κ resampled over answer indices, so pairs stay together.
  const kappaOf = (sample: readonly number[]) =>
    cohenKappa(
      sample.map((i) => code(human[i])),
      sample.map((i) => code(detector[i])),
    );
  const idx = kept.map((_, i) => i);
  // A resample with a single label on both sides has no κ: those replicates are left out.
  const sample = new Array<number>(idx.length);
  const replicates = idx.length
    ? [
        ...replicate({}, (rng) => {
          for (let i = 0; i < idx.length; i++) sample[i] = rng.int(idx.length);
          return kappaOf(sample);
        }),
      ].filter((x) => !Number.isNaN(x))
    : [];
  const ci: [number, number] = replicates.length ? percentileInterval(Float64Array.from(replicates)) : [NaN, NaN];
  return {
    mode,
    n: kept.length,
    failed: rows.length - kept.length,
    agreement: percentAgreement(human, detector),
    twoWay: percentAgreement(human.map(twoWay), detector.map(twoWay)),
    kappa: cohenKappa(human, detector),
    kappaCi95: ci,
    kappaTwoWay: cohenKappa(human.map(twoWay), detector.map(twoWay)),
    confusion: REFUSAL_LABELS.map((h) => REFUSAL_LABELS.map((d) => kept.filter((x) => x.r.human === h && x.v.label === d).length)),
    judged: out.filter((v) => v.judged).length,
    disagreements: kept
      .filter((x) => x.r.human !== x.v.label)
      .map((x) => ({
        line: x.r.line,
        id: x.r.id,
        human: x.r.human,
        detector: x.v.label,
        ...(x.v.rule ? { rule: x.v.rule } : {}),
        confidence: x.v.confidence,
        ...(x.v.reason ? { reason: x.v.reason } : {}),
      })),
  };
}

/** A judge that may fail: undefined label when its reply could not be read or the request failed. */
export type CalibrationJudge = (prompt: string, response: string) => Promise<{ label?: RefusalLabel; reason: string }>;

export async function calibrate(data: LabelledFile, options: { modes: readonly CalibrationMode[]; judge?: CalibrationJudge; judgeName?: string; now?: Date }): Promise<CalibrationResult> {
  const { judge } = options;
  if (options.modes.some((m) => m !== 'rules') && !judge)
    throw new InputError('the judge modes need a judge provider', { field: '--judge' }, 'give --config heng.yaml (and --judge <provider>), or use --mode rules');
  // One judge call per answer, shared by the judge modes.
  const asked = new Map<number, Promise<{ label?: RefusalLabel; reason: string }>>();
  const ask = (i: number) => asked.get(i) ?? asked.set(i, judge!(data.rows[i].prompt, data.rows[i].response)).get(i)!;
  const modes: ModeResult[] = [];
  for (const mode of options.modes) {
    const out = [];
    for (const [i, r] of data.rows.entries()) {
      if (mode === 'rules') {
        const v = classifyByRules(r.response);
        out.push({ label: v.label, rule: v.rule, confidence: v.confidence, judged: false });
      } else if (mode === 'judge') {
        const j = await ask(i);
        out.push({ label: j.label, confidence: j.label ? 'judge' : 'failed', reason: j.reason, judged: true });
      } else {
        const v = classifyByRules(r.response);
        if (!needsJudge(v)) out.push({ label: v.label, rule: v.rule, confidence: v.confidence, judged: false });
        else {
          const j = await ask(i);
          // A failed judge leaves the rules' best guess for `low` verdicts, nothing for undecided ones.
          const label = j.label ?? (v.confidence === 'low' ? v.label : undefined);
          out.push({ label, rule: v.rule, confidence: j.label ? 'judge' : v.confidence, reason: j.reason, judged: true });
        }
      }
    }
    modes.push(measure(mode, data.rows, out));
  }
  return {
    detector: REFUSAL_DETECTOR_VERSION,
    file: data.file,
    fileHash: data.hash,
    judge: judge ? (options.judgeName ?? 'judge') : null,
    createdAt: (options.now ?? new Date()).toISOString(),
    modes,
  };
}

// ---------------------------------------------------------------- storage (migration 0009)

export async function saveCalibration(db: Kysely<Database>, result: CalibrationResult): Promise<string> {
  const id = `${result.createdAt}-${result.fileHash.slice(0, 12)}`;
  await db
    .insertInto('refusal_calibrations')
    .values({ id, detector: result.detector, file: result.file, file_hash: result.fileHash, judge: result.judge, result_json: JSON.stringify(result), created_at: result.createdAt })
    .execute();
  return id;
}

/** The latest stored calibration of a detector version, if any. */
export async function latestCalibration(db: Kysely<Database>, detector: string): Promise<(CalibrationResult & { id: string }) | undefined> {
  const row = await db.selectFrom('refusal_calibrations').selectAll().where('detector', '=', detector).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { ...(JSON.parse(row.result_json) as CalibrationResult), id: row.id } : undefined;
}
