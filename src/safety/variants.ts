// Character data for keyword folding (normalize.ts) that the libraries used
// there do not provide. Data, not logic: extend the tables, keep them small.
//
// VARIANTS: Japanese and other variant forms that OpenCC's jp/tw/hk → cn
// tables leave unchanged (checked against opencc-js 1.4.2), mapped to the
// simplified character. SPLIT_CHARACTERS: a character written as its two
// components side by side (番羽 for 翻), a common evasion; no kept library
// offers this decomposition-in-reverse, so it is a short list of the forms
// seen in evasion lists. A pair folds to its character in keywords and text
// alike, so a keyword never needs to list the split form.

/** Variant → simplified, one character each. */
export const VARIANTS: Readonly<Record<string, string>> = {
  氷: '冰',
  剤: '剂',
  薬: '药',
  覚: '觉',
  麺: '面',
  銭: '钱',
  転: '转',
  売: '卖',
};

/** Two components → the character they make. */
export const SPLIT_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ['番羽', '翻'],
  ['氵去', '法'],
  ['车仑', '轮'],
  ['車侖', '轮'],
  ['工力', '功'],
  ['弓虽', '强'],
  ['女干', '奸'],
  ['身寸', '射'],
]);
