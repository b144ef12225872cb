// `- pack: library`: tasks from the enterprise task library (src/tasks/library.ts).
//   - pack: library
//     tasks: [faq-zh, claims-rubric]   # default: every task in the library
//     library: tasks                   # default: tasks/ beside heng.yaml
import path from 'node:path';
import type { PackRef } from '../config/schema.js';
import { InputError } from '../errors.js';
import { listLibrary, readLibraryTask, TASK_FILE } from '../tasks/library.js';
import { loadTask } from '../tasks/load.js';
import type { Task } from '../tasks/task.js';
import type { PackContext } from './index.js';

export async function libraryPack(ref: PackRef, ctx: PackContext): Promise<Task[]> {
  const place = { file: ctx.file, line: ctx.line };
  if (ref.library !== undefined && typeof ref.library !== 'string') throw new InputError('"library" must be a folder path', { ...place, field: 'library' });
  const library = path.resolve(ctx.baseDir, (ref.library as string | undefined) ?? 'tasks');
  const wanted = ref.tasks;
  if (wanted !== undefined && !(Array.isArray(wanted) && wanted.every((t) => typeof t === 'string'))) throw new InputError('"tasks" must be a list of task ids', { ...place, field: 'tasks' });
  const entries = wanted ? (wanted as string[]).map((id) => readLibraryTask(library, id)) : listLibrary(library);
  if (!entries.length) throw new InputError(`the task library ${library} is empty`, { ...place, field: 'library' }, 'add tasks with "heng tasks import <file>"');
  // Judge-scored (rubric) tasks resolve their judge among the run's providers.
  return Promise.all(
    entries.map((t) => loadTask(t.current.spec, { baseDir: t.current.dir, file: path.join(t.current.dir, TASK_FILE), providers: ctx.providers, judges: ctx.judges, judgeCache: ctx.judgeCache })),
  );
}
