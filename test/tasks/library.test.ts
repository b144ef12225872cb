// heng tasks import → the task library → a run through the engine → which
// runs used which version.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { InputError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { importTask, inspectSource, parseMap, parseRubric } from '../../src/tasks/import.js';
import { listLibrary, readLibraryTask } from '../../src/tasks/library.js';
import { runsOfTask } from '../../src/tasks/runs.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'heng-tasks-'));
function write(dir: string, name: string, text: string) {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}
const FAQ = '编号,问题,参考答案,备注\nq1,开户需要什么证件？,身份证,内部\nq2,转账限额是多少？,5万元,\n';

describe('column mapping', () => {
  it('lists the columns with a suggested mapping (Chinese and English headers, option columns)', async () => {
    const dir = tmp();
    const s = await inspectSource(write(dir, 'faq.csv', FAQ));
    expect(s).toMatchObject({ columns: ['编号', '问题', '参考答案', '备注'], rows: 2, suggested: { id: '编号', question: '问题', target: '参考答案' } });
    const mc = await inspectSource(write(dir, 'mc.csv', 'Question,选项A,选项B,Option C,Answer\nq,1,2,3,A\n'));
    expect(mc.suggested).toEqual({ question: 'Question', target: 'Answer', A: '选项A', B: '选项B', C: 'Option C' });
  });

  it('parses --map and rejects malformed pairs', () => {
    expect(parseMap('question=问题, target=参考答案,A=选项A')).toEqual({ question: '问题', target: '参考答案', A: '选项A' });
    expect(() => parseMap('question')).toThrow(/"question" is not field=column/);
  });

  it('reads rubrics as JSON or lines with weights', () => {
    const at = { file: 'f.csv', line: 3, field: '评分标准' };
    expect(parseRubric('准确引用条款 (2)\n语气礼貌：1\n- Mentions the fee | 3\n给出办理渠道', at)).toEqual([
      { criterion: '准确引用条款', weight: 2 },
      { criterion: '语气礼貌', weight: 1 },
      { criterion: 'Mentions the fee', weight: 3 },
      { criterion: '给出办理渠道', weight: 1 },
    ]);
    expect(parseRubric('[{"criterion":"a","weight":2},{"name":"b"}]', at)).toEqual([
      { criterion: 'a', weight: 2 },
      { criterion: 'b', weight: 1 },
    ]);
    expect(() => parseRubric('[{"criterion":"a","weight":-1}]', at)).toThrow(/f\.csv, line 3, field "评分标准": rubric entry 1: weight must be a positive number/);
  });
});

describe('import', () => {
  it('writes task.yaml and normalised items.jsonl; errors name file, line and field', async () => {
    const dir = tmp();
    const library = path.join(dir, 'tasks');
    const r = await importTask({ file: write(dir, 'faq.csv', FAQ), map: parseMap('id=编号,question=问题,target=参考答案'), library });
    expect(r).toMatchObject({ id: 'faq', items: 2, change: 'new' });
    const spec = parse(readFileSync(path.join(library, 'faq/task.yaml'), 'utf8'));
    expect(spec).toMatchObject({ id: 'faq', dataset: 'items.jsonl', prompt: { user: '{{question}}' }, target: 'target', scorers: [{ type: 'contains' }] });
    expect(readFileSync(path.join(library, 'faq/items.jsonl'), 'utf8')).toBe(
      '{"id":"q1","question":"开户需要什么证件？","target":"身份证"}\n{"id":"q2","question":"转账限额是多少？","target":"5万元"}\n',
    );
    const v = readLibraryTask(library, 'faq').current;
    expect([v.taskHash, v.datasetHash]).toEqual([r.taskHash, r.datasetHash]);

    const empty = write(dir, 'empty.csv', '问题,答案\n有答案吗,有\n,没有问题\n');
    const err = await importTask({ file: empty, map: { question: '问题', target: '答案' }, library }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/empty\.csv, line 3, field "问题": empty question/);
    const noCol = await importTask({ file: empty, map: { question: 'Question' }, library }).catch((e) => e);
    expect(noCol.message).toMatch(/empty\.csv, field "Question": no column "Question" \(mapped to "question"\)[\s\S]*columns found: 问题, 答案/);
    const dup = await importTask({ file: write(dir, 'dup.csv', 'id,q,a\nx,1,1\nx,2,2\n'), map: { id: 'id', question: 'q', target: 'a' }, library }).catch((e) => e);
    expect(dup.message).toMatch(/dup\.csv, line 3, field "id": duplicate id "x"/);
    const badLetter = await importTask({ file: write(dir, 'mc.csv', 'q,a,b,ans\n1+1?,1,2,C\n'), map: parseMap('question=q,A=a,B=b,target=ans'), library }).catch((e) => e);
    expect(badLetter.message).toMatch(/mc\.csv, line 2, field "ans": target "C" is not one of the option letters A, B/);
  });

  it('imports XLSX multiple choice with a choice scorer, and JSONL rubric tasks for the rubric scorer', async () => {
    const dir = tmp();
    const library = path.join(dir, 'tasks');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题库');
    ws.addRow(['题目', '选项A', '选项B', '选项C', '答案']);
    ws.addRow(['人民币的法定货币单位是？', '元', '角', '分', 'a']);
    await wb.xlsx.writeFile(path.join(dir, '题库.xlsx'));
    const mc = await importTask({ file: path.join(dir, '题库.xlsx'), id: 'bank-mc', map: parseMap('question=题目,A=选项A,B=选项B,C=选项C,target=答案'), library });
    const mcSpec = readLibraryTask(library, mc.id).current.spec;
    expect(mcSpec).toMatchObject({ choices: ['A', 'B', 'C'], scorers: [{ type: 'choice' }], prompt: { user: '{{question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}' } });
    expect(JSON.parse(readFileSync(path.join(library, 'bank-mc/items.jsonl'), 'utf8'))).toMatchObject({ id: '0', target: 'A', A: '元' });

    const jsonl = write(dir, 'claims.jsonl', `${JSON.stringify({ q: '理赔需要哪些材料？', rubric: '列出保单号 (2)\n说明时限' })}\n`);
    await importTask({ file: jsonl, map: { question: 'q', rubric: 'rubric' }, judge: 'judge-1', library });
    expect(readLibraryTask(library, 'claims').current.spec.scorers).toEqual([{ type: 'rubric', judge: 'judge-1', criteriaField: 'rubric' }]);
    expect(JSON.parse(readFileSync(path.join(library, 'claims/items.jsonl'), 'utf8')).rubric).toEqual([
      { criterion: '列出保单号', weight: 2 },
      { criterion: '说明时限', weight: 1 },
    ]);

    const rubricFile = write(dir, 'rubric.yaml', 'criteria:\n  - { criterion: 答案准确, weight: 3 }\n  - { criterion: 语气礼貌 }\n');
    await importTask({ file: jsonl, id: 'claims-shared', map: { question: 'q' }, rubricFile, judge: 'judge-1', library });
    expect(readLibraryTask(library, 'claims-shared').current.spec.scorers[0]).toEqual({
      type: 'rubric',
      judge: 'judge-1',
      criteria: [
        { criterion: '答案准确', weight: 3 },
        { criterion: '语气礼貌', weight: 1 },
      ],
    });
    const noJudge = await importTask({ file: jsonl, map: { question: 'q', rubric: 'rubric' }, library }).catch((e) => e);
    expect(noJudge.message).toMatch(/field "--judge": rubric scoring needs a judge provider/);
    expect(listLibrary(library).map((t) => t.id)).toEqual(['bank-mc', 'claims', 'claims-shared']);
  });
});

describe('versions and runs', () => {
  let server: OpenAIServer;
  beforeAll(async () => (server = await startOpenAIServer({ answers: () => '身份证' })));
  afterAll(() => server.close());

  it('a library task runs with "pack: library"; re-import keeps the old version; runs are matched to versions', async () => {
    const dir = tmp();
    const library = path.join(dir, 'tasks');
    const csv = write(dir, 'faq.csv', FAQ);
    const map = parseMap('id=编号,question=问题,target=参考答案');
    const v1 = await importTask({ file: csv, map, library });
    expect((await importTask({ file: csv, map, library })).change).toBe('unchanged');

    const yaml = `providers:\n  - { id: bank-bot, type: openai-compatible, baseUrl: ${server.url}/v1, model: m }\ntasks:\n  - { pack: library, tasks: [faq] }\nrun: { cache: false }\n`;
    write(dir, 'heng.yaml', yaml);
    const db = await testDb(dir);
    const store = await openStore(db);
    try {
      const first = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });
      const results = await store.results(first.runId);
      expect(results.map((r) => [r.item_id, r.outcome])).toEqual([
        ['q1', 'correct'],
        ['q2', 'wrong'],
      ]);

      write(dir, 'faq.csv', `${FAQ}q3,挂失怎么办？,拨打客服电话,\n`);
      const v2 = await importTask({ file: csv, map, library, now: new Date('2026-11-29T03:00:00Z') });
      expect(v2).toMatchObject({ change: 'updated', items: 3, previous: `history/20261129T030000Z-${v1.taskHash.slice(0, 8)}-${v1.datasetHash.slice(0, 8)}` });
      expect(existsSync(path.join(library, 'faq', v2.previous!, 'items.jsonl'))).toBe(true);
      const second = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });

      const runs = await runsOfTask(store.db, 'faq');
      const task = readLibraryTask(library, 'faq');
      const byRun = Object.fromEntries(runs.map((r) => [r.runId, r]));
      expect(byRun[first.runId]).toMatchObject({ taskHash: v1.taskHash, datasetHash: v1.datasetHash, items: 2 });
      expect(byRun[second.runId]).toMatchObject({ taskHash: v2.taskHash, datasetHash: v2.datasetHash, items: 3 });
      expect(task.current.datasetHash).toBe(v2.datasetHash);
      expect(task.history.map((h) => h.datasetHash)).toEqual([v1.datasetHash]);
    } finally {
      await store.close();
    }

    // The CLI prints the same: versions with hashes and the run that used each.
    const out = await new Promise<string>((resolve) => {
      const p = spawn(process.execPath, ['bin/heng.js', 'tasks', 'show', 'faq', '--config', path.join(dir, 'heng.yaml'), '--db', db, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let s = '';
      p.stdout.on('data', (d) => (s += d));
      p.on('exit', () => resolve(s));
    });
    const shown = JSON.parse(out);
    expect(shown.versions.map((v: { label: string }) => v.label)).toEqual(['current', expect.stringMatching(/^20261129T030000Z-/)]);
    expect(shown.runs.map((r: { version: string }) => r.version)).toEqual(['current', expect.stringMatching(/^20261129T030000Z-/)]);
  }, 120_000);
});
