// `heng safety …`: TC260-003 / GB/T 45654-2025 — bank tooling (taxonomy,
// coverage, importing public sets, keyword scans), the assessment run, the
// human review queue and the filing-readiness report.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { InputError } from '../../errors.js';
import { bankToJsonl, BANK_TYPES, isBankType, loadBank } from '../../safety/banks.js';
import { checkCoverage, describeGap } from '../../safety/coverage.js';
import { importPublicSet, IMPORT_FORMATS, isImportFormat } from '../../safety/importers.js';
import { KeywordMatcher } from '../../safety/keywords.js';
import { ASPECTS, RISK_CATEGORIES, RISKS } from '../../safety/taxonomy.js';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../config/load.js';
import { pct, ci } from '../../report/format.js';
import { renderSafetyReport, SAFETY_FORMATS, type SafetyFormat } from '../../report/safety-report.js';
import { writeOutputFile } from '../../report/write-file.js';
import { reviewSession } from '../../safety/review-session.js';
import { SafetyRecords } from '../../safety/repository.js';
import { runSafetyAssessment } from '../../runs/safety.js';
import { describeSamplingWarning } from '../../safety/tasks.js';
import { dbOption, positiveNumber, printJson, withStore } from '../common.js';
import { registerCalibrate } from './safety-calibrate.js';
import { progressBar, gracefulStop } from '../progress.js';
import { resolveThresholds, type ThresholdOverrides } from '../../safety/thresholds.js';

type Lang = 'zh' | 'en';

function lang(value: string | undefined): Lang {
  if (value === undefined || value === 'zh' || value === 'en') return value ?? 'zh';
  throw new InputError(`--lang must be zh or en, got "${value}"`, { field: '--lang' });
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}

async function thresholdsFrom(file: string | undefined) {
  if (!file) return resolveThresholds();
  let parsed: unknown;
  try {
    parsed = YAML.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read thresholds: ${(err as Error).message}`, { file });
  }
  return resolveThresholds((parsed ?? {}) as ThresholdOverrides, file);
}

export function register(program: Command): void {
  const safety = program.command('safety').description('content-safety banks per TC260-003 / GB/T 45654-2025');

  safety
    .command('taxonomy')
    .description('list the 5 categories, 31 risks (Appendix A) and 13 should-not-refuse aspects')
    .option('--lang <lang>', 'zh or en', 'zh')
    .option('--json', 'machine-readable output')
    .action((opts: { lang?: string; json?: boolean }) => {
      const l = lang(opts.lang);
      const lines: string[] = [];
      for (const c of RISK_CATEGORIES) {
        lines.push(`${c.id} ${c[l]}`);
        for (const r of RISKS.filter((x) => x.category === c.id)) lines.push(`  ${r.id}  ${r[l]}`);
      }
      lines.push(l === 'zh' ? '非拒答方面：' : 'Should-not-refuse aspects:');
      for (const a of ASPECTS) lines.push(`  ${a.id.padEnd(10)} ${a[l]}`);
      print(!!opts.json, { categories: RISK_CATEGORIES, risks: RISKS, aspects: ASPECTS }, lines.join('\n'));
    });

  safety
    .command('coverage <bank-file>')
    .description('compare a bank with the standard and list its gaps')
    .requiredOption('--type <type>', BANK_TYPES.join('|'))
    .option('--updated <date>', 'bank update date (YYYY-MM-DD) when the file has none')
    .option('--thresholds <yaml>', 'YAML file overriding the default thresholds')
    .option('--lang <lang>', 'zh or en', 'en')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { type: string; updated?: string; thresholds?: string; lang?: string; json?: boolean }) => {
      if (!isBankType(opts.type)) throw new InputError(`unknown bank type "${opts.type}"`, { field: '--type' }, `use one of ${BANK_TYPES.join(', ')}`);
      const bank = await loadBank(file, { type: opts.type, updatedAt: opts.updated });
      const report = checkCoverage(bank, await thresholdsFrom(opts.thresholds));
      const l = lang(opts.lang);
      const head = `${file}: ${report.type} bank, ${report.size} rows (${report.unmapped} unmapped), sha256 ${report.contentHash.slice(0, 16)}…`;
      const body = report.compliant ? (l === 'zh' ? '无缺口。' : 'no gaps.') : report.gaps.map((g) => `  - ${describeGap(g, l)}`).join('\n');
      print(!!opts.json, report, `${head}\n${body}`);
    });

  safety
    .command('import <format> <path>')
    .description(`Convert a public set (${IMPORT_FORMATS.join(', ')}) to Heng bank JSONL`)
    .requiredOption('--out <file>', 'output JSONL; sets feeding two banks write <out>.<type>.jsonl')
    .option('--updated <date>', 'update date to record (default: today)')
    .option('--json', 'machine-readable summary')
    .action(async (format: string, file: string, opts: { out: string; updated?: string; json?: boolean }) => {
      if (!isImportFormat(format)) throw new InputError(`unknown format "${format}"`, { field: 'format' }, `use one of ${IMPORT_FORMATS.join(', ')}`);
      const banks = await importPublicSet(format, file, { updatedAt: opts.updated });
      const written: Array<{ type: string; file: string; rows: number; unmapped: number; contentHash: string }> = [];
      for (const bank of banks) {
        const out = banks.length === 1 ? opts.out : opts.out.replace(/(\.jsonl)?$/, `.${bank.type}.jsonl`);
        writeOutputFile(out, bankToJsonl(bank));
        const unmapped = bank.rows.filter((r) => [...r.risks, ...r.aspects].every((t) => t === 'unmapped')).length;
        written.push({ type: bank.type, file: out, rows: bank.rows.length, unmapped, contentHash: bank.contentHash });
      }
      print(!!opts.json, written, written.map((w) => `${path.basename(w.file)}: ${w.rows} ${w.type} rows (${w.unmapped} unmapped)`).join('\n'));
    });

  safety
    .command('scan <keywords-file> <text-file>')
    .description('find library keywords in a text (evasion-tolerant)')
    .option('--json', 'machine-readable output')
    .option('--pinyin', 'also match the pinyin of every Chinese keyword')
    .action(async (keywordsFile: string, textFile: string, opts: { json?: boolean; pinyin?: boolean }) => {
      const matcher = KeywordMatcher.fromBank(await loadBank(keywordsFile, { type: 'keywords' }), { pinyin: opts.pinyin });
      let text: string;
      try {
        text = await readFile(textFile, 'utf8');
      } catch (err) {
        throw new InputError(`cannot read: ${(err as Error).message}`, { file: textFile });
      }
      const matches = matcher.scan(text);
      print(
        !!opts.json,
        { keywords: matcher.size, matches },
        matches.length ? matches.map((m) => `${m.start}-${m.end}\t${m.risks.join(',')}\t${m.keyword}\t${JSON.stringify(m.text)}`).join('\n') : 'no matches',
      );
    });

  safety
    .command('run <config>')
    .description('assess providers on the safety banks of the config\'s "safety:" section (TC260-003 9.3/9.4)')
    .option('--json', 'print the verdicts as JSON on stdout')
    .option('--resume <run-id>', 'continue an interrupted safety run of the same config: ask only what is unanswered, judge only what is unjudged')
    .option('--budget <cny>', 'stop once answers and judge requests have cost this many CNY (overrides run.budgetCny)', positiveNumber('--budget'))
    .addOption(dbOption())
    .action(async (configPath: string, opts: { json?: boolean; db?: string; resume?: string; budget?: number }) => {
      const loaded = loadConfig(configPath);
      const code = await withStore(opts.db, async (store) => {
        const bar = progressBar();
        const stopper = gracefulStop();
        const result = await runSafetyAssessment({
          store,
          loaded,
          resumeId: opts.resume,
          budgetCny: opts.budget,
          signal: stopper.signal,
          onStart: (id, meta, alreadyDone) => {
            process.stderr.write(
              `safety run ${id}: ${meta.banks.map((b) => `${b.bank} ${b.sampled}`).join(', ')} question(s) × ${meta.providers.length} provider(s)${meta.judge ? `, judge ${meta.judge.provider}` : ', no judge'}${alreadyDone ? ` (resuming: ${alreadyDone} answer(s) already stored)` : ''}\n`,
            );
            for (const w of meta.warnings) process.stderr.write(`warning: ${describeSamplingWarning(w)}\n`);
          },
          onProgress: (p) => bar.update(p),
          onJudging: (n, toJudge) => {
            bar.end();
            process.stderr.write(toJudge === n ? `judging ${n} answer(s)…\n` : `judging ${toJudge} of ${n} answer(s) (the rest were judged before)…\n`);
          },
        });
        stopper.release();
        if (result.status !== 'done')
          process.stderr.write(
            `safety run ${result.runId} ${result.status}: finish it with "heng safety run ${configPath} --resume ${result.runId}"${result.status === 'stopped_budget' ? ' --budget <more CNY>' : ''}\n`,
          );
        const assessment = await new SafetyRecords(store).assess(result.runId, result.meta.thresholds, { partialIsRefusal: result.meta.partialIsRefusal });
        if (opts.json) printJson({ runId: result.runId, status: result.status, judged: result.judged, reviews: result.reviews, assessment });
        else {
          const lines = assessment.providers.flatMap((p) =>
            (['generatedContent', 'shouldRefuse', 'shouldNotRefuse'] as const).flatMap((k) => {
              const r = p[k]?.overall;
              return r
                ? [
                    `${p.provider.padEnd(16)} ${k.padEnd(17)} ${String(r.count).padStart(5)}/${String(r.n).padEnd(5)} ${pct(r.rate).padStart(6)} ${ci(r.n ? r.ci95 : null).padEnd(18)} ${r.verdict}${r.vendorBlocks ? `  (vendor blocks ${r.vendorBlocks})` : ''}${r.undecided ? `  (undecided ${r.undecided})` : ''}`,
                  ]
                : [];
            }),
          );
          process.stderr.write(`${lines.join('\n')}\n${result.reviews} answer(s) for review: heng safety review ${result.runId} --reviewer <name>\n`);
        }
        return result.status === 'done' ? 0 : result.status === 'interrupted' ? 130 : 1;
      });
      process.exitCode = code;
    });

  safety
    .command('review <run>')
    .description('decide the open review items of a safety run (reads labels from stdin)')
    .requiredOption('--reviewer <name>', 'who decides; stored with every decision')
    .option('--list', 'only list the review items (open and decided) as JSON')
    .addOption(dbOption())
    .action(async (runRef: string, opts: { reviewer: string; list?: boolean; db?: string }) => {
      await withStore(opts.db, async (store) => {
        const run = await store.getRun(runRef);
        if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        if (opts.list) return printJson(await new SafetyRecords(store).reviews(run.id));
        const rl = createInterface({ input: process.stdin, terminal: false });
        try {
          await reviewSession(store, run.id, { reviewer: opts.reviewer, lines: rl, write: (t) => process.stdout.write(t) });
        } finally {
          rl.close();
        }
      });
    });

  registerCalibrate(safety, lang);

  safety
    .command('report <run>')
    .description('the filing-readiness report of a safety run')
    .option('--format <format>', SAFETY_FORMATS.join('|'), 'html')
    .option('--lang <lang>', 'zh or en', 'zh')
    .option('--out <file>', 'write here (required for pdf)')
    .addOption(dbOption())
    .action(async (runRef: string, opts: { format: string; lang?: string; out?: string; db?: string }) => {
      if (!(SAFETY_FORMATS as readonly string[]).includes(opts.format)) throw new InputError(`unknown format "${opts.format}"`, { field: '--format' }, `use one of ${SAFETY_FORMATS.join(', ')}`);
      if (opts.format === 'pdf' && !opts.out) throw new InputError('a PDF needs --out <file>', { field: '--out' });
      const l = lang(opts.lang);
      await withStore(opts.db, async (store) => {
        const out = await renderSafetyReport(store, runRef, opts.format as SafetyFormat, l);
        if (opts.out) writeOutputFile(opts.out, out);
        else process.stdout.write(out);
      });
    });
}
