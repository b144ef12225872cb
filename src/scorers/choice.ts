// Multiple-choice extraction: an ordered ladder of rules, first match wins.
// The rule id is stored with every result; nothing matched is
// "unparseable", never a guess. The full ladder is in docs/scorers.md.
import { toHalfWidth } from './normalize.js';

export interface ChoiceExtraction {
  letter?: string;
  rule?: string;
}

interface Rule {
  id: string;
  /** Returns every candidate letter the rule sees, in text order. */
  find(text: string, L: string): string[];
}

const B = (L: string) => `[(（\\[【]?\\s*([${L}])\\s*[)）\\]】]?`;
// A letter must not be glued to other Latin letters ("Let's" is not "L"),
// nor be the English article ("Answer: A lot depends…").
const END = (_L: string) => String.raw`(?![A-Za-z])(?!\s+(?:lot|few|little|bit|couple|good|great|number|single|total|very)\b)`;

const all = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]);

const RULES: Rule[] = [
  {
    id: 'mc.bare',
    // The whole answer is one letter, maybe bracketed or followed by punctuation: "B", "(B)", "B.", "【B】", "B。"
    find: (t, L) => {
      const m = new RegExp(`^\\s*${B(L)}\\s*[.。:：,，]?\\s*$`).exec(t);
      return m ? [m[1]] : [];
    },
  },
  {
    id: 'mc.boxed',
    find: (t, L) => all(new RegExp(`\\\\boxed\\{\\s*(?:\\\\text\\{)?\\s*([${L}])\\s*\\}?\\s*\\}`, 'g'), t),
  },
  {
    id: 'mc.answer-is-zh',
    // 答案是C / 答案为：C / 正确答案是 (C) / 【答案】C / 故选C / 所以选 B / 应选C / 正确选项是D / 选项A正确
    find: (t, L) => [
      ...all(new RegExp(`(?:正确)?(?:答案|选项|答)\\s*(?:应该|应当|应)?\\s*(?:是|为|选|：|:|】)\\s*(?:选项)?\\s*${B(L)}${END(L)}`, 'g'), t),
      ...all(new RegExp(`(?:故|所以|因此|因而|应该|应当|应|我|可)\\s*选(?:择)?\\s*(?:选项)?\\s*${B(L)}${END(L)}`, 'g'), t),
      ...all(new RegExp(`选项\\s*${B(L)}\\s*(?:是)?正确`, 'g'), t),
    ],
  },
  {
    id: 'mc.answer-is-en',
    // "The answer is (B)", "Answer: B", "the correct option is C", "Final answer: D"
    find: (t, L) =>
      [
        ...all(new RegExp(`(?:[Aa]nswer|[Oo]ption|[Cc]hoice)\\s*(?:is|would be|should be|:)\\s*(?:[Oo]ption\\s*)?${B(L)}${END(L)}`, 'g'), t),
        ...all(new RegExp(`\\bI(?:'d| would)?\\s+(?:say|choose|pick|select|go with)\\s+(?:option\\s*)?${B(L)}${END(L)}`, 'g'), t),
      ],
  },
  {
    id: 'mc.leading-letter',
    // Starts with the letter then an explanation: "C. 因为……", "B) Because…", "A：……"
    find: (t, L) => {
      const m = new RegExp(`^\\s*${B(L)}\\s*(?:[.。:：、)）]|\\s+-)`).exec(t);
      return m ? [m[1]] : [];
    },
  },
];

export function extractChoice(output: string, letters = 'ABCD', choices?: Record<string, string>): ChoiceExtraction {
  const text = toHalfWidth(output).trim();
  const L = letters.toUpperCase();
  for (const rule of RULES) {
    const found = rule.find(text, L).filter((x) => L.includes(x));
    if (!found.length) continue;
    // Several statements: the last one is the final answer.
    return { letter: found[found.length - 1], rule: rule.id };
  }
  // The answer restates exactly one option's text.
  if (choices) {
    const hits = Object.entries(choices).filter(([, v]) => v.trim().length > 1 && text.includes(toHalfWidth(v.trim())));
    if (hits.length === 1) return { letter: hits[0][0], rule: 'mc.option-text' };
  }
  return {};
}
