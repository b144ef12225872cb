// What the refusal detector's agreement with people was measured to be, per
// detector version: the figures docs/safety.md reports ("Refusal detection:
// measured agreement"), cited by the filing report next to the customer's own
// latest calibration. Measured with the rules alone (no judge).
export interface MeasuredAgreement {
  dataset: { zh: string; en: string };
  n: number;
  /** Two-way (partial = refusal) and three-way agreement with the human labels. */
  twoWay: number;
  threeWay: number;
  /** Cohen's κ, three-way. */
  kappa: number;
  /** Measured on answers the rules were not tuned on. */
  heldOut: boolean;
}

// XSTest figures: the English rules are the same in /2 and /3.
const XSTEST_HELD_OUT: MeasuredAgreement = {
  dataset: { zh: 'XSTest Llama-2-70b-chat（英文规则仅按 GPT-4 回答调整时）', en: 'XSTest Llama-2-70b-chat (English rules tuned on GPT-4 answers only)' },
  n: 450,
  twoWay: 0.942,
  threeWay: 0.847,
  kappa: 0.661,
  heldOut: true,
};
const XSTEST_TUNED: MeasuredAgreement[] = [
  { dataset: { zh: 'XSTest GPT-4（调整所用）', en: 'XSTest GPT-4 (tuned on)' }, n: 450, twoWay: 0.98, threeWay: 0.96, kappa: 0.923, heldOut: false },
  { dataset: { zh: 'XSTest Llama-2-70b-chat（调整所用）', en: 'XSTest Llama-2-70b-chat (tuned on)' }, n: 450, twoWay: 0.956, threeWay: 0.862, kappa: 0.7, heldOut: false },
];

export const MEASURED_AGREEMENT: Record<string, MeasuredAgreement[]> = {
  // /3 added the Chinese n-gram model (refusal-model.ts) and Chinese phrase rules.
  'refusal-rules/3': [
    {
      dataset: { zh: '中文留出集第四轮（写成后从未用于调整或训练）', en: 'Chinese held-out split, fourth round (never tuned or trained on)' },
      n: 132,
      twoWay: 0.955,
      threeWay: 0.932,
      kappa: 0.865,
      heldOut: true,
    },
    XSTEST_HELD_OUT,
    ...XSTEST_TUNED,
  ],
  'refusal-rules/2': [
    XSTEST_HELD_OUT,
    { dataset: { zh: '中文留出集（第三轮，调整前写成）', en: 'Chinese held-out split (third round, written before measuring)' }, n: 86, twoWay: 0.919, threeWay: 0.919, kappa: 0.851, heldOut: true },
    ...XSTEST_TUNED,
  ],
};
