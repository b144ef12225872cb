// The subject → group tables against each benchmark's official category
// table: CMMLU src/categories.py (groups overlap: China-specific subjects also
// count in their sub-category's group), C-Eval subject_mapping.json, MMLU
// (hendrycks/test) categories.py. Counts checked by hand against those files.
import { describe, expect, it } from 'vitest';
import { CEVAL_CATEGORIES, CEVAL_SUBJECTS } from '../../src/benchmarks/ceval-subjects.js';
import { CMMLU_GROUPS, CMMLU_SUBJECTS, GROUPS_SEPARATOR, groupTags, type SubjectInfo } from '../../src/benchmarks/cmmlu-subjects.js';
import { MMLU_CATEGORIES, MMLU_SUBJECTS } from '../../src/benchmarks/mmlu-subjects.js';
import { SAFETYBENCH_CATEGORIES } from '../../src/benchmarks/safetybench.js';

type Table = Readonly<Record<string, SubjectInfo<string>>>;
const counts = (table: Table, groups: readonly string[]) => Object.fromEntries(groups.map((g) => [g, Object.values(table).filter((s) => s.groups.includes(g)).length]));
const groupsOf = (table: Table, subject: string) => [...table[subject].groups];

describe('CMMLU groups (haonan-li/CMMLU src/categories.py)', () => {
  it('has 67 subjects; per group STEM 17, Humanities 13, Social Science 22, Other 15, China specific 15', () => {
    expect(Object.keys(CMMLU_SUBJECTS)).toHaveLength(67);
    expect(counts(CMMLU_SUBJECTS, CMMLU_GROUPS)).toEqual({ STEM: 17, Humanities: 13, 'Social Science': 22, Other: 15, 'China specific': 15 });
  });

  it('puts each China-specific subject in its sub-category group as well', () => {
    expect(groupsOf(CMMLU_SUBJECTS, 'ancient_chinese')).toEqual(['Social Science', 'China specific']);
    expect(groupsOf(CMMLU_SUBJECTS, 'chinese_history')).toEqual(['Humanities', 'China specific']);
    expect(groupsOf(CMMLU_SUBJECTS, 'traditional_chinese_medicine')).toEqual(['Other', 'China specific']);
    expect(groupsOf(CMMLU_SUBJECTS, 'chinese_literature')).toEqual(['Humanities', 'China specific']);
    expect(groupsOf(CMMLU_SUBJECTS, 'high_school_politics')).toEqual(['Social Science', 'China specific']);
    const china = Object.entries(CMMLU_SUBJECTS).filter(([, s]) => s.groups.includes('China specific'));
    expect(china.map(([name]) => name).sort()).toEqual([
      'ancient_chinese',
      'chinese_civil_service_exam',
      'chinese_driving_rule',
      'chinese_food_culture',
      'chinese_foreign_policy',
      'chinese_history',
      'chinese_literature',
      'chinese_teacher_qualification',
      'construction_project_management',
      'elementary_chinese',
      'elementary_commonsense',
      'ethnology',
      'high_school_politics',
      'modern_chinese',
      'traditional_chinese_medicine',
    ]);
    // Exactly two groups each, China specific primary (the `group` tag, as before groups overlapped).
    for (const [, s] of china) expect([s.groups.length, s.group]).toEqual([2, 'China specific']);
    // Every other subject is in one group, its primary.
    for (const s of Object.values(CMMLU_SUBJECTS).filter((x) => !x.groups.includes('China specific'))) expect(s.groups).toEqual([s.group]);
  });
});

describe('C-Eval categories (hkust-nlp/ceval subject_mapping.json)', () => {
  it('has 52 subjects, one category each: STEM 20, Social Science 10, Humanities 11, Other 11', () => {
    expect(Object.keys(CEVAL_SUBJECTS)).toHaveLength(52);
    expect(counts(CEVAL_SUBJECTS, CEVAL_CATEGORIES)).toEqual({ STEM: 20, 'Social Science': 10, Humanities: 11, Other: 11 });
    for (const s of Object.values(CEVAL_SUBJECTS)) expect(s.groups).toEqual([s.group]);
    // clinical_medicine had no category in the file until its last revision, which puts it in Other.
    expect(groupsOf(CEVAL_SUBJECTS, 'clinical_medicine')).toEqual(['Other']);
    expect(groupsOf(CEVAL_SUBJECTS, 'veterinary_medicine')).toEqual(['STEM']);
    expect(groupsOf(CEVAL_SUBJECTS, 'modern_chinese_history')).toEqual(['Humanities']);
  });
});

describe('MMLU categories (hendrycks/test categories.py)', () => {
  it('has 57 subjects, one category each: STEM 18, humanities 13, social sciences 12, other 14', () => {
    expect(Object.keys(MMLU_SUBJECTS)).toHaveLength(57);
    expect(counts(MMLU_SUBJECTS, MMLU_CATEGORIES)).toEqual({ STEM: 18, humanities: 13, 'social sciences': 12, 'other (business, health, misc.)': 14 });
    for (const s of Object.values(MMLU_SUBJECTS)) expect(s.groups).toEqual([s.group]);
    expect(groupsOf(MMLU_SUBJECTS, 'global_facts')).toEqual(['other (business, health, misc.)']);
    expect(groupsOf(MMLU_SUBJECTS, 'human_sexuality')).toEqual(['social sciences']);
    expect(groupsOf(MMLU_SUBJECTS, 'computer_security')).toEqual(['STEM']);
  });
});

describe('groups tag', () => {
  it('joins every group with a separator no group name contains, only for subjects in several groups', () => {
    for (const g of [...CMMLU_GROUPS, ...CEVAL_CATEGORIES, ...MMLU_CATEGORIES, ...SAFETYBENCH_CATEGORIES]) expect(g).not.toContain(GROUPS_SEPARATOR);
    expect(groupTags(CMMLU_SUBJECTS.ethnology)).toEqual({ group: 'China specific', groups: 'Social Science|China specific' });
    expect(groupTags(CMMLU_SUBJECTS.agronomy)).toEqual({ group: 'Other' });
    expect(groupTags(MMLU_SUBJECTS.marketing)).toEqual({ group: 'other (business, health, misc.)' });
  });
});
