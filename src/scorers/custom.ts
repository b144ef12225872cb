// Custom scorers: a user's module, resolved relative to the config file's
// folder. It exports default either a Scorer or a factory `(options) =>
// Scorer` (sync or async) that receives the spec's other options.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Score, Scorer, ScoreInput } from '../types.js';
import { InputError } from '../errors.js';
import type { CustomSpec } from './spec.js';

const OUTCOMES = new Set(['correct', 'wrong', 'unparseable']);

function isScorer(x: unknown): x is Scorer {
  return typeof x === 'object' && x !== null && typeof (x as Scorer).score === 'function';
}

/** A Score from user code is checked, so a bad one is a scorer error rather than a silent number. */
function checkScore(s: unknown, name: string): Score {
  const score = s as Score;
  if (typeof score !== 'object' || score === null) throw new Error(`custom scorer ${name} returned ${String(s)}, not a Score`);
  if (typeof score.value !== 'number' || !(score.value >= 0 && score.value <= 1)) throw new Error(`custom scorer ${name} returned value ${String(score.value)}, outside [0, 1]`);
  if (!OUTCOMES.has(score.outcome)) throw new Error(`custom scorer ${name} returned outcome "${String(score.outcome)}"`);
  return score;
}

let typescriptLoader: Promise<void> | undefined;
/** The compiled CLI (dist/node) reads a user's TypeScript scorer through tsx, registered on first need; from src/ it is already on. */
function loadTypeScript(file: string): Promise<void> {
  if (!/\.[cm]?ts$/.test(file) || !import.meta.url.endsWith('.js')) return Promise.resolve();
  typescriptLoader ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return typescriptLoader;
}

export async function loadCustomScorer(spec: CustomSpec, baseDir: string): Promise<Scorer> {
  const file = path.resolve(baseDir, spec.module);
  let exported: unknown;
  try {
    await loadTypeScript(file);
    exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (err) {
    throw new InputError(`cannot load custom scorer: ${(err as Error).message}`, { file, field: 'module' });
  }
  const { type: _type, module: _module, ...options } = spec;
  const scorer = typeof exported === 'function' ? await (exported as (o: Record<string, unknown>) => unknown)(options) : exported;
  if (!isScorer(scorer)) {
    throw new InputError('a custom scorer module must export default a Scorer ({ name, score }) or a factory returning one', { file, field: 'module' });
  }
  const name = typeof scorer.name === 'string' && scorer.name ? scorer.name : `custom:${path.basename(file)}`;
  return {
    name,
    async score(input: ScoreInput) {
      return checkScore(await scorer.score(input), name);
    },
  };
}
