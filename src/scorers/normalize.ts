// Text normalisation shared by scorers: full-width → half-width, case,
// whitespace and punctuation (Chinese and Western) removed.
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const PUNCT = /[\s\p{P}\p{S}]+/gu;

export function normalizeText(s: string): string {
  return toHalfWidth(s).normalize('NFKC').toLowerCase().replace(PUNCT, '');
}

export function targets(t: string | string[] | undefined): string[] {
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}
