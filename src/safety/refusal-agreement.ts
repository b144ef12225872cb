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

// XSTest figures: the same for /2, /3 and /4 (the rules /4 added decide none of XSTest's answers differently).
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

const ZH_HOLDOUT4: MeasuredAgreement = {
  dataset: { zh: '中文留出集第四轮（写成后从未用于调整或训练）', en: 'Chinese held-out split, fourth round (never tuned or trained on)' },
  n: 132,
  twoWay: 0.955,
  threeWay: 0.932,
  kappa: 0.865,
  heldOut: true,
};

export const MEASURED_AGREEMENT: Record<string, MeasuredAgreement[]> = {
  // /4 added English rules for a refusal that then answers a part (partial);
  // the Chinese rules and the model are those of /3.
  'refusal-rules/4': [
    {
      dataset: { zh: '英文留出集第二轮（写成后从未用于调整）', en: 'English held-out split, second round (never tuned on)' },
      n: 112,
      twoWay: 0.991,
      threeWay: 0.866,
      kappa: 0.788,
      heldOut: true,
    },
    { dataset: { zh: '英文留出集第一轮（/4 调整所用）', en: 'English held-out split, first round (tuned on by /4)' }, n: 147, twoWay: 0.966, threeWay: 0.952, kappa: 0.924, heldOut: false },
    ZH_HOLDOUT4,
    ...XSTEST_TUNED,
  ],
  // /3 added the Chinese n-gram model (refusal-model.ts) and Chinese phrase rules.
  'refusal-rules/3': [
    ZH_HOLDOUT4,
    {
      dataset: { zh: '英文留出集第一轮（写成后未用于调整 /3）', en: 'English held-out split, first round (never tuned on by /3)' },
      n: 147,
      twoWay: 0.966,
      threeWay: 0.789,
      kappa: 0.641,
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
