// Reads heng.yaml: YAML → schema-checked config, with every error naming
// file, line and field, and a hint for the fix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { configSchema, packRefSchema, taskSpecSchema, type HengConfig, type PackRef, type TaskSpec } from './schema.js';
import { lineLookup, readYaml, type YamlLimits, type YamlRead } from './yaml-read.js';

export type ConfigPath = ReadonlyArray<string | number>;

export interface LoadedConfig {
  config: HengConfig;
  /** Task entries, each validated as a pack reference or a task spec. */
  tasks: Array<{ kind: 'pack'; spec: PackRef; index: number } | { kind: 'task'; spec: TaskSpec; index: number }>;
  file: string;
  baseDir: string;
  /** The raw text, stored with the run (it holds secrets only by reference). */
  text: string;
  /** 1-based line of a config path, for error messages. */
  lineOf(p: ConfigPath): number | undefined;
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read config: ${(err as Error).message}`, { file });
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string, limits?: YamlLimits): LoadedConfig {
  return configFromYaml(readYaml(text, file, limits), text, file);
}

/** The config from YAML already read (on this thread or a worker: ./parse-off-thread.ts). */
export function configFromYaml(read: YamlRead, text: string, file: string): LoadedConfig {
  const lineOf = lineLookup(read.lines);
  const raw = read.value;
  const config = validate(configSchema, raw, file, [], lineOf);
  const tasks = config.tasks.map((entry, index) =>
    'pack' in entry
      ? { kind: 'pack' as const, spec: validate(packRefSchema, entry, file, ['tasks', index], lineOf), index }
      : { kind: 'task' as const, spec: validate(taskSpecSchema, entry, file, ['tasks', index], lineOf), index },
  );
  checkUniqueIds(
    config.providers.map((p) => p.id),
    'providers',
    file,
    lineOf,
  );
  checkUniqueIds(tasks.map(taskEntryId), 'tasks', file, lineOf);
  return { config, tasks, file, baseDir: path.dirname(path.resolve(file)), text, lineOf };
}

/** Validate `value` (found at `at` in the file) and turn the first issue into an InputError. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, file: string, at: ConfigPath, lineOf: (p: ConfigPath) => number | undefined): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A misspelt key also makes a required key "missing": report the typo, it is the cause.
  const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0];
  const full = [...at, ...(issue.path as Array<string | number>)];
  let field = full.join('.');
  let problem = issue.message;
  let hint: string | undefined;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    field = [...full, key].join('.');
    problem = `unknown field "${key}"`;
    const known = knownKeys(schema, issue.path as Array<string | number>);
    const close = closest(key, known);
    hint = close ? `did you mean "${close}"?` : known.length ? `known fields: ${known.join(', ')}` : undefined;
    return fail(problem, file, lineOf([...full, key]) ?? lineOf(full), field, hint);
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    problem = `missing required field "${String(full[full.length - 1])}"`;
  }
  return fail(problem, file, lineOf(full) ?? lineOf(at), field, hint);
}

function fail(problem: string, file: string, line: number | undefined, field: string, hint?: string): never {
  throw new InputError(problem, { file, line, field: field || undefined }, hint);
}

function checkUniqueIds(ids: string[], section: string, file: string, lineOf: (p: ConfigPath) => number | undefined) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) fail(`duplicate id "${id}"`, file, lineOf([section, i, 'id']) ?? lineOf([section, i]), `${section}.${i}.id`, 'ids must be unique');
    seen.add(id);
  });
}

function knownKeys(schema: z.ZodType, p: Array<string | number>): string[] {
  // Walk object/array schemas along the path to list the keys that are allowed there.
  let s: any = schema;
  for (const k of p) {
    while (s?.def?.innerType) s = s.def.innerType;
    if (s?.def?.type === 'array') s = s.def.element;
    else if (s?.shape) s = s.shape[k];
    else return [];
  }
  while (s?.def?.innerType) s = s.def.innerType;
  if (s?.def?.type === 'array') s = s.def.element;
  return s?.shape ? Object.keys(s.shape) : [];
}

export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Resolve `${env:NAME}`; a missing variable is bad input naming the field. */
export function resolveSecret(ref: string | undefined, where: { file: string; line?: number; field: string }): string | undefined {
  if (ref === undefined) return undefined;
  const m = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(ref);
  if (!m) throw new InputError('secrets are given by reference only', where, 'write ${env:VARIABLE} and export the variable');
  const value = process.env[m[1]];
  if (!value) throw new InputError(`environment variable ${m[1]} is not set`, where, `export ${m[1]}=… before running`);
  return value;
}

/** A task entry's id: its own, or the pack name for a pack reference without one. */
export function taskEntryId(t: LoadedConfig['tasks'][number]): string {
  return t.kind === 'pack' ? (t.spec.id ?? t.spec.pack) : t.spec.id;
}
