// heng tasks import <file> [--map …] | list | show <id>: the enterprise task library.
// The work modules load on use: every command is registered at start-up.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { dbUrl, isPostgresUrl } from '../../store/open.js';
import { SCORER_CHOICES, type ImportScorer } from '../../tasks/import.js';
import type { LibraryTask } from '../../tasks/library.js';
import type { TaskRun } from '../../tasks/runs.js';
import { dbOption, printJson, withStore } from '../common.js';

const plain = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
const short = (h: string) => h.slice(0, 12);

const libraryOptions = (c: Command) =>
  c.option('--library <dir>', 'the task library folder (default: tasks/ beside the config)').option('--config <file>', 'heng.yaml whose folder holds tasks/', 'heng.yaml');

/** Runs per task id; no store yet (no --db, no $HENG_DB, no default file) means no runs, without creating one. */
async function runsFor(db: string | undefined, ids: string[]): Promise<Map<string, TaskRun[]>> {
  const url = dbUrl(db);
  if (!db && !process.env.HENG_DB && !isPostgresUrl(url) && !existsSync(url)) return new Map(ids.map((id) => [id, []]));
  const { TaskRuns } = await import('../../tasks/runs.js');
  return withStore(db, async (store) => {
    const runs = new TaskRuns(store);
    return new Map(await Promise.all(ids.map(async (id) => [id, await runs.of(id)] as const)));
  });
}

function versionOf(task: LibraryTask, run: TaskRun): string {
  const v = [task.current, ...task.history].find((x) => x.taskHash === run.taskHash && x.datasetHash === run.datasetHash);
  return v ? v.label : 'not in the library';
}

export function register(program: Command) {
  const tasks = program.command('tasks').description('the task library: import your own question files, list tasks and their versions');

  libraryOptions(
    tasks
      .command('import')
      .description('turn a CSV/XLSX/JSONL file into a library task (task.yaml + items.jsonl); without --map, show the columns and a suggested mapping')
      .argument('<file>', 'the question file')
      .option('--map <pairs>', 'task field = source column, comma-separated: question=问题,target=答案,A=选项A,…,rubric=评分标准,id=编号')
      .option('--id <id>', 'task id (default: the file name)')
      .option('--sheet <name>', 'XLSX sheet (default: the first)')
      .addOption(new Option('--scorer <type>', 'how answers are scored (default: choice with options, rubric with criteria, else contains)').choices([...SCORER_CHOICES]))
      .option('--judge <provider>', 'judge provider id for rubric scoring')
      .option('--rubric <file>', 'one rubric for every item: YAML/JSON list of {criterion, weight}, or one criterion per line')
      .option('--prompt <template>', 'user prompt template (default {{question}}, plus the options for multiple choice)')
      .option('--system <text>', 'system prompt')
      .option('--json', 'machine-readable output'),
  ).action(async (file: string, opts) => {
    const [{ importTask, inspectSource, parseMap }, { libraryDir }] = await Promise.all([import('../../tasks/import.js'), import('../../tasks/library.js')]);
    if (!opts.map) {
      const s = await inspectSource(file, opts.sheet);
      if (opts.json) return printJson(s);
      const pairs = Object.entries(s.suggested)
        .map(([f, c]) => `${f}=${c}`)
        .join(',');
      process.stdout.write(`${plain(s.file)}: ${s.rows} rows\ncolumns: ${s.columns.map(plain).join(', ')}\n`);
      process.stdout.write(
        pairs
          ? `suggested mapping:\n  heng tasks import ${plain(file)} --map '${plain(pairs)}'\n`
          : 'no column looks like a question: map them yourself with --map question=<column>,target=<column>\n',
      );
      process.stdout.write('fields: id, question (required), target, A…J (options), rubric, system; any other name is kept as a field\n');
      return;
    }
    const r = await importTask({
      file,
      map: parseMap(opts.map),
      library: libraryDir(opts),
      id: opts.id,
      sheet: opts.sheet,
      scorer: opts.scorer as ImportScorer | undefined,
      judge: opts.judge,
      rubricFile: opts.rubric,
      prompt: opts.prompt,
      system: opts.system,
    });
    if (opts.json) return printJson(r);
    const what = r.change === 'new' ? 'new task' : r.change === 'updated' ? `new version (previous in ${r.previous})` : 'unchanged';
    process.stdout.write(
      `${r.id}: ${r.items} items, ${what}\n  ${plain(r.dir)}\n  task ${short(r.taskHash)}  dataset ${short(r.datasetHash)}\nuse it in heng.yaml:\n  tasks:\n    - { pack: library, tasks: [${r.id}] }\n`,
    );
  });

  libraryOptions(
    tasks.command('list').description('tasks in the library with their content hashes and how many runs used them').option('--json', 'machine-readable output').addOption(dbOption()),
  ).action(async (opts) => {
    const { libraryDir, listLibrary } = await import('../../tasks/library.js');
    const dir = libraryDir(opts);
    const list = listLibrary(dir);
    const runs = await runsFor(
      opts.db,
      list.map((t) => t.id),
    );
    const rows = list.map((t) => ({
      id: t.id,
      items: t.current.items,
      taskHash: t.current.taskHash,
      datasetHash: t.current.datasetHash,
      versions: 1 + t.history.length,
      runs: runs.get(t.id)!.length,
      runsOfCurrent: runs.get(t.id)!.filter((r) => versionOf(t, r) === 'current').length,
    }));
    if (opts.json) return printJson({ library: dir, tasks: rows });
    if (!rows.length) return void process.stdout.write(`no tasks in ${plain(dir)}: add one with "heng tasks import <file>"\n`);
    process.stdout.write(`library ${plain(dir)}\n`);
    for (const r of rows)
      process.stdout.write(
        `${r.id.padEnd(24)} ${String(r.items).padStart(6)} items  task ${short(r.taskHash)}  dataset ${short(r.datasetHash)}  ${r.versions} version(s)  ${r.runs} run(s), ${r.runsOfCurrent} of this version\n`,
      );
  });

  libraryOptions(
    tasks.command('show').description("a task's versions (content hashes) and the runs that used each").argument('<id>', 'task id').option('--json', 'machine-readable output').addOption(dbOption()),
  ).action(async (id: string, opts) => {
    const { libraryDir, readLibraryTask } = await import('../../tasks/library.js');
    const t = readLibraryTask(libraryDir(opts), id);
    const runs = (await runsFor(opts.db, [id])).get(id)!;
    const versions = [t.current, ...t.history.slice().reverse()].map((v) => ({
      label: v.label,
      dir: v.dir,
      taskHash: v.taskHash,
      datasetHash: v.datasetHash,
      items: v.items,
      scorers: v.spec.scorers.map((s) => s.type),
    }));
    const used = runs.map((r) => ({ ...r, version: versionOf(t, r) }));
    if (opts.json) return printJson({ id, versions, runs: used });
    process.stdout.write(`${id}\n`);
    for (const v of versions) process.stdout.write(`  ${v.label.padEnd(40)} task ${short(v.taskHash)}  dataset ${short(v.datasetHash)}  ${v.items} items  scorers: ${v.scorers.join(', ')}\n`);
    process.stdout.write(used.length ? 'runs:\n' : 'no runs used this task yet\n');
    for (const r of used) process.stdout.write(`  ${r.runId}  ${r.createdAt}  ${r.status.padEnd(10)} task ${short(r.taskHash)}  dataset ${short(r.datasetHash)}  → ${r.version}\n`);
  });
}
