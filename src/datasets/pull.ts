// `heng datasets pull|import`: bring a standard data set into the data dir
// ($HENG_DATA/<name>) and record what arrived. Pull downloads only files with
// a pinned sha256 and refuses any other bytes; import copies a manual
// download after checking it loads with the pack's own reader. Both write
// heng-dataset.json: source, per-file sha256 and sizes, and how it came.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeOutputFile } from '../report/write-file.js';
import path from 'node:path';
import { packs } from '../benchmarks/index.js';
import { loadMtBench } from '../benchmarks/mtbench.js';
import { readSafetyBench } from '../benchmarks/safetybench.js';
import { InputError } from '../errors.js';
import { CATALOG, dataRoot, MANIFEST, type CatalogEntry } from './catalog.js';

/** Overrides the origin of every download (a mirror, or a test server): <base>/<name>/<file>. */
export const BASE_URL_ENV = 'HENG_DATASETS_BASE_URL';

export interface Manifest {
  name: string;
  source: string;
  via: 'pull' | 'import';
  /** The URL or local path the data came from. */
  from: string;
  at: string;
  /** For a one-file data set: the file packs read. */
  main?: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

export interface DatasetStatus {
  name: string;
  title: string;
  source: string;
  licence: string;
  /** Where packs look for it. */
  path: string;
  present: boolean;
  /** Whether `heng datasets pull` can download it (every file has a pinned checksum). */
  pullable: boolean;
  layout: string;
  manifest?: Manifest;
}

function entryOrThrow(name: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry {
  const entry = catalog.find((e) => e.name === name);
  if (!entry) throw new InputError(`unknown data set "${name}"`, { field: 'name' }, `known: ${catalog.map((e) => e.name).join(', ')}`);
  return entry;
}

export function datasetStatus(): DatasetStatus[] {
  return CATALOG.map((e) => {
    const dir = path.join(dataRoot(), e.name);
    const manifestFile = path.join(dir, MANIFEST);
    const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest) : undefined;
    return {
      name: e.name,
      title: e.title,
      source: e.source,
      licence: e.licence,
      path: e.kind === 'file' ? path.join(dir, manifest?.main ?? e.main!) : dir,
      present: !!manifest,
      pullable: e.files.length > 0 && e.files.every((f) => f.sha256),
      layout: e.layout,
      ...(manifest ? { manifest } : {}),
    };
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `catalog` replaces the built-in one (tests pin checksums of their own fixture files). */
export async function pullDataset(name: string, opts: { baseUrl?: string; catalog?: readonly CatalogEntry[] } = {}): Promise<Manifest> {
  const entry = entryOrThrow(name, opts.catalog);
  const unpinned = entry.files.filter((f) => !f.sha256);
  if (!entry.files.length || unpinned.length)
    throw new InputError(
      `"${name}" cannot be pulled: Heng has no pinned checksum for ${entry.files.length ? unpinned.map((f) => f.name).join(', ') : 'its release archive'}`,
      { field: 'name' },
      `download it from ${entry.source} yourself (${entry.layout}) and run "heng datasets import ${name} <path>"`,
    );
  const base = opts.baseUrl ?? process.env[BASE_URL_ENV];
  const dir = path.join(dataRoot(), name);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const files: Manifest['files'] = [];
    for (const f of entry.files) {
      const url = base ? `${base.replace(/\/+$/, '')}/${name}/${f.name}` : f.url;
      const bytes = await download(url, name);
      const got = sha256(bytes);
      if (got !== f.sha256)
        throw new InputError(
          `checksum mismatch for ${url}: expected sha256 ${f.sha256}, got ${got}`,
          { field: f.name },
          'the file is not the pinned official release (changed upstream, a proxy page, or tampered); nothing was saved',
        );
      writeOutputFile(path.join(staging, f.name), bytes, { field: f.name });
      files.push({ path: f.name, sha256: got, bytes: bytes.length });
    }
    await verifyFormat(entry, path.join(staging, entry.main ?? ''));
    const manifest: Manifest = { name, source: entry.source, via: 'pull', from: base ?? entry.files[0].url, at: new Date().toISOString(), ...(entry.main ? { main: entry.main } : {}), files };
    return install(staging, dir, manifest);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function download(url: string, name: string): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new InputError(
      `cannot download ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      { field: 'name' },
      `offline? copy the file from a connected machine and run "heng datasets import ${name} <path>"`,
    );
  }
  if (!res.ok) throw new InputError(`cannot download ${url}: HTTP ${res.status}`, { field: 'name' }, `check the URL or ${BASE_URL_ENV}; or import a manual download`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Copy a manual download (file or folder) into the data dir. The copy is
 * checked with the pack's own reader first, so a wrong file is refused
 * before it can be used.
 */
export async function importDataset(name: string, source: string): Promise<Manifest> {
  const entry = entryOrThrow(name);
  const src = path.resolve(source);
  if (!existsSync(src)) throw new InputError('no such file or folder', { file: src }, entry.layout);
  const isDir = statSync(src).isDirectory();
  if (entry.kind === 'file' && isDir) throw new InputError(`"${name}" is one file (${entry.main}), not a folder`, { file: src }, entry.layout);
  if (entry.kind === 'folder' && !isDir) throw new InputError(`"${name}" is a folder`, { file: src }, entry.layout);
  const dir = path.join(dataRoot(), name);
  const staging = `${dir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  // A file keeps its own name: its extension (.gz or not) is how readers know its format.
  const main = entry.kind === 'file' ? path.basename(src) : undefined;
  try {
    if (main) {
      mkdirSync(staging, { recursive: true });
      cpSync(src, path.join(staging, main));
    } else cpSync(src, staging, { recursive: true });
    await verifyFormat(entry, main ? path.join(staging, main) : staging);
    const files = listFiles(staging).map((rel) => {
      const bytes = readFileSync(path.join(staging, rel));
      return { path: rel, sha256: sha256(bytes), bytes: bytes.length };
    });
    const manifest: Manifest = { name, source: entry.source, via: 'import', from: src, at: new Date().toISOString(), ...(main ? { main } : {}), files };
    return install(staging, dir, manifest);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function listFiles(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(root, path.join(rel, d.name)) : d.name === MANIFEST ? [] : [path.join(rel, d.name)]))
    .sort();
}

/** Load the data with the pack that will read it; its InputError (file, line, field) is the verdict. */
async function verifyFormat(entry: CatalogEntry, target: string): Promise<void> {
  if (entry.name === 'safetybench') {
    const found = readdirSync(target).filter((f) => /^(dev|test)_(zh|en)(_subset)?\.json$/.test(f));
    if (!found.length) throw new InputError('no SafetyBench files here', { file: target }, entry.layout);
    for (const f of found) readSafetyBench(path.join(target, f));
    return;
  }
  // The mtbench pack also wants a judge; the questions file alone is checked here.
  if (entry.name === 'mtbench') {
    await loadMtBench(target);
    return;
  }
  const ctx = { baseDir: path.dirname(target), file: target };
  await packs[entry.name]({ pack: entry.name, data: target, ...(entry.name === 'cmmlu' && !existsSync(path.join(target, 'test')) ? { split: 'dev' } : {}) }, ctx);
}

/** Writes the manifest into the staging folder and swaps it in for the data set's folder. */
function install(staging: string, dir: string, manifest: Manifest): Manifest {
  writeOutputFile(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { field: MANIFEST });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(staging, dir);
  return manifest;
}
