// The enterprise task library: a folder (default `tasks/` beside heng.yaml)
// with one sub-folder per task — task.yaml (a task spec, docs/config.md) and
// its normalised items.jsonl. Re-importing a task whose content changed
// moves the previous version to history/<time>-<hash>/, so every version a
// run may have used stays on disk and is found again by its hashes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { taskSpecSchema, type TaskSpec } from '../config/schema.js';
import { InputError } from '../errors.js';
import { hashOf, sha256 } from './hash.js';

export const TASK_FILE = 'task.yaml';
export const ITEMS_FILE = 'items.jsonl';
export const HISTORY_DIR = 'history';

export interface LibraryVersion {
  /** The task folder, or its history/<version> folder. */
  dir: string;
  /** `current` or the history folder name. */
  label: string;
  spec: TaskSpec;
  /** The hashes a run records for this content (same as loadTask computes). */
  taskHash: string;
  datasetHash: string;
  items: number;
}

export interface LibraryTask {
  id: string;
  current: LibraryVersion;
  history: LibraryVersion[];
}

/** `--library DIR`, else `tasks/` beside the config (default ./heng.yaml). */
export function libraryDir(opts: { library?: string; config?: string } = {}): string {
  if (opts.library) return path.resolve(opts.library);
  return path.join(path.dirname(path.resolve(opts.config ?? 'heng.yaml')), 'tasks');
}

export function readVersion(dir: string, label: string): LibraryVersion {
  const file = path.join(dir, TASK_FILE);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`cannot read task: ${(err as Error).message}`, { file });
  }
  const parsed = taskSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue.message, { file, field: issue.path.join('.') }, 'fix the task file or re-import it with "heng tasks import"');
  }
  const spec = parsed.data;
  const dataset = typeof spec.dataset === 'string' ? spec.dataset : spec.dataset?.path;
  let datasetHash = hashOf(spec.items ?? []);
  let items = spec.items?.length ?? 0;
  if (dataset) {
    const bytes = readFileSync(path.resolve(dir, dataset));
    datasetHash = sha256(bytes);
    items = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
  }
  return { dir, label, spec, taskHash: hashOf(spec), datasetHash, items };
}

export function readLibraryTask(library: string, id: string): LibraryTask {
  const dir = path.join(library, id);
  if (!existsSync(path.join(dir, TASK_FILE))) throw new InputError(`no task "${id}" in the library`, { file: library }, 'list the library with "heng tasks list"');
  const historyDir = path.join(dir, HISTORY_DIR);
  const history = existsSync(historyDir)
    ? readdirSync(historyDir)
        .sort()
        .filter((v) => existsSync(path.join(historyDir, v, TASK_FILE)))
        .map((v) => readVersion(path.join(historyDir, v), v))
    : [];
  return { id, current: readVersion(dir, 'current'), history };
}

export function listLibrary(library: string): LibraryTask[] {
  if (!existsSync(library)) return [];
  return readdirSync(library, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(library, d.name, TASK_FILE)))
    .map((d) => d.name)
    .sort()
    .map((id) => readLibraryTask(library, id));
}
