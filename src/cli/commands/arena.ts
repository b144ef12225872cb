// `heng arena create | vote | stats | export`: the blind arena from the
// command line (src/arena/arena.ts holds the logic the server shares).
import { writeOutputFile } from '../../report/write-file.js';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { castVote, createBattles, exportBattles, nextBattle, runArenaStats, type BlindBattle, type Verdict } from '../../arena/arena.js';
import type { WinShare } from '../../arena/stats.js';
import { terminalSafe } from '../../arena/terminal.js';
import { InputError } from '../../errors.js';
import { arenaMessages, type Lang } from '../../report/i18n.js';
import type { Rating } from '../../stats/bradley-terry.js';
import type { Seed } from '../../stats/random.js';
import { dbOption, positiveInt, printJson, withStore } from '../common.js';

export function parseProviderList(list: string): string[] {
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (new Set(ids).size < 2) throw new InputError('give at least two different providers', { field: '--providers' }, 'e.g. --providers qwen-max,glm-4');
  return ids;
}

/** Integers are numbers; anything else a string seed (hashed). */
export const seedOf = (s: string): Seed => (/^-?\d+$/.test(s) ? Number(s) : s);
export const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

function table(header: string[], rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell + ' '.repeat(widths[c] - width(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Ratings (rank, BT with CI) joined with win shares, provider ids escaped. */
export function ratingTable(wins: WinShare[], ratings: Rating[], lang: Lang = 'en'): string {
  const t = arenaMessages[lang];
  const rows = ratings.map((r) => {
    const w = wins.find((x) => x.provider === r.model);
    return [
      String(r.rank),
      terminalSafe(r.model),
      r.rating.toFixed(1),
      `${r.ci95[0].toFixed(1)} – ${r.ci95[1].toFixed(1)}`,
      pct(w?.winRate),
      String(w?.wins ?? 0),
      String(w?.losses ?? 0),
      String(w?.ties ?? 0),
    ];
  });
  return table([t.rank, t.provider, t.rating, t.ci95, t.winRate, t.wins, t.losses, t.ties], rows);
}

function langOf(s: string | undefined): Lang {
  if (s === undefined || s === 'en' || s === 'zh') return s ?? 'en';
  throw new InputError(`--lang must be zh or en, got "${s}"`, { field: '--lang' });
}

/** The battle as a reviewer sees it: no provider names; model text escaped for the terminal. */
export function renderBlind(b: BlindBattle, lang: Lang): string {
  const t = arenaMessages[lang];
  const parts = [`──── ${t.battle} ${b.battleId} (${terminalSafe(b.taskId)}) ────`];
  if (b.system) parts.push(`[${t.system}]\n${terminalSafe(b.system)}`);
  const side = (answers: string[], i: number) => terminalSafe(answers[i] ?? '');
  b.turns.forEach((q, i) => {
    const n = b.turns.length > 1 ? ` ${i + 1}` : '';
    parts.push(`[${t.user}${n}]\n${terminalSafe(q)}`, `==== ${t.answerA}${n} ====\n${side(b.a, i)}`, `==== ${t.answerB}${n} ====\n${side(b.b, i)}`);
  });
  return parts.join('\n\n') + '\n\n';
}

const KEYS: Record<string, Verdict> = { a: 'a', b: 'b', t: 'tie', x: 'both_bad' };

export function register(program: Command): void {
  const arena = program.command('arena').description('blind arena: people vote between two anonymous answers; ratings and agreement');

  arena
    .command('create')
    .description('create battles from a run: pairs of providers on items both answered')
    .argument('<run>', 'run id, or "latest"')
    .requiredOption('--providers <list>', 'providers, comma-separated (at least two)')
    .option('--per-pair <n>', 'at most this many items per provider pair (seeded sample)', positiveInt('--per-pair'))
    .option('--task <id>', 'only this task')
    .option('--seed <s>', 'seed for the --per-pair sample (the order shown is secret and random)', '0')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (runArg: string, o: { providers: string; perPair?: number; task?: string; seed: string; json?: boolean; db?: string }) => {
      await withStore(o.db, async (store) => {
        const run = await store.getRun(runArg);
        if (!run) throw new InputError(`no run "${runArg}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const { battles, created } = await createBattles(store, run.id, { providers: parseProviderList(o.providers), perPair: o.perPair, seed: seedOf(o.seed), taskId: o.task });
        if (o.json) return printJson({ runId: run.id, battles: battles.length, created });
        process.stdout.write(`run ${run.id}: ${battles.length} battle(s), ${created} new\n`);
      });
    });

  arena
    .command('vote')
    .description('vote on battles you have not seen yet; reads a / b / t (tie) / x (both bad) / q (quit), one per line')
    .requiredOption('--reviewer <name>', 'your name (stored with every vote)')
    .option('--run <run>', 'only battles of this run')
    .option('--lang <zh|en>', 'language of the prompts shown', 'en')
    .addOption(dbOption())
    .action(async (o: { reviewer: string; run?: string; lang?: string; db?: string }) => {
      const lang = langOf(o.lang);
      const t = arenaMessages[lang];
      await withStore(o.db, async (store) => {
        const runId = o.run ? (await store.getRun(o.run))?.id : undefined;
        if (o.run && !runId) throw new InputError(`no run "${o.run}" in the store`, { field: '--run' });
        const rl = createInterface({ input: process.stdin, terminal: false });
        const lines = rl[Symbol.asyncIterator]();
        let cast = 0;
        try {
          for (;;) {
            const battle = await nextBattle(store, o.reviewer, runId);
            if (!battle) {
              process.stdout.write(`${t.noMore}\n`);
              break;
            }
            process.stdout.write(renderBlind(battle, lang));
            let verdict: Verdict | undefined;
            while (!verdict) {
              process.stdout.write(t.votePrompt);
              const next = await lines.next();
              if (next.done) return;
              const key = String(next.value).trim().toLowerCase();
              if (key === 'q') return;
              verdict = KEYS[key];
              if (!verdict) process.stdout.write(`\n${t.voteAgain}\n`);
            }
            const fresh = await castVote(store, { battleId: battle.battleId, reviewer: o.reviewer, verdict });
            process.stdout.write(`\n${fresh ? t.voted : t.alreadyVoted}\n\n`);
            if (fresh) cast++;
          }
        } finally {
          rl.close();
          process.stdout.write(`${t.votesCast.replace('{n}', String(cast))}\n`);
        }
      });
    });

  arena
    .command('stats')
    .description('Bradley–Terry ratings with 95% CIs, online Elo, reviewer agreement (kappa), judge flip rate and judge–human agreement')
    .argument('<run>', 'run id, or "latest"')
    .option('--seed <s>', 'bootstrap seed', '0')
    .option('--rounds <n>', 'bootstrap rounds', positiveInt('--rounds'))
    .option('--lang <zh|en>', 'language of the table', 'en')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (runArg: string, o: { seed: string; rounds?: number; lang?: string; json?: boolean; db?: string }) => {
      const lang = langOf(o.lang);
      await withStore(o.db, async (store) => {
        const run = await store.getRun(runArg);
        if (!run) throw new InputError(`no run "${runArg}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const s = await runArenaStats(store, run.id, { seed: seedOf(o.seed), rounds: o.rounds });
        if (o.json) return printJson({ runId: run.id, ...s });
        const t = arenaMessages[lang];
        const out: string[] = [
          `run ${run.id}: ${t.battles} ${s.battles}, ${t.humanVotes} ${s.humanVotes}, ${t.reviewers} ${s.reviewers.map((r) => `${terminalSafe(r.reviewer)} (${r.votes})`).join(', ') || t.none}`,
          '',
        ];
        if (s.ratings.length) out.push(t.ratings, ratingTable(s.winRates, s.ratings, lang), `${t.elo}: ${s.elo.map((e) => `${terminalSafe(e.model)} ${e.rating.toFixed(1)}`).join(', ')}`, '');
        if (s.agreement.pairs.length) {
          out.push(t.agreement);
          for (const p of s.agreement.pairs) out.push(`  ${terminalSafe(p.a)} × ${terminalSafe(p.b)}: n=${p.battles}, ${pct(p.agreement)}, ${t.cohen} = ${num(p.kappa)}`);
          out.push(`  ${t.fleiss} = ${num(s.agreement.fleiss.kappa)} (n=${s.agreement.fleiss.battles})`, '');
        }
        for (const j of s.judges) {
          out.push(
            `${t.judge} ${terminalSafe(j.judge)}: n=${j.battles}; ${t.flipRate} ${pct(j.flipRate)} (${j.flips}/${j.battles}); ${t.judgeHuman} ${pct(j.humanAgreement.agreement)}, κ = ${num(j.humanAgreement.kappa)} (n=${j.humanAgreement.battles})`,
          );
          out.push(ratingTable(j.winRates, j.ratings, lang));
        }
        process.stdout.write(out.join('\n') + '\n');
      });
    });

  arena
    .command('export')
    .description('write the votes as battles JSONL ({model_a, model_b, winner, …}), the format `heng stats bt` reads')
    .argument('<run>', 'run id, or "latest"')
    .argument('<file>', 'battles.jsonl to write')
    .option('--kind <human|judge|all>', 'whose votes', 'human')
    .addOption(dbOption())
    .action(async (runArg: string, file: string, o: { kind: string; db?: string }) => {
      if (!['human', 'judge', 'all'].includes(o.kind)) throw new InputError(`--kind must be human, judge or all, got "${o.kind}"`, { field: '--kind' });
      await withStore(o.db, async (store) => {
        const run = await store.getRun(runArg);
        if (!run) throw new InputError(`no run "${runArg}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const lines = await exportBattles(store, run.id, o.kind as 'human' | 'judge' | 'all');
        writeOutputFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''), { field: 'file' });
        process.stdout.write(`${lines.length} battle(s) written to ${file}\n`);
      });
    });
}
