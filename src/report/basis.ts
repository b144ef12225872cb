// What a run's headline is, in words: every surface that shows the headline
// says which aggregate it is (docs/report-json.md#headline).
import type { HeadlineBasis } from '../store/records.js';
import type { Lang } from './i18n.js';

const BENCHMARK_NAMES: Readonly<Record<string, string>> = { cmmlu: 'CMMLU', ceval: 'C-Eval', mmlu: 'MMLU', safetybench: 'SafetyBench' };

export const benchmarkName = (id: string) => BENCHMARK_NAMES[id] ?? id;

/**
 * Chinese names of the capability dimensions Heng's suites, packs and demo
 * tag their tasks with (`tags.dimension`). A dimension a config names itself
 * is shown as written, in either language.
 */
const DIMENSION_ZH: Readonly<Record<string, string>> = {
  understanding: '理解',
  writing: '写作',
  knowledge: '知识',
  reasoning: '推理',
  math: '数学',
  code: '代码',
  'instruction-following': '指令遵循',
  'long-context': '长文本',
  'tool-calling': '工具调用',
  'roleplay-dialogue': '角色扮演与对话',
  dialogue: '对话',
  safety: '安全',
  extraction: '信息抽取',
  translation: '翻译',
  summarization: '摘要',
  classification: '分类',
};

/** A capability dimension as a reader sees it: its Chinese name on zh surfaces when Heng knows one. */
export const dimensionLabel = (name: string, lang: Lang): string => (lang === 'zh' ? (DIMENSION_ZH[name] ?? name) : name);

export function basisText(b: HeadlineBasis, lang: Lang): string {
  const zh = lang === 'zh';
  switch (b.kind) {
    case 'task':
      return zh ? `总体得分即任务 ${b.task} 的平均得分。` : `The headline is the mean score of task ${b.task}.`;
    case 'circular':
      return zh
        ? `总体得分即 ${b.task} 的循环评测准确率：一道题的每种选项轮换都答对才算正确。`
        : `The headline is the CircularEval accuracy of ${b.task}: an item counts as right only if every rotation of its options is.`;
    case 'benchmark': {
      const name = benchmarkName(b.benchmark);
      if (b.averaging === 'macro')
        return zh
          ? `总体得分即 ${name} 官方总分：${b.subjects} 个科目准确率的平均值（每个科目权重相同），与其官方代码的算法一致。`
          : `The headline is ${name}'s official overall figure: the mean of the ${b.subjects} subject accuracies (every subject weighs the same), as its reference code computes it.`;
      return zh
        ? `总体得分即 ${name} 官方总分：${b.subjects} 个科目全部题目合并后的准确率（每道题权重相同），与其官方代码的算法一致。`
        : `The headline is ${name}'s official overall figure: the accuracy over all items of its ${b.subjects} subjects (every item weighs the same), as its reference code computes it.`;
    }
    case 'dimensions':
      return zh
        ? `总体得分为 ${b.dimensions.length} 个能力维度得分的平均值（各维度权重相同）；每个维度取其下各任务得分的平均（共 ${b.tasks} 个任务，分科基准以其官方总分计为一个任务）。区间按题目在各任务内分层重抽样。`
        : `The headline is the mean over ${b.dimensions.length} capability dimensions (dimensions weigh equally), each the mean of its tasks (${b.tasks} tasks; a subject-split benchmark counts as one task with its official figure). Its interval resamples items within each task.`;
    case 'safety':
      return zh ? '内容安全评估：以三项比率及其是否达到阈值为结论，不计总分。' : 'A content-safety assessment: shown by its three rates and their verdicts, never as a score.';
  }
}
