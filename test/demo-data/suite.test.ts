// Guards the demo's data and its story: the suite is well formed, and the
// three sample candidates keep their designed profiles (A strong, B medium
// and best at instruction following, C weaker with failures). The matching
// here is deliberately tiny and independent of the real scorers.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createInstructionsScorer, parseChecks } from '../../src/scorers/instructions.js';
import type { Item, Score } from '../../src/types.js';

const DEMO = fileURLToPath(new URL('../../src/demo/', import.meta.url));

interface TaskSpec {
  id: string;
  dataset: string;
  prompt: { system?: string; user: string };
  choices?: string[];
  scorers: Array<{ type: string }>;
  tags: Record<string, string>;
}
type Row = Record<string, unknown> & { id: string; tags: { language: string } };
type AnswerLine = { id: string; output?: string; error?: { status: string; code?: string; message: string } };

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch (err) {
        throw new Error(`${file} line ${i + 1}: ${(err as Error).message}`);
      }
    });
}

const config = parse(readFileSync(path.join(DEMO, 'heng.demo.yaml'), 'utf8')) as {
  providers: Array<{ id: string; type: string; path: string; label: string }>;
  tasks: TaskSpec[];
  run: { repeats: number; seed: number };
};
const tasks = config.tasks.map((spec) => ({ spec, rows: readJsonl<Row>(path.join(DEMO, spec.dataset)) }));
const allRows = tasks.flatMap((t) => t.rows);
const taskOf = new Map(tasks.flatMap((t) => t.rows.map((r) => [r.id, t] as const)));
const candidates = config.providers.map((p) => ({ id: p.id, lines: readJsonl<AnswerLine>(path.join(DEMO, p.path)) }));

describe('demo config', () => {
  it('runs three replayed sample candidates, clearly labelled, once with seed 42', () => {
    expect(config.providers.map((p) => p.id)).toEqual(['sample-a', 'sample-b', 'sample-c']);
    for (const p of config.providers) {
      expect(p.type).toBe('replay');
      expect(p.label).toMatch(/^样例候选 [ABC] \/ Sample candidate [ABC] \(recorded sample answers\)$/);
      expect(existsSync(path.join(DEMO, p.path))).toBe(true);
    }
    expect(config.run).toEqual({ repeats: 1, seed: 42 });
  });

  it('has task datasets that exist and every {{field}} its prompt uses in every row', () => {
    for (const { spec, rows } of tasks) {
      expect(existsSync(path.join(DEMO, spec.dataset)), spec.dataset).toBe(true);
      const fields = [...`${spec.prompt.system ?? ''}${spec.prompt.user}`.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]);
      for (const row of rows) for (const f of fields) expect(row[f], `${row.id}.${f}`).toBeTypeOf('string');
    }
  });
});

describe('demo suite', () => {
  it('is big enough: at least 48 items, 4 dimensions, 10–14 items per task, about 2/3 Chinese', () => {
    expect(allRows.length).toBeGreaterThanOrEqual(48);
    expect(new Set(tasks.map((t) => t.spec.tags.dimension)).size).toBeGreaterThanOrEqual(4);
    for (const { spec, rows } of tasks) expect(rows.length, spec.id).toBeGreaterThanOrEqual(10), expect(rows.length, spec.id).toBeLessThanOrEqual(14);
    const zhShare = allRows.filter((r) => r.tags.language === 'zh').length / allRows.length;
    expect(zhShare).toBeGreaterThan(0.6);
    expect(zhShare).toBeLessThan(0.75);
  });

  it('has readable ids, unique across the suite, whose language matches the text', () => {
    const ids = allRows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of allRows) {
      const [, lang] = /^[a-z]{2}-(zh|en)-\d{2}$/.exec(row.id) ?? [];
      expect(lang, row.id).toBe(row.tags.language);
      const text = String(row.question ?? row.instruction);
      expect(/\p{Script=Han}/u.test(text), row.id).toBe(lang === 'zh');
    }
  });

  it('has multiple-choice golds among the option letters, with four distinct options', () => {
    for (const { spec, rows } of tasks.filter((t) => t.spec.choices)) {
      for (const row of rows) {
        const options = spec.choices!.map((l) => row[l]);
        expect(
          options.every((o) => typeof o === 'string' && o.trim() !== ''),
          row.id,
        ).toBe(true);
        expect(new Set(options).size, row.id).toBe(options.length);
        expect(spec.choices, row.id).toContain(row.answer);
      }
    }
  });

  it('has numeric golds that are numbers, extraction golds that are text, valid instruction checks', () => {
    for (const { spec, rows } of tasks) {
      const scorer = spec.scorers[0].type;
      for (const row of rows) {
        if (scorer === 'numeric') expect(Number.isFinite(Number(row.answer)), row.id).toBe(true);
        if (scorer === 'normalized')
          expect(
            [row.answer].flat().every((g) => typeof g === 'string' && g !== ''),
            row.id,
          ).toBe(true);
        if (scorer === 'instructions') expect(() => parseChecks(row.checks, { itemId: row.id })).not.toThrow();
      }
    }
  });
});

// ---- the recorded answers ------------------------------------------------

/** The last letter after a cue ("答案：C", "选B", "answer is (C)", "\boxed{C}"), or a bare / leading letter. */
function letterOf(output: string): string | undefined {
  const t = output.trim();
  const cued = [...t.matchAll(/(?:答案|选项?|[Aa]nswer|boxed\{)\s*(?:is|是|为|：|:)?\s*[(（]?([A-D])(?![A-Za-z])/g)];
  if (cued.length) return cued[cued.length - 1][1];
  return /^[(（]?([A-D])(?:[)）.。、:：]|$)/.exec(t)?.[1];
}

/** "#### n", "\boxed{n}", else the last number in the text. */
function numberOf(output: string): number | undefined {
  const marked = /####\s*(-?[\d,]*\.?\d+)/.exec(output) ?? /\\boxed\{(-?[\d,]*\.?\d+)\}/.exec(output);
  const raw = marked?.[1] ?? output.match(/-?\d[\d,]*(?:\.\d+)?/g)?.at(-1);
  return raw === undefined ? undefined : Number(raw.replace(/,/g, ''));
}

const normalize = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
const instructions = createInstructionsScorer();

/** correct / wrong / unparseable for one recorded answer. */
function judge(row: Row, output: string): 'correct' | 'wrong' | 'unparseable' {
  const scorer = taskOf.get(row.id)!.spec.scorers[0].type;
  const verdict = (got: unknown, ok: boolean) => (got === undefined ? 'unparseable' : ok ? 'correct' : 'wrong');
  switch (scorer) {
    case 'choice': {
      const letter = letterOf(output);
      return verdict(letter, letter === row.answer);
    }
    case 'numeric': {
      const n = numberOf(output);
      return verdict(n, n !== undefined && Math.abs(n - Number(row.answer)) < 1e-6);
    }
    case 'normalized':
      return verdict(
        output,
        [row.answer].flat().some((g) => normalize(String(g)) === normalize(output)),
      );
    case 'instructions': {
      const item: Item = { id: row.id, fields: row };
      return (instructions.score({ output, item, messages: [] }) as Score).outcome;
    }
    default:
      throw new Error(`no matcher for scorer ${scorer}`);
  }
}

function tally(lines: AnswerLine[], rows: Row[] = allRows) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const counts = { correct: 0, wrong: 0, unparseable: 0, missing: 0, content_filtered: 0, timeout: 0 };
  for (const row of rows) {
    const line = byId.get(row.id);
    if (!line) counts.missing++;
    else if (line.error) counts[line.error.status as 'content_filtered' | 'timeout']++;
    else counts[judge(row, line.output!)]++;
  }
  const answered = counts.correct + counts.wrong + counts.unparseable;
  return { ...counts, accuracy: counts.correct / answered };
}

describe('recorded sample answers', () => {
  it('answer only items of the suite, once each, with an output or a recorded error', () => {
    for (const { id, lines } of candidates) {
      const ids = lines.map((l) => l.id);
      expect(new Set(ids).size, id).toBe(ids.length);
      for (const line of lines) {
        expect(taskOf.has(line.id), `${id}: ${line.id}`).toBe(true);
        expect((typeof line.output === 'string') !== (line.error !== undefined), `${id}: ${line.id}`).toBe(true);
        if (line.error) expect(['content_filtered', 'timeout']).toContain(line.error.status);
      }
    }
  });

  it('keep the designed accuracy bands: A ~88%, B ~70%, C ~55% of answered items', () => {
    const [a, b, c] = candidates.map((x) => tally(x.lines));
    expect(a.accuracy).toBeGreaterThanOrEqual(0.83);
    expect(a.accuracy).toBeLessThanOrEqual(0.93);
    expect(b.accuracy).toBeGreaterThanOrEqual(0.65);
    expect(b.accuracy).toBeLessThanOrEqual(0.75);
    expect(c.accuracy).toBeGreaterThanOrEqual(0.5);
    expect(c.accuracy).toBeLessThanOrEqual(0.6);
  });

  it('give A and B an answer for every item, B a few unparseable ones', () => {
    const [a, b] = candidates.map((x) => tally(x.lines));
    expect(a).toMatchObject({ missing: 0, content_filtered: 0, timeout: 0 });
    expect(b).toMatchObject({ missing: 0, content_filtered: 0, timeout: 0 });
    expect(b.unparseable).toBeGreaterThanOrEqual(3);
    expect(b.unparseable).toBeLessThanOrEqual(5);
  });

  it('give C two missing items, two vendor content-filter blocks and one timeout', () => {
    const c = candidates[2];
    expect(tally(c.lines)).toMatchObject({ missing: 2, content_filtered: 2, timeout: 1 });
    for (const line of c.lines.filter((l) => l.error?.status === 'content_filtered')) {
      expect(line.error).toEqual({ status: 'content_filtered', code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' });
    }
  });

  it('show that no candidate wins everything: B leads instruction following, A every other dimension', () => {
    for (const { spec, rows } of tasks) {
      const [a, b, c] = candidates.map((x) => tally(x.lines, rows).correct);
      if (spec.tags.dimension === 'instruction-following') {
        expect(b, spec.id).toBeGreaterThan(a);
        expect(b, spec.id).toBeGreaterThan(c);
      } else {
        expect(a, spec.id).toBeGreaterThan(b);
        expect(a, spec.id).toBeGreaterThan(c);
      }
    }
  });
});
