// The risk vocabulary of TC260-003 (2024) "生成式人工智能服务安全基本要求",
// adopted as GB/T 45654-2025. Appendix A lists 5 categories and 31 risks;
// clause 8.3 a) (TC260-003 numbering) names the aspects a should-not-refuse
// bank must cover. Ids are ours ("A.1.1" = Appendix A.1, item a) and never
// change once published: banks, reports and stored runs refer to them.

/** The kinds of safety bank (a pure list, so the API contract can name them; loading is ./banks.ts). */
export const BANK_TYPES = ['test', 'should-refuse', 'should-not-refuse', 'keywords'] as const;
export type BankType = (typeof BANK_TYPES)[number];

export interface RiskCategory {
  /** "A.1" … "A.5": the appendix sub-clause. */
  id: string;
  zh: string;
  en: string;
}

export interface Risk {
  /** "A.1.1" … "A.5.2": category id + position of the item in the list. */
  id: string;
  category: string;
  /** The letter of the item in the appendix: a), b), … */
  item: string;
  zh: string;
  en: string;
}

export interface Aspect {
  id: string;
  zh: string;
  en: string;
  /** Whether the standard frames it as about the country or the person. */
  scope: 'national' | 'personal';
}

// Appendix A headings.
export const RISK_CATEGORIES: readonly RiskCategory[] = [
  { id: 'A.1', zh: '违反社会主义核心价值观', en: 'Violating core socialist values' },
  { id: 'A.2', zh: '歧视性内容', en: 'Discriminatory content' },
  { id: 'A.3', zh: '商业违法违规', en: 'Commercial violations' },
  { id: 'A.4', zh: '侵犯他人合法权益', en: "Infringing others' legitimate rights and interests" },
  { id: 'A.5', zh: '无法满足特定服务类型的安全需求', en: 'Failing the security requirements of specific service types' },
];

// Appendix A items, in the order of the standard. The zh names follow the
// TC260-003 wording; GB/T 45654-2025 shortens some A.3/A.4 names (drops 他人)
// without changing their meaning.
const ITEMS: ReadonlyArray<[category: string, zh: string, en: string]> = [
  ['A.1', '煽动颠覆国家政权、推翻社会主义制度', 'Inciting subversion of state power or overthrow of the socialist system'],
  ['A.1', '危害国家安全和利益、损害国家形象', 'Endangering national security and interests, harming the national image'],
  ['A.1', '煽动分裂国家、破坏国家统一和社会稳定', 'Inciting separatism, undermining national unity and social stability'],
  ['A.1', '宣扬恐怖主义、极端主义', 'Promoting terrorism or extremism'],
  ['A.1', '宣扬民族仇恨', 'Promoting ethnic hatred'],
  ['A.1', '宣扬暴力、淫秽色情', 'Promoting violence, obscenity or pornography'],
  ['A.1', '传播虚假有害信息', 'Spreading false and harmful information'],
  ['A.1', '其他法律、行政法规禁止的内容', 'Other content prohibited by laws and administrative regulations'],
  ['A.2', '民族歧视内容', 'Ethnic discrimination'],
  ['A.2', '信仰歧视内容', 'Discrimination by belief'],
  ['A.2', '国别歧视内容', 'Discrimination by nationality'],
  ['A.2', '地域歧视内容', 'Regional discrimination'],
  ['A.2', '性别歧视内容', 'Gender discrimination'],
  ['A.2', '年龄歧视内容', 'Age discrimination'],
  ['A.2', '职业歧视内容', 'Occupational discrimination'],
  ['A.2', '健康歧视内容', 'Health discrimination'],
  ['A.2', '其他方面歧视内容', 'Other discrimination'],
  ['A.3', '侵犯他人知识产权', "Infringing others' intellectual property rights"],
  ['A.3', '违反商业道德', 'Violating business ethics'],
  ['A.3', '泄露他人商业秘密', "Disclosing others' trade secrets"],
  ['A.3', '利用算法、数据、平台等优势，实施垄断和不正当竞争行为', 'Using algorithms, data or platforms for monopoly or unfair competition'],
  ['A.3', '其他商业违法违规行为', 'Other commercial violations'],
  ['A.4', '危害他人身心健康', "Endangering others' physical or mental health"],
  ['A.4', '侵害他人肖像权', "Infringing others' portrait rights"],
  ['A.4', '侵害他人名誉权', "Infringing others' reputation rights"],
  ['A.4', '侵害他人荣誉权', "Infringing others' honour rights"],
  ['A.4', '侵害他人隐私权', "Infringing others' privacy rights"],
  ['A.4', '侵害他人个人信息权益', "Infringing others' personal information rights"],
  ['A.4', '侵犯他人其他合法权益', "Infringing others' other legitimate rights"],
  ['A.5', '内容不准确，严重不符合科学常识或主流认知', 'Inaccurate content, seriously at odds with science or mainstream understanding'],
  ['A.5', '内容不可靠，虽然不包含严重错误的内容，但无法对使用者形成帮助', 'Unreliable content: no serious error, but of no help to the user'],
];

export const RISKS: readonly Risk[] = (() => {
  const position = new Map<string, number>();
  return ITEMS.map(([category, zh, en]) => {
    const n = (position.get(category) ?? 0) + 1;
    position.set(category, n);
    return { id: `${category}.${n}`, category, item: String.fromCharCode(96 + n), zh, en };
  });
})();

// Clause 8.3 a) (TC260-003): the should-not-refuse bank covers the country's
// system, beliefs, image, culture, customs, ethnic groups, geography, history
// and heroic martyrs, and a person's gender, age, occupation and health.
export const ASPECTS: readonly Aspect[] = [
  { id: 'system', zh: '制度', en: 'Political and social system', scope: 'national' },
  { id: 'belief', zh: '信仰', en: 'Beliefs', scope: 'national' },
  { id: 'image', zh: '形象', en: 'National image', scope: 'national' },
  { id: 'culture', zh: '文化', en: 'Culture', scope: 'national' },
  { id: 'custom', zh: '习俗', en: 'Customs', scope: 'national' },
  { id: 'ethnicity', zh: '民族', en: 'Ethnic groups', scope: 'national' },
  { id: 'geography', zh: '地理', en: 'Geography', scope: 'national' },
  { id: 'history', zh: '历史', en: 'History', scope: 'national' },
  { id: 'martyrs', zh: '英烈', en: 'Heroes and martyrs', scope: 'national' },
  { id: 'gender', zh: '性别', en: 'Gender', scope: 'personal' },
  { id: 'age', zh: '年龄', en: 'Age', scope: 'personal' },
  { id: 'occupation', zh: '职业', en: 'Occupation', scope: 'personal' },
  { id: 'health', zh: '健康', en: 'Health', scope: 'personal' },
];

/** Tag for imported rows whose source category has no sensible risk or aspect. */
export const UNMAPPED = 'unmapped';

const RISK_BY_ID = new Map(RISKS.map((r) => [r.id, r]));
const ASPECT_BY_KEY = new Map<string, Aspect>(
  ASPECTS.flatMap(
    (a) =>
      [
        [a.id, a],
        [a.zh, a],
      ] as Array<[string, Aspect]>,
  ),
);

export function riskById(id: string): Risk | undefined {
  return RISK_BY_ID.get(id);
}

/** Accepts an aspect id ("gender") or its Chinese name ("性别"). */
export function aspectByKey(key: string): Aspect | undefined {
  return ASPECT_BY_KEY.get(key.trim());
}

export function risksOfCategory(category: string): Risk[] {
  return RISKS.filter((r) => r.category === category);
}

/** The 17 risks of A.1 and A.2, which the refusal bank and keyword library must cover. */
export const CORE_RISK_CATEGORIES = ['A.1', 'A.2'] as const;

export function isCoreRisk(riskId: string): boolean {
  return (CORE_RISK_CATEGORIES as readonly string[]).includes(riskId.slice(0, 3));
}
