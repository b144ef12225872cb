// CMMLU's 67 subjects: Chinese name and groups, as data. Source: the subject
// list, sub-categories and categories of haonan-li/CMMLU (src/categories.py).
// Each subject counts in the group of its sub-category; the 15 subjects CMMLU
// marks "china specific" count in *China specific* as well (the paper's
// fifth column), so those groups overlap: STEM 17, Humanities 13, Social
// Science 22, Other 15, China specific 15.
export type CmmluGroup = 'STEM' | 'Humanities' | 'Social Science' | 'Other' | 'China specific';

export interface SubjectInfo<G extends string> {
  /** Name used in the official prompt (以下是关于{zh}的单项选择题…). */
  zh: string;
  /** The primary group: the `group` tag, one per subject (kept for reports and filters that read it). */
  group: G;
  /** Every group the subject counts in, `group` included (the official table's order). */
  groups: readonly G[];
}

/**
 * Separates the names in a task's `groups` tag (`Social Science|China specific`).
 * No group name of any benchmark contains it; MMLU's "other (business, health,
 * misc.)" rules out a comma.
 */
export const GROUPS_SEPARATOR = '|';

/**
 * The group tags of a subject's task and items: `group` always; `groups`
 * only when the subject counts in more than one group (reports read a
 * missing `groups` as `[group]`, so single-group tasks keep their tags and hash).
 */
export function groupTags(info: SubjectInfo<string>): { group: string; groups?: string } {
  return info.groups.length > 1 ? { group: info.group, groups: info.groups.join(GROUPS_SEPARATOR) } : { group: info.group };
}

export const CMMLU_GROUPS: readonly CmmluGroup[] = ['STEM', 'Humanities', 'Social Science', 'Other', 'China specific'];

const CS = 'China specific';

/** China specific stays the primary group of the subjects in it, as before groups could overlap. */
const S = (zh: string, ...groups: [CmmluGroup, ...CmmluGroup[]]): SubjectInfo<CmmluGroup> => ({ zh, group: groups.includes(CS) ? CS : groups[0], groups });

export const CMMLU_SUBJECTS: Readonly<Record<string, SubjectInfo<CmmluGroup>>> = {
  agronomy: S('农学', 'Other'),
  anatomy: S('解剖学', 'STEM'),
  ancient_chinese: S('古汉语', 'Social Science', CS),
  arts: S('艺术学', 'Humanities'),
  astronomy: S('天文学', 'STEM'),
  business_ethics: S('商业伦理', 'Social Science'),
  chinese_civil_service_exam: S('中国公务员考试', 'Social Science', CS),
  chinese_driving_rule: S('中国驾驶规则', 'Other', CS),
  chinese_food_culture: S('中国饮食文化', 'Social Science', CS),
  chinese_foreign_policy: S('中国外交政策', 'Social Science', CS),
  chinese_history: S('中国历史', 'Humanities', CS),
  chinese_literature: S('中国文学', 'Humanities', CS),
  chinese_teacher_qualification: S('中国教师资格', 'Social Science', CS),
  clinical_knowledge: S('临床知识', 'Other'),
  college_actuarial_science: S('大学精算学', 'STEM'),
  college_education: S('大学教育学', 'Social Science'),
  college_engineering_hydrology: S('大学工程水文学', 'STEM'),
  college_law: S('大学法律', 'Humanities'),
  college_mathematics: S('大学数学', 'STEM'),
  college_medical_statistics: S('大学医学统计', 'STEM'),
  college_medicine: S('大学医学', 'Other'),
  computer_science: S('计算机科学', 'STEM'),
  computer_security: S('计算机安全', 'Other'),
  conceptual_physics: S('概念物理学', 'STEM'),
  construction_project_management: S('建设工程管理', 'Other', CS),
  economics: S('经济学', 'Social Science'),
  education: S('教育学', 'Social Science'),
  electrical_engineering: S('电气工程', 'STEM'),
  elementary_chinese: S('小学语文', 'Social Science', CS),
  elementary_commonsense: S('小学常识', 'Other', CS),
  elementary_information_and_technology: S('小学信息技术', 'Other'),
  elementary_mathematics: S('初等数学', 'STEM'),
  ethnology: S('民族学', 'Social Science', CS),
  food_science: S('食品科学', 'Other'),
  genetics: S('遗传学', 'STEM'),
  global_facts: S('全球事实', 'Humanities'),
  high_school_biology: S('高中生物', 'STEM'),
  high_school_chemistry: S('高中化学', 'STEM'),
  high_school_geography: S('高中地理', 'Social Science'),
  high_school_mathematics: S('高中数学', 'STEM'),
  high_school_physics: S('高中物理学', 'STEM'),
  high_school_politics: S('高中政治', 'Social Science', CS),
  human_sexuality: S('人类性行为', 'Other'),
  international_law: S('国际法学', 'Humanities'),
  journalism: S('新闻学', 'Social Science'),
  jurisprudence: S('法理学', 'Humanities'),
  legal_and_moral_basis: S('法律与道德基础', 'Other'),
  logical: S('逻辑学', 'Humanities'),
  machine_learning: S('机器学习', 'STEM'),
  management: S('管理学', 'Social Science'),
  marketing: S('市场营销', 'Social Science'),
  marxist_theory: S('马克思主义理论', 'Humanities'),
  modern_chinese: S('现代汉语', 'Social Science', CS),
  nutrition: S('营养学', 'Other'),
  philosophy: S('哲学', 'Humanities'),
  professional_accounting: S('专业会计', 'Social Science'),
  professional_law: S('专业法学', 'Humanities'),
  professional_medicine: S('专业医学', 'Other'),
  professional_psychology: S('专业心理学', 'Social Science'),
  public_relations: S('公共关系', 'Social Science'),
  security_study: S('安全研究', 'Social Science'),
  sociology: S('社会学', 'Social Science'),
  sports_science: S('体育学', 'Other'),
  traditional_chinese_medicine: S('中医中药', 'Other', CS),
  virology: S('病毒学', 'STEM'),
  world_history: S('世界历史', 'Humanities'),
  world_religions: S('世界宗教', 'Humanities'),
};
