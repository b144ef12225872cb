// MMLU's 57 subjects and their 4 categories, as data. Source: the
// subcategories/categories tables of hendrycks/test categories.py: each
// subject has one sub-category, and each sub-category belongs to one of STEM
// (18 subjects), humanities (13), social sciences (12), other (14).
import type { SubjectInfo } from './cmmlu-subjects.js';

export type MmluCategory = 'STEM' | 'humanities' | 'social sciences' | 'other (business, health, misc.)';

export const MMLU_CATEGORIES: readonly MmluCategory[] = ['STEM', 'humanities', 'social sciences', 'other (business, health, misc.)'];

const CATEGORY_OF_SUBCATEGORY: Record<string, MmluCategory> = {
  physics: 'STEM',
  chemistry: 'STEM',
  biology: 'STEM',
  'computer science': 'STEM',
  math: 'STEM',
  engineering: 'STEM',
  history: 'humanities',
  philosophy: 'humanities',
  law: 'humanities',
  politics: 'social sciences',
  culture: 'social sciences',
  economics: 'social sciences',
  geography: 'social sciences',
  psychology: 'social sciences',
  other: 'other (business, health, misc.)',
  business: 'other (business, health, misc.)',
  health: 'other (business, health, misc.)',
};

/** Subject → sub-category, as in the reference code. */
export const MMLU_SUBCATEGORY: Readonly<Record<string, string>> = {
  abstract_algebra: 'math',
  anatomy: 'health',
  astronomy: 'physics',
  business_ethics: 'business',
  clinical_knowledge: 'health',
  college_biology: 'biology',
  college_chemistry: 'chemistry',
  college_computer_science: 'computer science',
  college_mathematics: 'math',
  college_medicine: 'health',
  college_physics: 'physics',
  computer_security: 'computer science',
  conceptual_physics: 'physics',
  econometrics: 'economics',
  electrical_engineering: 'engineering',
  elementary_mathematics: 'math',
  formal_logic: 'philosophy',
  global_facts: 'other',
  high_school_biology: 'biology',
  high_school_chemistry: 'chemistry',
  high_school_computer_science: 'computer science',
  high_school_european_history: 'history',
  high_school_geography: 'geography',
  high_school_government_and_politics: 'politics',
  high_school_macroeconomics: 'economics',
  high_school_mathematics: 'math',
  high_school_microeconomics: 'economics',
  high_school_physics: 'physics',
  high_school_psychology: 'psychology',
  high_school_statistics: 'math',
  high_school_us_history: 'history',
  high_school_world_history: 'history',
  human_aging: 'health',
  human_sexuality: 'culture',
  international_law: 'law',
  jurisprudence: 'law',
  logical_fallacies: 'philosophy',
  machine_learning: 'computer science',
  management: 'business',
  marketing: 'business',
  medical_genetics: 'health',
  miscellaneous: 'other',
  moral_disputes: 'philosophy',
  moral_scenarios: 'philosophy',
  nutrition: 'health',
  philosophy: 'philosophy',
  prehistory: 'history',
  professional_accounting: 'other',
  professional_law: 'law',
  professional_medicine: 'health',
  professional_psychology: 'psychology',
  public_relations: 'politics',
  security_studies: 'politics',
  sociology: 'culture',
  us_foreign_policy: 'politics',
  virology: 'health',
  world_religions: 'philosophy',
};

/**
 * `zh` holds the name the official prompt uses: the reference code's
 * format_subject joins the words with a space *before* each one, so the
 * header reads "…about  abstract algebra." (two spaces) — kept as published.
 */
export const MMLU_SUBJECTS: Readonly<Record<string, SubjectInfo<MmluCategory>>> = Object.fromEntries(
  Object.entries(MMLU_SUBCATEGORY).map(([subject, sub]) => [
    subject,
    {
      zh: subject
        .split('_')
        .map((w) => ` ${w}`)
        .join(''),
      group: CATEGORY_OF_SUBCATEGORY[sub],
      groups: [CATEGORY_OF_SUBCATEGORY[sub]],
    },
  ]),
);
