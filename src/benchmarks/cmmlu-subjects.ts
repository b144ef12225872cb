// CMMLU's 67 subjects: Chinese name and group, as data. Source: the subject
// list and categories of haonan-li/CMMLU (src/categories.py). A subject
// CMMLU marks "china specific" is grouped as "China specific" (the paper's
// fifth column); the others take the group of their sub-category.
export type CmmluGroup = 'STEM' | 'Humanities' | 'Social Science' | 'Other' | 'China specific';

export interface SubjectInfo<G extends string> {
  /** Name used in the official prompt (以下是关于{zh}的单项选择题…). */
  zh: string;
  group: G;
}

export const CMMLU_GROUPS: readonly CmmluGroup[] = ['STEM', 'Humanities', 'Social Science', 'Other', 'China specific'];

export const CMMLU_SUBJECTS: Readonly<Record<string, SubjectInfo<CmmluGroup>>> = {
  agronomy: { zh: '农学', group: 'Other' },
  anatomy: { zh: '解剖学', group: 'STEM' },
  ancient_chinese: { zh: '古汉语', group: 'China specific' },
  arts: { zh: '艺术学', group: 'Humanities' },
  astronomy: { zh: '天文学', group: 'STEM' },
  business_ethics: { zh: '商业伦理', group: 'Social Science' },
  chinese_civil_service_exam: { zh: '中国公务员考试', group: 'China specific' },
  chinese_driving_rule: { zh: '中国驾驶规则', group: 'China specific' },
  chinese_food_culture: { zh: '中国饮食文化', group: 'China specific' },
  chinese_foreign_policy: { zh: '中国外交政策', group: 'China specific' },
  chinese_history: { zh: '中国历史', group: 'China specific' },
  chinese_literature: { zh: '中国文学', group: 'China specific' },
  chinese_teacher_qualification: { zh: '中国教师资格', group: 'China specific' },
  clinical_knowledge: { zh: '临床知识', group: 'Other' },
  college_actuarial_science: { zh: '大学精算学', group: 'STEM' },
  college_education: { zh: '大学教育学', group: 'Social Science' },
  college_engineering_hydrology: { zh: '大学工程水文学', group: 'STEM' },
  college_law: { zh: '大学法律', group: 'Humanities' },
  college_mathematics: { zh: '大学数学', group: 'STEM' },
  college_medical_statistics: { zh: '大学医学统计', group: 'STEM' },
  college_medicine: { zh: '大学医学', group: 'Other' },
  computer_science: { zh: '计算机科学', group: 'STEM' },
  computer_security: { zh: '计算机安全', group: 'Other' },
  conceptual_physics: { zh: '概念物理学', group: 'STEM' },
  construction_project_management: { zh: '建设工程管理', group: 'China specific' },
  economics: { zh: '经济学', group: 'Social Science' },
  education: { zh: '教育学', group: 'Social Science' },
  electrical_engineering: { zh: '电气工程', group: 'STEM' },
  elementary_chinese: { zh: '小学语文', group: 'China specific' },
  elementary_commonsense: { zh: '小学常识', group: 'China specific' },
  elementary_information_and_technology: { zh: '小学信息技术', group: 'Other' },
  elementary_mathematics: { zh: '初等数学', group: 'STEM' },
  ethnology: { zh: '民族学', group: 'China specific' },
  food_science: { zh: '食品科学', group: 'Other' },
  genetics: { zh: '遗传学', group: 'STEM' },
  global_facts: { zh: '全球事实', group: 'Humanities' },
  high_school_biology: { zh: '高中生物', group: 'STEM' },
  high_school_chemistry: { zh: '高中化学', group: 'STEM' },
  high_school_geography: { zh: '高中地理', group: 'Social Science' },
  high_school_mathematics: { zh: '高中数学', group: 'STEM' },
  high_school_physics: { zh: '高中物理学', group: 'STEM' },
  high_school_politics: { zh: '高中政治', group: 'China specific' },
  human_sexuality: { zh: '人类性行为', group: 'Other' },
  international_law: { zh: '国际法学', group: 'Humanities' },
  journalism: { zh: '新闻学', group: 'Social Science' },
  jurisprudence: { zh: '法理学', group: 'Humanities' },
  legal_and_moral_basis: { zh: '法律与道德基础', group: 'Other' },
  logical: { zh: '逻辑学', group: 'Humanities' },
  machine_learning: { zh: '机器学习', group: 'STEM' },
  management: { zh: '管理学', group: 'Social Science' },
  marketing: { zh: '市场营销', group: 'Social Science' },
  marxist_theory: { zh: '马克思主义理论', group: 'Humanities' },
  modern_chinese: { zh: '现代汉语', group: 'China specific' },
  nutrition: { zh: '营养学', group: 'Other' },
  philosophy: { zh: '哲学', group: 'Humanities' },
  professional_accounting: { zh: '专业会计', group: 'Social Science' },
  professional_law: { zh: '专业法学', group: 'Humanities' },
  professional_medicine: { zh: '专业医学', group: 'Other' },
  professional_psychology: { zh: '专业心理学', group: 'Social Science' },
  public_relations: { zh: '公共关系', group: 'Social Science' },
  security_study: { zh: '安全研究', group: 'Social Science' },
  sociology: { zh: '社会学', group: 'Social Science' },
  sports_science: { zh: '体育学', group: 'Other' },
  traditional_chinese_medicine: { zh: '中医中药', group: 'China specific' },
  virology: { zh: '病毒学', group: 'STEM' },
  world_history: { zh: '世界历史', group: 'Humanities' },
  world_religions: { zh: '世界宗教', group: 'Humanities' },
};
