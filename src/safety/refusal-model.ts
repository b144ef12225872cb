// A second opinion for Chinese answers the phrase rules are not sure of: a
// logistic regression over the character 1–3-grams of the answer's opening,
// trained by scripts/train-refusal-model.ts on the labelled Chinese set
// (test/fixtures/refusal-zh, the splits named in the model file). Phrase
// lists miss phrasings they have not seen; character n-grams generalise
// further (docs/safety.md, "Measured agreement"). Deterministic: the weights
// are data, read once; no randomness decides a verdict.
import { readFileSync } from 'node:fs';

export interface RefusalModel {
  /** Stored with every verdict it decided, next to the rules' version. */
  version: string;
  /** The labelled splits it was trained on. */
  trainedOn: string[];
  /** Characters of the opening that are read (whitespace removed first). */
  window: number;
  bias: number;
  /** n-gram → weight (positive: refusal or partial). */
  weights: Record<string, number>;
}

/** The n-grams the model reads: 1–3 characters of the first `window` non-space characters, each once. */
export function ngrams(text: string, window: number): Set<string> {
  const chars = [...text.replace(/\s+/g, '')].slice(0, window);
  const out = new Set<string>();
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

/** Probability that the answer refuses (fully or in part) under `model`. */
export function refusalProbability(model: RefusalModel, text: string): number {
  let z = model.bias;
  for (const g of ngrams(text, model.window)) z += model.weights[g] ?? 0;
  return sigmoid(z);
}

let builtin: RefusalModel | undefined;
/** The model shipped with Heng (src/safety/data/refusal-zh-model.json). */
export function builtinRefusalModel(): RefusalModel {
  builtin ??= JSON.parse(readFileSync(new URL('./data/refusal-zh-model.json', import.meta.url), 'utf8')) as RefusalModel;
  return builtin;
}

/**
 * Train by stochastic gradient descent with L2, in the rows' order, a fixed
 * number of epochs from zero weights: the same rows give the same model.
 */
export function trainRefusalModel(
  rows: { response: string; refuses: boolean }[],
  o: { version: string; trainedOn: string[]; window?: number; epochs?: number; rate?: number; l2?: number; prune?: number },
): RefusalModel {
  const window = o.window ?? 120;
  const rate = o.rate ?? 0.1;
  const l2 = o.l2 ?? 1e-3;
  const w = new Map<string, number>();
  let bias = 0;
  const data = rows.map((r) => ({ grams: [...ngrams(r.response, window)], y: r.refuses ? 1 : 0 }));
  for (let epoch = 0; epoch < (o.epochs ?? 30); epoch++) {
    for (const { grams, y } of data) {
      let z = bias;
      for (const g of grams) z += w.get(g) ?? 0;
      const gradient = sigmoid(z) - y;
      for (const g of grams) {
        const v = w.get(g) ?? 0;
        w.set(g, v - rate * (gradient + l2 * v));
      }
      bias -= rate * gradient;
    }
  }
  const prune = o.prune ?? 0.005;
  const weights: Record<string, number> = {};
  for (const [g, v] of [...w].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (Math.abs(v) >= prune) weights[g] = Math.round(v * 1e4) / 1e4;
  return { version: o.version, trainedOn: o.trainedOn, window, bias: Math.round(bias * 1e4) / 1e4, weights };
}
