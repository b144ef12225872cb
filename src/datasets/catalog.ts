// The standard data sets Heng knows: where their authors publish them, what
// a pack expects on disk, and where `heng datasets pull|import` keeps them
// ($HENG_DATA/<name>, default ~/.heng/data/<name>). Packs find a data set
// there when their heng.yaml entry has no `data:`.
//
// A file is downloadable only with a pinned sha256, taken from the exact
// bytes its authors publish; files Heng has no pinned checksum for (the
// archives) are imported from a manual download instead.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CatalogFile {
  /** Name inside the data set's folder. */
  name: string;
  /** Official release URL. */
  url: string;
  /** sha256 of the official bytes; null: not pinned, so never downloaded. */
  sha256: string | null;
}

export interface CatalogEntry {
  name: string;
  title: string;
  /** The authors' repository or page. */
  source: string;
  licence: string;
  /** `file`: the pack's data: is one file (`main`); `folder`: the data set's folder. */
  kind: 'file' | 'folder';
  main?: string;
  /** What a manual download must contain, for `heng datasets import`. */
  layout: string;
  files: CatalogFile[];
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    name: 'gsm8k',
    title: 'GSM8K test split',
    source: 'https://github.com/openai/grade-school-math',
    licence: 'MIT',
    kind: 'file',
    main: 'test.jsonl',
    layout: 'grade_school_math/data/test.jsonl ({question, answer} per line)',
    files: [
      {
        name: 'test.jsonl',
        url: 'https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data/test.jsonl',
        sha256: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14',
      },
    ],
  },
  {
    name: 'humaneval',
    title: 'HumanEval',
    source: 'https://github.com/openai/human-eval',
    licence: 'MIT',
    kind: 'file',
    main: 'HumanEval.jsonl.gz',
    layout: 'data/HumanEval.jsonl.gz',
    files: [
      {
        name: 'HumanEval.jsonl.gz',
        url: 'https://raw.githubusercontent.com/openai/human-eval/master/data/HumanEval.jsonl.gz',
        sha256: 'b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef',
      },
    ],
  },
  {
    name: 'mtbench',
    title: 'MT-Bench questions',
    source: 'https://github.com/lm-sys/FastChat/tree/main/fastchat/llm_judge',
    licence: 'Apache-2.0',
    kind: 'file',
    main: 'question.jsonl',
    layout: 'fastchat/llm_judge/data/mt_bench/question.jsonl',
    files: [
      {
        name: 'question.jsonl',
        url: 'https://raw.githubusercontent.com/lm-sys/FastChat/main/fastchat/llm_judge/data/mt_bench/question.jsonl',
        sha256: '119565adbab82227089cefdb44c8d7e2cf04dc0a0ec233634c82e7d4e2a944f7',
      },
    ],
  },
  {
    name: 'mbpp',
    title: 'MBPP',
    source: 'https://github.com/google-research/google-research/tree/master/mbpp',
    licence: 'CC-BY-4.0',
    kind: 'file',
    main: 'mbpp.jsonl',
    layout: 'mbpp/mbpp.jsonl',
    files: [{ name: 'mbpp.jsonl', url: 'https://raw.githubusercontent.com/google-research/google-research/master/mbpp/mbpp.jsonl', sha256: null }],
  },
  {
    name: 'cmmlu',
    title: 'CMMLU',
    source: 'https://github.com/haonan-li/CMMLU',
    licence: 'CC BY-NC-SA 4.0',
    kind: 'folder',
    layout: 'the data/ folder: dev/<subject>.csv and test/<subject>.csv',
    files: [],
  },
  {
    name: 'ceval',
    title: 'C-Eval',
    source: 'https://github.com/hkust-nlp/ceval (ceval-exam.zip on Hugging Face)',
    licence: 'CC BY-NC-SA 4.0',
    kind: 'folder',
    layout: 'ceval-exam.zip unpacked: dev/, val/, test/ with <subject>_<split>.csv',
    files: [],
  },
  {
    name: 'mmlu',
    title: 'MMLU',
    source: 'https://github.com/hendrycks/test (data.tar)',
    licence: 'MIT',
    kind: 'folder',
    layout: 'data.tar unpacked: data/dev/, data/test/ with <subject>_<split>.csv, no header row',
    files: [],
  },
  {
    name: 'safetybench',
    title: 'SafetyBench',
    source: 'https://github.com/thu-coai/SafetyBench (files on Hugging Face thu-coai/SafetyBench)',
    licence: 'MIT',
    kind: 'folder',
    layout: 'dev_zh.json, dev_en.json, test_zh.json, test_en.json, test_zh_subset.json (any of them)',
    files: [],
  },
];

export function catalogEntry(name: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.name === name);
}

/** Where imported and pulled data sets live: $HENG_DATA, else ~/.heng/data. */
export function dataRoot(): string {
  return process.env.HENG_DATA || path.join(os.homedir(), '.heng', 'data');
}

export const MANIFEST = 'heng-dataset.json';

/** The path a pack should read for data set `name`, when it has been imported or pulled; else undefined. */
export function localDataPath(name: string): string | undefined {
  const entry = catalogEntry(name);
  if (!entry) return undefined;
  const dir = path.join(dataRoot(), name);
  const manifest = path.join(dir, MANIFEST);
  if (!existsSync(manifest)) return undefined;
  if (entry.kind === 'folder') return dir;
  // An imported file keeps its own name (HumanEval.jsonl or .jsonl.gz): the manifest says which.
  const main = (JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string }).main;
  return path.join(dir, main ?? entry.main!);
}
