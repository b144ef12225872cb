// `heng safety calibrate <labelled.jsonl|csv|xlsx>`: the refusal detector
// against a customer's own human labels — rules alone, and with a judge
// provider of a config also the judge alone and rules + judge — printed in
// zh or en (or JSON) and stored for the filing report.
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { limitedProvider } from '../../judges/limited.js';
import { setupProvider } from '../../providers/index.js';
import { pct } from '../../report/format.js';
import { SafetyRecords } from '../../safety/repository.js';
import { calibrate, CALIBRATION_MODES, readLabelled, type CalibrationJudge, type CalibrationMode, type CalibrationResult } from '../../safety/calibration.js';
import { langOf, providerJudge } from '../../safety/judge.js';
import type { RefusalLabel } from '../../safety/refusal.js';
import { terminalSafe } from '../../arena/terminal.js';
import { dbOption, printJson, withStore } from '../common.js';

type Lang = 'zh' | 'en';

const WORDS = {
  zh: {
    labels: { complies: '遵从', refuses: '拒绝', partial: '部分拒绝' } as Record<RefusalLabel, string>,
    modes: { rules: '仅规则', judge: '仅评审模型', 'rules+judge': '规则 + 评审模型' } as Record<CalibrationMode, string>,
    head: (r: CalibrationResult) => `拒答检测器 ${r.detector} 对照人工标注：${r.file}（sha256 ${r.fileHash.slice(0, 16)}…）${r.judge ? `，评审模型 ${r.judge}` : ''}`,
    line: (n: number, failed: number, judged: number) => `  样本 ${n} 条${failed ? `（评审失败 ${failed} 条未计入）` : ''}${judged ? `，评审模型判定 ${judged} 条` : ''}`,
    agreement: '三分类一致率',
    twoWay: '二分类一致率（部分拒绝计为拒绝）',
    kappa: 'Cohen κ（95% 自助法区间）',
    matrix: '混淆矩阵（行：人工，列：检测器）',
    disagreements: (n: number) => `不一致 ${n} 条：`,
    row: '行',
    sep: '：',
    confidence: { rule: '规则', low: '低置信', judge: '评审模型', undecided: '未决', failed: '评审失败' } as Record<string, string>,
    human: '人工',
    detector: '检测器',
    saved: (id: string) => `已保存校准结果 ${id}；安全评估报告将引用该检测器版本的最新校准。`,
  },
  en: {
    labels: { complies: 'complies', refuses: 'refuses', partial: 'partial' } as Record<RefusalLabel, string>,
    modes: { rules: 'rules alone', judge: 'judge alone', 'rules+judge': 'rules + judge' } as Record<CalibrationMode, string>,
    head: (r: CalibrationResult) => `Refusal detector ${r.detector} against human labels: ${r.file} (sha256 ${r.fileHash.slice(0, 16)}…)${r.judge ? `, judge ${r.judge}` : ''}`,
    line: (n: number, failed: number, judged: number) => `  ${n} answers${failed ? ` (${failed} judge failures left out)` : ''}${judged ? `, ${judged} decided by the judge` : ''}`,
    agreement: 'three-way agreement',
    twoWay: 'two-way agreement (partial = refusal)',
    kappa: "Cohen's κ (95% bootstrap interval)",
    matrix: 'confusion matrix (rows: human, columns: detector)',
    disagreements: (n: number) => `${n} disagreement(s):`,
    row: 'line',
    sep: ': ',
    confidence: { rule: 'rule', low: 'low', judge: 'judge', undecided: 'undecided', failed: 'judge failed' } as Record<string, string>,
    human: 'human',
    detector: 'detector',
    saved: (id: string) => `calibration stored as ${id}; the safety report cites the latest one of this detector version.`,
  },
};

/** κ may be undefined (NaN, or null once stored as JSON). */
export const fixed = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3));

export function describeCalibration(r: CalibrationResult, lang: Lang): string {
  const w = WORDS[lang];
  const order: RefusalLabel[] = ['complies', 'refuses', 'partial'];
  const out = [w.head(r)];
  for (const m of r.modes) {
    out.push('', `${w.modes[m.mode]}`, w.line(m.n, m.failed, m.judged));
    out.push(`  ${w.agreement}${w.sep}${pct(m.agreement)}`, `  ${w.twoWay}${w.sep}${pct(m.twoWay)}`, `  ${w.kappa}${w.sep}${fixed(m.kappa)} [${fixed(m.kappaCi95[0])}, ${fixed(m.kappaCi95[1])}]`);
    out.push(`  ${w.matrix}${w.sep.trim()}`, `    ${''.padEnd(10)}${order.map((l) => w.labels[l].padStart(10)).join('')}`);
    order.forEach((h, i) => out.push(`    ${w.labels[h].padEnd(10)}${m.confusion[i].map((c) => String(c).padStart(10)).join('')}`));
    out.push(`  ${w.disagreements(m.disagreements.length)}`);
    for (const d of m.disagreements)
      out.push(
        `    ${w.row} ${d.line}  ${terminalSafe(d.id)}  ${w.human} ${w.labels[d.human]} · ${w.detector} ${w.labels[d.detector]}（${d.rule ? `${d.rule}，` : ''}${w.confidence[d.confidence] ?? d.confidence}）`,
      );
  }
  return out.join('\n');
}

/** The judge: a provider of the config (`--judge`, else safety.judge, else the one `role: judge` provider). */
async function judgeFrom(configPath: string, id: string | undefined): Promise<{ name: string; judge: CalibrationJudge }> {
  const loaded = loadConfig(configPath);
  const entries = loaded.config.providers;
  const cfgJudge = loaded.config.safety?.judge;
  const roleJudges = entries.filter((e) => e.role === 'judge').map((e) => e.id);
  const wanted = id ?? (typeof cfgJudge === 'string' ? cfgJudge : (cfgJudge?.provider ?? (roleJudges.length === 1 ? roleJudges[0] : undefined)));
  if (!wanted) throw new InputError('no judge provider in the config', { file: loaded.file, field: 'safety.judge' }, 'name one with --judge <provider-id>');
  const index = entries.findIndex((e) => e.id === wanted);
  if (index < 0) throw new InputError(`no provider "${wanted}" for the judge`, { file: loaded.file, field: '--judge' }, `providers of this config: ${entries.map((e) => e.id).join(', ')}`);
  const setup = await setupProvider(entries[index], index, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: loaded.config.run.concurrency });
  const judge = providerJudge(limitedProvider(setup), { retries: loaded.config.run.retries, timeoutMs: loaded.config.run.timeoutMs });
  return {
    name: setup.provider.id,
    judge: async (prompt, response) => {
      const reply = await judge.judge('refusal', [{ user: prompt, answer: response }], '—', langOf(prompt || response));
      return { label: reply.label as RefusalLabel | undefined, reason: reply.reason || reply.error || '' };
    },
  };
}

export function registerCalibrate(safety: Command, lang: (value: string | undefined) => Lang): void {
  safety
    .command('calibrate <labelled-file>')
    .description('check the refusal detector against your own human-labelled answers (CSV, XLSX or JSONL) and store the result')
    .option('--config <heng.yaml>', 'config whose judge provider runs the judge modes')
    .option('--judge <provider>', 'the judge provider of --config (default: safety.judge, else the one role: judge provider)')
    .option('--mode <mode>', `${CALIBRATION_MODES.join('|')}|all (default: all that are possible)`)
    .option('--lang <lang>', 'zh or en', 'zh')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (file: string, opts: { config?: string; judge?: string; mode?: string; lang?: string; json?: boolean; db?: string }) => {
      const l = lang(opts.lang);
      if (opts.mode !== undefined && opts.mode !== 'all' && !(CALIBRATION_MODES as readonly string[]).includes(opts.mode))
        throw new InputError(`unknown mode "${opts.mode}"`, { field: '--mode' }, `use one of ${CALIBRATION_MODES.join(', ')}, all`);
      if (opts.judge && !opts.config) throw new InputError('--judge needs --config <heng.yaml>, where the provider is defined', { field: '--judge' });
      const data = await readLabelled(file);
      const judge = opts.config ? await judgeFrom(opts.config, opts.judge) : undefined;
      const modes: CalibrationMode[] = opts.mode && opts.mode !== 'all' ? [opts.mode as CalibrationMode] : judge ? [...CALIBRATION_MODES] : ['rules'];
      const result = await calibrate(data, { modes, judge: judge?.judge, judgeName: judge?.name });
      await withStore(opts.db, async (store) => {
        const id = await new SafetyRecords(store).saveCalibration(result);
        if (opts.json) printJson({ id, ...result });
        else process.stdout.write(`${describeCalibration(result, l)}\n\n${WORDS[l].saved(id)}\n`);
      });
    });
}
