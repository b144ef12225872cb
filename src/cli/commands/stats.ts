// `heng stats bt` and `heng stats winrate`: the statistics library on plain
// JSONL files, so arena battles or judge preferences gathered anywhere can be
// rated the same way Heng rates its own runs.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Battle, Winner } from '../../stats/battle.js';
import { bradleyTerry, DEFAULT_BT_ROUNDS } from '../../stats/bradley-terry.js';
import type { Seed } from '../../stats/random.js';
import { winRates, type PreferenceRow } from '../../stats/winrate.js';
import { jsonlRows } from '../../datasets/load.js';

interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

/** Non-blank lines parsed as JSON objects; a bad line names file and line. */
async function readJsonObjects(file: string): Promise<JsonLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read file: ${(err as Error).message}`, { file });
  }
  const rows: JsonLine[] = jsonlRows(text, file).map((r) => ({ line: r.line, value: r.values }));
  if (rows.length === 0) throw new InputError('no rows: the file is empty', { file });
  return rows;
}

function requireModelName(row: JsonLine, field: string, file: string): string {
  const name = row.value[field];
  if (typeof name !== 'string' || name.trim() === '') throw new InputError('expected a non-empty model name', { file, line: row.line, field });
  return name;
}

const WINNERS: Record<string, Winner> = { model_a: 'model_a', model_b: 'model_b', tie: 'tie', 'tie (bothbad)': 'tie' };

export function parseBattles(rows: readonly JsonLine[], file: string): Battle[] {
  return rows.map((row) => {
    const modelA = requireModelName(row, 'model_a', file);
    const modelB = requireModelName(row, 'model_b', file);
    const winner = WINNERS[String(row.value.winner)];
    if (typeof row.value.winner !== 'string' || !winner) {
      throw new InputError(`unknown winner ${JSON.stringify(row.value.winner)}`, { file, line: row.line, field: 'winner' }, 'use "model_a", "model_b", "tie" or "tie (bothbad)"');
    }
    return { modelA, modelB, winner };
  });
}

export function parsePreferences(rows: readonly JsonLine[], file: string): PreferenceRow[] {
  return rows.map((row) => {
    const model = requireModelName(row, 'model', file);
    const score = row.value.score;
    if (score === null || score === undefined) return { model, score: null };
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      throw new InputError(`score must be a number in [0, 1] or null, got ${JSON.stringify(score)}`, { file, line: row.line, field: 'score' });
    }
    return { model, score };
  });
}

function parsePositiveInteger(text: string, field: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError(`expected a positive integer, got "${text}"`, { field });
  return value;
}

/** Integers are used as numbers; anything else is a string seed (hashed). */
function parseSeed(text: string): Seed {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const format = (cells: string[]) => cells.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [format(header), ...rows.map(format)].join('\n') + '\n';
}

export function register(program: Command): void {
  const stats = program.command('stats').description('statistics on JSONL files of battles or preferences');

  stats
    .command('bt')
    .description('Bradley–Terry ratings (Elo scale, mean 1000) with bootstrap 95% intervals')
    .argument('<battles.jsonl>', 'one {"model_a","model_b","winner"} per line; winner: model_a | model_b | tie')
    .option('--json', 'print JSON')
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--rounds <n>', 'bootstrap rounds', String(DEFAULT_BT_ROUNDS))
    .action(async (file: string, options: { json?: boolean; seed: string; rounds: string }) => {
      const rounds = parsePositiveInteger(options.rounds, '--rounds');
      const battles = parseBattles(await readJsonObjects(file), file);
      const ratings = bradleyTerry(battles, { seed: parseSeed(options.seed), rounds });
      if (options.json) {
        process.stdout.write(JSON.stringify({ ratings }) + '\n');
        return;
      }
      process.stdout.write(
        table(
          ['rank', 'model', 'rating', '95% CI'],
          ratings.map((r) => [String(r.rank), r.model, fixed(r.rating, 1), `${fixed(r.ci95[0], 1)} – ${fixed(r.ci95[1], 1)}`]),
        ),
      );
    });

  stats
    .command('winrate')
    .description('win rate against a baseline per model, in percent, with standard errors')
    .argument('<prefs.jsonl>', 'one {"model","score"} per line; score in [0,1]: 1 win, 0.5 tie, 0 loss, null skipped')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const results = winRates(parsePreferences(await readJsonObjects(file), file));
      if (options.json) {
        process.stdout.write(JSON.stringify({ results }) + '\n');
        return;
      }
      process.stdout.write(
        table(
          ['#', 'model', 'win rate %', '± SE', 'n', 'W/L/T'],
          results.map((r, i) => [String(i + 1), r.model, fixed(r.winRate, 1), fixed(r.standardError, 1), String(r.n), `${r.wins}/${r.losses}/${r.ties}`]),
        ),
      );
    });
}
