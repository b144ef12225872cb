// C-Eval's 52 subjects: Chinese name and category, as data. Source:
// hkust-nlp/ceval subject_mapping.json (subject → English name, Chinese
// name, category), one category per subject: 20 STEM, 10 Social Science,
// 11 Humanities, 11 Other.
import type { SubjectInfo } from './cmmlu-subjects.js';

export type CevalCategory = 'STEM' | 'Social Science' | 'Humanities' | 'Other';

export const CEVAL_CATEGORIES: readonly CevalCategory[] = ['STEM', 'Social Science', 'Humanities', 'Other'];

const S = (zh: string, group: CevalCategory): SubjectInfo<CevalCategory> => ({ zh, group, groups: [group] });

export const CEVAL_SUBJECTS: Readonly<Record<string, SubjectInfo<CevalCategory>>> = {
  computer_network: S('计算机网络', 'STEM'),
  operating_system: S('操作系统', 'STEM'),
  computer_architecture: S('计算机组成', 'STEM'),
  college_programming: S('大学编程', 'STEM'),
  college_physics: S('大学物理', 'STEM'),
  college_chemistry: S('大学化学', 'STEM'),
  advanced_mathematics: S('高等数学', 'STEM'),
  probability_and_statistics: S('概率统计', 'STEM'),
  discrete_mathematics: S('离散数学', 'STEM'),
  electrical_engineer: S('注册电气工程师', 'STEM'),
  metrology_engineer: S('注册计量师', 'STEM'),
  high_school_mathematics: S('高中数学', 'STEM'),
  high_school_physics: S('高中物理', 'STEM'),
  high_school_chemistry: S('高中化学', 'STEM'),
  high_school_biology: S('高中生物', 'STEM'),
  middle_school_mathematics: S('初中数学', 'STEM'),
  middle_school_biology: S('初中生物', 'STEM'),
  middle_school_physics: S('初中物理', 'STEM'),
  middle_school_chemistry: S('初中化学', 'STEM'),
  veterinary_medicine: S('兽医学', 'STEM'),
  college_economics: S('大学经济学', 'Social Science'),
  business_administration: S('工商管理', 'Social Science'),
  marxism: S('马克思主义基本原理', 'Social Science'),
  mao_zedong_thought: S('毛泽东思想和中国特色社会主义理论体系概论', 'Social Science'),
  education_science: S('教育学', 'Social Science'),
  teacher_qualification: S('教师资格', 'Social Science'),
  high_school_politics: S('高中政治', 'Social Science'),
  high_school_geography: S('高中地理', 'Social Science'),
  middle_school_politics: S('初中政治', 'Social Science'),
  middle_school_geography: S('初中地理', 'Social Science'),
  modern_chinese_history: S('近代史纲要', 'Humanities'),
  ideological_and_moral_cultivation: S('思想道德修养与法律基础', 'Humanities'),
  logic: S('逻辑学', 'Humanities'),
  law: S('法学', 'Humanities'),
  chinese_language_and_literature: S('中国语言文学', 'Humanities'),
  art_studies: S('艺术学', 'Humanities'),
  professional_tour_guide: S('导游资格', 'Humanities'),
  legal_professional: S('法律职业资格', 'Humanities'),
  high_school_chinese: S('高中语文', 'Humanities'),
  high_school_history: S('高中历史', 'Humanities'),
  middle_school_history: S('初中历史', 'Humanities'),
  civil_servant: S('公务员', 'Other'),
  sports_science: S('体育学', 'Other'),
  plant_protection: S('植物保护', 'Other'),
  basic_medicine: S('基础医学', 'Other'),
  clinical_medicine: S('临床医学', 'Other'),
  urban_and_rural_planner: S('注册城乡规划师', 'Other'),
  accountant: S('注册会计师', 'Other'),
  fire_engineer: S('注册消防工程师', 'Other'),
  environmental_impact_assessment_engineer: S('环境影响评价工程师', 'Other'),
  tax_accountant: S('税务师', 'Other'),
  physician: S('医师资格', 'Other'),
};
