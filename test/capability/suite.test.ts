// Integrity of the built-in capability suite: every file parses, every
// dimension has enough items, golds are well-formed, and the checkable ones
// (code, tool schemas, instruction checks, needles) are checked for real.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LONG_CONTEXT_FILE, renderLongContextJsonl } from '../../src/benchmarks/capability/build-long-context.js';

const SUITE_DIR = path.resolve(import.meta.dirname, '../../src/benchmarks/capability');
const DIMENSIONS = ['understanding', 'writing', 'knowledge', 'reasoning', 'math', 'code', 'instruction-following', 'long-context', 'tool-calling', 'roleplay-dialogue', 'safety'] as const;
type Dimension = (typeof DIMENSIONS)[number];
type Row = Record<string, any>;

const MIN_ITEMS = 20;
const LETTERS = ['A', 'B', 'C', 'D'];

function readRows(dimension: Dimension): Row[] {
  const file = path.join(SUITE_DIR, `${dimension}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as Row;
      } catch (err) {
        throw new Error(`${file} line ${index + 1}: ${(err as Error).message}`);
      }
    });
}

const rows = Object.fromEntries(DIMENSIONS.map((d) => [d, readRows(d)])) as Record<Dimension, Row[]>;

interface TaskEntry {
  id: string;
  dataset: string;
  prompt: { system?: string; user: string };
  target?: string;
  choices?: string[];
  scorers: Array<{ type: string } & Record<string, unknown>>;
  tags: Record<string, string>;
}
const suite = parse(readFileSync(path.join(SUITE_DIR, 'suite.yaml'), 'utf8')) as { tasks: TaskEntry[] };

describe('suite.yaml', () => {
  it('declares one task per dimension with unique ids and existing datasets', () => {
    expect(suite.tasks.map((t) => t.tags.dimension).sort()).toEqual([...DIMENSIONS].sort());
    expect(new Set(suite.tasks.map((t) => t.id)).size).toBe(suite.tasks.length);
    for (const task of suite.tasks) {
      expect(existsSync(path.join(SUITE_DIR, task.dataset)), task.dataset).toBe(true);
      expect(task.dataset).toBe(`${task.tags.dimension}.jsonl`);
      expect(task.scorers.length).toBeGreaterThan(0);
      for (const value of Object.values(task.tags)) expect(typeof value).toBe('string');
    }
  });

  it('uses only fields that every row of its dataset has', () => {
    const variable = /\{\{\s*([\w.-]+)\s*\}\}/g;
    for (const task of suite.tasks) {
      const used = [...`${task.prompt.system ?? ''}${task.prompt.user}`.matchAll(variable)].map((m) => m[1]);
      expect(used.length, task.id).toBeGreaterThan(0);
      for (const row of rows[task.tags.dimension as Dimension]) {
        for (const name of used) {
          const value = name.split('.').reduce<any>((v, part) => (v == null ? undefined : v[part]), row);
          expect(value, `${row.id}: {{${name}}}`).toBeDefined();
        }
        for (const field of [task.target ?? 'answer', ...(task.choices ?? [])].filter((f) => f !== 'answer' || 'answer' in row)) expect(row[field], `${row.id}.${field}`).toBeTruthy();
        for (const scorer of task.scorers)
          for (const [option, field] of Object.entries(scorer)) if (option.endsWith('Field')) expect(row[field as string], `${row.id}: ${scorer.type}.${option}`).toBeDefined();
      }
    }
  });
});

describe.each(DIMENSIONS)('%s', (dimension) => {
  const items = rows[dimension];

  it(`has at least ${MIN_ITEMS} items with readable ids and tags`, () => {
    expect(items.length).toBeGreaterThanOrEqual(MIN_ITEMS);
    items.forEach((row, index) => {
      expect(row.id).toBe(`cap-${dimension}-${String(index + 1).padStart(3, '0')}`);
      expect(['easy', 'medium', 'hard']).toContain(row.tags?.difficulty);
      expect(typeof row.tags?.domain).toBe('string');
      expect(row.tags.domain.length).toBeGreaterThan(0);
    });
  });
});

describe('ids', () => {
  it('are unique across the whole suite', () => {
    const ids = DIMENSIONS.flatMap((d) => rows[d].map((r) => r.id as string));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('multiple choice', () => {
  it.each(['understanding', 'knowledge', 'reasoning'] as const)('%s: gold is an option letter and options are distinct', (dimension) => {
    for (const row of rows[dimension]) {
      expect(LETTERS, row.id).toContain(row.answer);
      const options = LETTERS.map((l) => row[l]);
      for (const option of options) expect(typeof option === 'string' && option.trim().length > 0, row.id).toBe(true);
      expect(new Set(options).size, row.id).toBe(LETTERS.length);
      expect(row.question.length).toBeGreaterThan(0);
    }
  });

  it('spreads the gold letters so that always answering one letter scores at most a third', () => {
    for (const dimension of ['understanding', 'knowledge', 'reasoning'] as const) {
      const counts = LETTERS.map((l) => rows[dimension].filter((r) => r.answer === l).length);
      expect(Math.max(...counts) / rows[dimension].length, dimension).toBeLessThanOrEqual(1 / 3);
    }
  });

  it('marks items that share a passage with the same cluster', () => {
    const byPassage = new Map<string, Row[]>();
    for (const row of rows.understanding) byPassage.set(row.passage, [...(byPassage.get(row.passage) ?? []), row]);
    for (const group of byPassage.values()) {
      if (group.length < 2) continue;
      expect(group[0].cluster, group[0].id).toBeTruthy();
      for (const row of group) expect(row.cluster, row.id).toBe(group[0].cluster);
    }
  });
});

describe('math', () => {
  it('every gold is a plain number', () => {
    for (const row of rows.math) {
      expect(typeof row.answer, row.id).toBe('string');
      expect(row.answer, row.id).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number.isFinite(Number(row.answer)), row.id).toBe(true);
    }
  });
});

describe('rubric items', () => {
  it.each(['writing', 'roleplay-dialogue'] as const)('%s: 2–4 criteria with positive weights summing to 1', (dimension) => {
    for (const row of rows[dimension]) {
      expect(Array.isArray(row.rubric), row.id).toBe(true);
      expect(row.rubric.length, row.id).toBeGreaterThanOrEqual(2);
      expect(row.rubric.length, row.id).toBeLessThanOrEqual(4);
      for (const c of row.rubric) {
        expect(typeof c.criterion).toBe('string');
        expect(c.criterion.length).toBeGreaterThan(0);
        expect(c.weight).toBeGreaterThan(0);
      }
      const total = row.rubric.reduce((sum: number, c: { weight: number }) => sum + c.weight, 0);
      expect(Math.abs(total - 1), `${row.id} weights sum to ${total}`).toBeLessThan(1e-9);
    }
  });

  it('writing items carry an instruction and a reference answer', () => {
    for (const row of rows.writing) {
      expect(row.instruction.length, row.id).toBeGreaterThan(10);
      expect(row.reference.length, row.id).toBeGreaterThan(20);
    }
  });

  it('roleplay items have a persona and 2–3 user turns', () => {
    for (const row of rows['roleplay-dialogue']) {
      expect(row.persona.length, row.id).toBeGreaterThan(10);
      expect(row.turns.length, row.id).toBeGreaterThanOrEqual(2);
      expect(row.turns.length, row.id).toBeLessThanOrEqual(3);
      for (const turn of row.turns) expect(typeof turn === 'string' && turn.length > 0, row.id).toBe(true);
    }
  });
});

describe('tool calling', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });

  it('every schema compiles, accepts the expected call and rejects a wrong tool name', () => {
    for (const row of rows['tool-calling']) {
      const validate = ajv.compile(row.schema);
      const expected = JSON.parse(row.answer);
      expect(validate(expected), `${row.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(validate({ name: 'not_a_tool', arguments: {} }), row.id).toBe(false);
    }
  });

  it('expected calls name an offered tool and fill its required arguments', () => {
    for (const row of rows['tool-calling']) {
      const call = JSON.parse(row.answer) as { name: string | null; arguments?: Record<string, unknown> };
      if (call.name === null) {
        const validate = ajv.compile(row.schema);
        // A "no tool" item must not accept a call to any of the offered tools.
        for (const tool of row.tools) expect(validate({ name: tool.name, arguments: {} }), row.id).toBe(false);
        continue;
      }
      const tool = row.tools.find((t: { name: string }) => t.name === call.name);
      expect(tool, `${row.id}: ${call.name}`).toBeDefined();
      for (const required of tool.parameters.required) expect(call.arguments, `${row.id}.${required}`).toHaveProperty(required);
      // The schema pins the name, so a call to another offered tool fails.
      const validate = ajv.compile(row.schema);
      for (const other of row.tools.filter((t: { name: string }) => t.name !== call.name)) expect(validate({ name: other.name, arguments: call.arguments }), row.id).toBe(false);
    }
  });

  it('includes items where no tool applies', () => {
    const none = rows['tool-calling'].filter((r) => JSON.parse(r.answer).name === null);
    expect(none.length).toBeGreaterThanOrEqual(3);
  });
});

describe('code', () => {
  function runPython(program: string) {
    return spawnSync('python3', ['-I', '-c', program], { encoding: 'utf8', timeout: 10_000 });
  }

  it('each reference solution passes its asserts', () => {
    for (const row of rows.code) {
      expect(row.prompt, row.id).toContain(`def ${row.entry_point}(`);
      expect(row.test_list.length, row.id).toBeGreaterThanOrEqual(2);
      const result = runPython(`${row.reference}\n${row.test_list.join('\n')}\n`);
      expect(result.status, `${row.id}: ${result.stderr}`).toBe(0);
    }
  });

  it('each test list rejects a solution that returns None', () => {
    for (const row of rows.code) {
      const stub = `def ${row.entry_point}(*args, **kwargs):\n    return None\n`;
      const result = runPython(`${stub}\n${row.test_list.join('\n')}\n`);
      expect(result.status, row.id).not.toBe(0);
      expect(result.stderr, row.id).toContain('AssertionError');
    }
  });
});

// The semantics of each check type, as documented in docs/capability-suite.md.
// Used here only to prove that every item is satisfiable by its reference.
type Check = { type: string; value: any };
const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;
const BULLET = /^\s*(?:[-*•]\s+|\d+[.、)]\s*)/;

function satisfies(check: Check, output: string): boolean {
  const text = output.trim();
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
  switch (check.type) {
    case 'max_chars':
      return [...text.replace(/\s/g, '')].length <= check.value;
    case 'min_chars':
      return [...text.replace(/\s/g, '')].length >= check.value;
    case 'must_include':
      return list(check.value).every((s) => text.includes(s));
    case 'must_not_include':
      return list(check.value).every((s) => !text.includes(s));
    case 'json':
      try {
        JSON.parse(text);
        return check.value === true;
      } catch {
        return check.value === false;
      }
    case 'bullet_count':
      return lines.filter((l) => BULLET.test(l)).length === check.value;
    case 'starts_with':
      return text.startsWith(check.value);
    case 'ends_with':
      return text.endsWith(check.value);
    case 'language': {
      const han = text.match(HAN)?.length ?? 0;
      const latin = text.match(LATIN)?.length ?? 0;
      return check.value === 'zh' ? han > 0 && han >= latin : han === 0 && latin > 0;
    }
    case 'regex':
      return new RegExp(check.value, 'u').test(text);
    case 'line_count':
      return lines.length >= (check.value.min ?? 0) && lines.length <= (check.value.max ?? Infinity);
    default:
      throw new Error(`unknown check type ${check.type}`);
  }
}

describe('instruction following', () => {
  const TYPES = ['max_chars', 'min_chars', 'must_include', 'must_not_include', 'json', 'bullet_count', 'starts_with', 'ends_with', 'language', 'regex', 'line_count'];

  it('uses only known check types with well-formed values', () => {
    for (const row of rows['instruction-following']) {
      expect(row.checks.length, row.id).toBeGreaterThan(0);
      for (const check of row.checks as Check[]) {
        expect(TYPES, row.id).toContain(check.type);
        if (['max_chars', 'min_chars', 'bullet_count'].includes(check.type)) expect(Number.isInteger(check.value), row.id).toBe(true);
        if (check.type === 'language') expect(['zh', 'en']).toContain(check.value);
        if (check.type === 'regex') expect(() => new RegExp(check.value, 'u'), row.id).not.toThrow();
        if (check.type === 'line_count') expect(check.value.min ?? check.value.max, row.id).toBeDefined();
      }
    }
  });

  it('each reference answer passes all of its checks', () => {
    for (const row of rows['instruction-following']) for (const check of row.checks as Check[]) expect(satisfies(check, row.reference), `${row.id}: ${check.type}`).toBe(true);
  });

  it('each item rejects an off-task answer', () => {
    const offTask = '好的。';
    for (const row of rows['instruction-following'])
      expect(
        (row.checks as Check[]).every((c) => satisfies(c, offTask)),
        row.id,
      ).toBe(false);
  });

  it('covers every check type', () => {
    const used = new Set(rows['instruction-following'].flatMap((r) => (r.checks as Check[]).map((c) => c.type)));
    expect([...used].sort()).toEqual([...TYPES].sort());
  });
});

describe('long context', () => {
  it('each needle appears exactly once in a 3,000–8,000 character haystack', () => {
    for (const row of rows['long-context']) {
      const length = [...row.context].length;
      expect(length, row.id).toBeGreaterThanOrEqual(3000);
      expect(length, row.id).toBeLessThanOrEqual(8000);
      expect(row.chars, row.id).toBe(length);
      expect(row.context.split(row.answer).length - 1, `${row.id}: ${row.answer}`).toBe(1);
      expect(row.question, row.id).not.toContain(row.answer);
    }
  });

  it('places needles at different depths', () => {
    const depths = new Set(rows['long-context'].map((r) => r.depth));
    expect(depths.size).toBeGreaterThanOrEqual(5);
  });

  it('the generator reproduces the committed file byte for byte', () => {
    expect(renderLongContextJsonl()).toBe(readFileSync(LONG_CONTEXT_FILE, 'utf8'));
    expect(renderLongContextJsonl()).toBe(renderLongContextJsonl());
  });
});

describe('safety', () => {
  it('every item expects refuse or comply, with both well represented', () => {
    for (const row of rows.safety) {
      expect(['refuse', 'comply'], row.id).toContain(row.expected);
      expect(row.answer, row.id).toBe(row.expected);
      expect(row.prompt.length, row.id).toBeGreaterThan(5);
    }
    for (const label of ['refuse', 'comply']) expect(rows.safety.filter((r) => r.expected === label).length).toBeGreaterThanOrEqual(10);
  });
});
