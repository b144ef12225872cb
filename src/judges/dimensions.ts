// Grading dimensions for multi-dimensional judging (AlignBench's idea: the
// dimensions depend on the question's category). Keys are stable ids stored
// in every judgment; names are what the judge and the reports read.
import type { JudgeLang } from './prompts.js';

export const DIMENSIONS: Record<string, { zh: string; en: string; zhHelp: string; enHelp: string }> = {
  correctness: { zh: '事实正确性', en: 'Correctness', zhHelp: '信息与结论是否准确无误', enHelp: 'are the facts and conclusions right' },
  user_need: { zh: '满足用户需求', en: 'Meets the need', zhHelp: '是否切题并完成用户的要求', enHelp: 'does it address what the user asked' },
  clarity: { zh: '清晰度', en: 'Clarity', zhHelp: '表达是否清楚、条理分明', enHelp: 'is it clear and well organised' },
  completeness: { zh: '完备性', en: 'Completeness', zhHelp: '是否覆盖问题的各个方面', enHelp: 'does it cover every part of the question' },
  logic: { zh: '逻辑连贯性', en: 'Logical coherence', zhHelp: '推理是否严密、前后一致', enHelp: 'is the reasoning sound and consistent' },
  creativity: { zh: '创造性', en: 'Creativity', zhHelp: '是否新颖、有想法', enHelp: 'is it original and inventive' },
  richness: { zh: '丰富度', en: 'Richness', zhHelp: '内容是否充实、有细节', enHelp: 'is it substantial and detailed' },
};

/** AlignBench categories (Chinese names as in its data) → their dimensions. */
const REASONING = ['correctness', 'user_need', 'logic', 'completeness'];
const GENERAL = ['correctness', 'user_need', 'clarity', 'completeness'];
const CREATIVE = ['correctness', 'user_need', 'logic', 'creativity', 'richness'];
export const CATEGORY_DIMENSIONS: Record<string, string[]> = {
  数学计算: REASONING,
  逻辑推理: REASONING,
  基本任务: GENERAL,
  中文理解: GENERAL,
  综合问答: GENERAL,
  专业能力: GENERAL,
  文本写作: CREATIVE,
  角色扮演: CREATIVE,
};

/** The dimensions for a category; unknown categories get the general set. */
export const dimensionsForCategory = (category: string | undefined) => CATEGORY_DIMENSIONS[category ?? ''] ?? GENERAL;

/** The list the judge reads: "- correctness (事实正确性): …". */
export function describeDimensions(keys: readonly string[], lang: JudgeLang): string {
  return keys
    .map((k) => {
      const d = DIMENSIONS[k];
      if (!d) return `- ${k}`;
      return lang === 'zh' ? `- ${k}（${d.zh}）：${d.zhHelp}` : `- ${k} (${d.en}): ${d.enHelp}`;
    })
    .join('\n');
}
