// Judge prompts are versioned data (./prompts/*.yaml), never code: the id,
// version and sha256 of the exact prompt file go into every judgment so a
// score can be traced to the words that produced it. A config may point a
// judge at its own prompt file with the same shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError, type Place } from '../errors.js';
import { sha256 } from '../tasks/hash.js';
import { render } from '../tasks/template.js';
import type { ChatMessage } from '../types.js';

export const PROMPT_KINDS = ['single', 'single-reference', 'multi-turn', 'multi-turn-reference', 'pairwise', 'pairwise-reference', 'alignbench-dimensions', 'rubric'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];
export type JudgeLang = 'zh' | 'en';

const promptSchema = z.strictObject({
  id: z.string().min(1),
  version: z.number().int().positive(),
  lang: z.enum(['zh', 'en']),
  kind: z.enum(PROMPT_KINDS),
  /** How the judgment is read: see ./parse.ts. */
  output: z.enum(['rating', 'verdict', 'dimensions', 'criteria']),
  system: z.string().optional(),
  user: z.string().min(1),
});

export interface JudgePrompt extends z.infer<typeof promptSchema> {
  /** sha256 of the prompt file as stored. */
  sha256: string;
  file: string;
}

/** What is stored with a judgment to name its prompt. */
export interface PromptRef {
  id: string;
  version: number;
  sha256: string;
}

export const promptRef = (p: JudgePrompt): PromptRef => ({ id: p.id, version: p.version, sha256: p.sha256 });

const BUILTIN_DIR = fileURLToPath(new URL('./prompts/', import.meta.url));

function readPrompt(file: string, place: Place = {}): JudgePrompt {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read judge prompt: ${(err as Error).message}`, place, 'give a built-in prompt id (docs/judges.md) or the path of a prompt YAML file');
  }
  const parsed = promptSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`judge prompt: ${issue.message}`, { file, field: issue.path.join('.') || undefined }, 'fields: id, version, lang (zh|en), kind, output, system, user');
  }
  return { ...parsed.data, sha256: sha256(text), file };
}

let builtins: Map<string, JudgePrompt> | undefined;

/** Every built-in prompt by id. */
export function builtinPrompts(): Map<string, JudgePrompt> {
  builtins ??= new Map(
    readdirSync(BUILTIN_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => readPrompt(path.join(BUILTIN_DIR, f)))
      .map((p) => [p.id, p]),
  );
  return builtins;
}

/** The built-in prompt of a kind in a language. */
export function defaultPrompt(kind: PromptKind, lang: JudgeLang): JudgePrompt {
  const p = [...builtinPrompts().values()].find((x) => x.kind === kind && x.lang === lang);
  if (!p) throw new Error(`no built-in judge prompt of kind ${kind} in ${lang}`);
  return p;
}

/**
 * A prompt named in a spec: a built-in id, or a YAML file relative to the
 * config. `kinds` are the kinds the caller can use.
 */
export function resolvePrompt(ref: string, baseDir: string, kinds: readonly PromptKind[], place: Place): JudgePrompt {
  const p = /\.(ya?ml|json)$/i.test(ref) ? readPrompt(path.resolve(baseDir, ref), place) : builtinPrompts().get(ref);
  if (!p) throw new InputError(`unknown judge prompt "${ref}"`, place, `built-in prompts: ${[...builtinPrompts().keys()].join(', ')}`);
  if (!kinds.includes(p.kind)) throw new InputError(`judge prompt "${ref}" is of kind ${p.kind}; this scorer needs ${kinds.join(' or ')}`, place);
  return p;
}

/** The messages sent to the judge. Values are inserted once; text inside them is never re-expanded. */
export function renderPrompt(p: JudgePrompt, vars: Record<string, string>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (p.system) messages.push({ role: 'system', content: render(p.system, vars) });
  messages.push({ role: 'user', content: render(p.user, vars) });
  return messages;
}
