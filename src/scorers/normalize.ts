// Text handling shared by every scorer: full-width → half-width, reasoning
// blocks removed, and the "normalized" comparison form.

/** Full-width ASCII (Ｃ，：（）) → half-width; ideographic space → space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * The part of a model output that is its answer. Reasoning models sometimes
 * inline their thinking as <think>…</think>; an unclosed <think> means the
 * answer was cut off inside the thinking, so nothing after it counts.
 */
export function answerText(output: string): string {
  return output.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '');
}

const PUNCTUATION = /\p{P}+/gu;
const CJK = String.raw`\p{Script=Han}`;
const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK}) (?=${CJK})`, 'gu');

/**
 * Comparison form for the `normalized` scorer: NFKC (full-width → half-width),
 * lower case, punctuation (Western and Chinese) → space, whitespace collapsed,
 * and no spaces between Chinese characters (Chinese does not use them).
 */
export function normalizeText(s: string): string {
  return toHalfWidth(answerText(s)).normalize('NFKC').toLowerCase().replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim().replace(SPACE_BETWEEN_CJK, '');
}

/** An item's acceptable answers as a list (empty when it has none). */
export function targets(target: string | string[] | undefined): string[] {
  return target === undefined ? [] : Array.isArray(target) ? target : [target];
}
