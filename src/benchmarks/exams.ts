// The subject exams (CMMLU, C-Eval, MMLU) as data for subject-mcq.ts.
import { CEVAL_SUBJECTS } from './ceval-subjects.js';
import { CMMLU_SUBJECTS } from './cmmlu-subjects.js';
import { MMLU_SUBJECTS } from './mmlu-subjects.js';
import type { SubjectExam } from './subject-mcq.js';

/**
 * CMMLU (Li et al. 2023, haonan-li/CMMLU): data/{dev,test}/<subject>.csv with
 * header `,Question,A,B,C,D,Answer`. Instruction and the 题目：…答案是： layout
 * follow the repository's evaluation script; dev holds 5 examples per subject.
 */
export const CMMLU: SubjectExam = {
  name: 'cmmlu',
  subjects: CMMLU_SUBJECTS,
  defaultSplit: 'test',
  shotSplit: 'dev',
  fileName: (subject) => `${subject}.csv`,
  question: 'Question',
  answer: 'Answer',
  instruction: (zh) => `以下是关于${zh}的单项选择题，请直接给出正确答案的选项。`,
  userTemplate: '题目：{{Question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\n答案是：',
  hint: 'set data: to the CMMLU data/ folder (with dev/ and test/) from the haonan-li/CMMLU repository',
};

/**
 * C-Eval (Huang et al. 2023, hkust-nlp/ceval): {dev,val,test}/<subject>_<split>.csv
 * with header `id,question,A,B,C,D,answer` (dev adds `explanation`). Test
 * answers are withheld by the authors, so the default split is val.
 * Instruction as in the repository's answer-only evaluation prompt.
 */
export const CEVAL: SubjectExam = {
  name: 'ceval',
  subjects: CEVAL_SUBJECTS,
  defaultSplit: 'val',
  shotSplit: 'dev',
  fileName: (subject, split) => `${subject}_${split}.csv`,
  question: 'question',
  answer: 'answer',
  instruction: (zh) => `以下是中国关于${zh}考试的单项选择题，请选出其中的正确答案。`,
  userTemplate: '{{question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\n答案：',
  hint: 'set data: to the C-Eval folder (with dev/, val/, test/) unpacked from ceval-exam.zip; test answers are not public, use split: val',
};

/**
 * MMLU (Hendrycks et al. 2021, hendrycks/test): data/{dev,val,test}/<subject>_<split>.csv
 * with no header row: question, A, B, C, D, answer. The header line and the
 * `…\nA. …\nAnswer:` layout follow the reference evaluate.py; dev holds the
 * 5 few-shot examples per subject. Item ids are 0-based row indexes.
 */
export const MMLU: SubjectExam = {
  name: 'mmlu',
  subjects: MMLU_SUBJECTS,
  defaultSplit: 'test',
  shotSplit: 'dev',
  fileName: (subject, split) => `${subject}_${split}.csv`,
  question: 'question',
  answer: 'answer',
  columns: ['question', 'A', 'B', 'C', 'D', 'answer'],
  language: 'en',
  instruction: (name) => `The following are multiple choice questions (with answers) about ${name}.`,
  userTemplate: '{{question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\nAnswer:',
  hint: 'set data: to the MMLU data/ folder (with dev/ and test/) unpacked from data.tar of the hendrycks/test repository',
};
