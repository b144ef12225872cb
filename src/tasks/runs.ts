// Which runs evaluated which version of a task: run_tasks records the task
// and dataset hashes of every task in every run.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface TaskRun {
  runId: string;
  name: string | null;
  status: string;
  createdAt: string;
  taskHash: string;
  datasetHash: string;
  items: number;
}

export async function runsOfTask(db: Kysely<Database>, taskId: string): Promise<TaskRun[]> {
  const rows = await db
    .selectFrom('run_tasks')
    .innerJoin('runs', 'runs.id', 'run_tasks.run_id')
    .select([
      'runs.id as runId',
      'runs.name as name',
      'runs.status as status',
      'runs.created_at as createdAt',
      'run_tasks.task_hash as taskHash',
      'run_tasks.dataset_hash as datasetHash',
      'run_tasks.item_count as items',
    ])
    .where('run_tasks.task_id', '=', taskId)
    .orderBy('runs.created_at', 'desc')
    .execute();
  return rows;
}

/** Which runs used a task, from one store (for `heng tasks`). */
export class TaskRuns {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }
  of = (taskId: string) => runsOfTask(this.db, taskId);
}
