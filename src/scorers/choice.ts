// Multiple-choice extraction: an ordered LADDER of rules, first match wins.
// Every rule has a stable id, stored in Score.rule, so an auditor can see why
// an answer was read as it was (docs/scorers.md lists the ladder). Nothing
// matched → no letter: the answer is `unparseable`, never a guess.
//
// Within a rule, the LAST statement wins (chain of thought ends with the final
// answer: "A is tempting… the answer is C" → C). A statement that names two
// letters ("答案是A或B", "Answer: B and D") is ambiguous and stops the ladder.
import type { Score, Scorer } from '../types.js';
import { InputError } from '../errors.js';
import { answerText, normalizeText, targets, toHalfWidth } from './normalize.js';
import type { ChoiceSpec } from './spec.js';

export interface ChoiceExtraction {
  /** The option letter read from the answer (upper case). */
  letter?: string;
  /** Id of the rule that decided, also set when it found an ambiguous answer. */
  rule?: string;
  /** Letters named by an ambiguous final statement (no `letter` then). */
  ambiguous?: string[];
}

export const DEFAULT_LETTERS = 'ABCD';

// A letter token, optionally bracketed: B, (B), [B], 【B】, 「B」.
const T = String.raw`(?<o>[(\[【「]?)[ \t]*(?<x>[A-Za-z])[ \t]*(?<c>[)\]】」]?)`;

// After "A" or "I" (also English words), only these words let the letter stand
// as an option: "Answer: A is right" yes, "Answer: A lot depends…" no.
const CONNECTORS = new Set(['is', 'was', 'because', 'since', 'as', 'which', 'seems', 'appears', 'matches', 'fits', 'best', 'correctly', 'here']);

// "答案是A或B", "Answer: B and D", "A, C": a second allowed letter joined on.
const SECOND_LETTER = String.raw`^\s*(?=[,、/&+和与及或还以也ao])(?:[,、/&+]\s*)?(?:(?:和|与|及|或者?是?|还是|以及|也可能是?|and|or(?:\s+maybe|\s+possibly)?)\s*)?(?:option\s+|选项\s*)?[(\[【]?\s*([A-J])(?![A-Za-z])(?!\s*(?:选?项|是|的|不|错|is\b|was\b|would\b))`;

// "If the answer is A, …" / "如果选A…": a hypothesis, not a statement.
const HYPOTHETICAL = /\b(?:if|whether|suppose|supposing|assuming|assume|unless)\b|如果|假如|假设|倘若|若是|要是/i;

type Statement = { at: number; letter: string } | { at: number; ambiguous: string[] };

interface MatchRule {
  id: string;
  /** Applied to the whole cleaned answer; every regex gets flags `dg` (+ `i` when asked). */
  patterns: string[];
  ignoreCase?: boolean;
  /** Lower-case letters count (Chinese context: "答案是c"); else only bracketed "(c)". */
  lowercase?: boolean;
}

interface CodeRule {
  id: string;
  find(text: string, letters: string, choices?: Record<string, string>): Statement[];
}

type Rule = MatchRule | CodeRule;

const ZH_SUBJECT = String.raw`(?:(?:正确|最终|最佳|标准|本题|此题)的?(?:答案|选项|选择)|(?:正确|符合题意|最符合题意)的(?:答案|选项)?|答案|答)`;
const ZH_MODAL = String.raw`(?:应该|应当|应|就|肯定|一定|显然|可能|当然)?`;

/** The ladder, in order. docs/scorers.md mirrors this list: keep them in step. */
export const CHOICE_RULES: readonly Rule[] = [
  {
    id: 'mc.bare',
    // The whole answer is one letter: "B", "(B)", "B.", "【B】", "Ｃ", "b".
    patterns: [String.raw`^\s*${T}\s*[.。:,，!！]?\s*$`],
    lowercase: true,
  },
  {
    id: 'mc.boxed',
    // \boxed{D}, \boxed{\text{D}}, \boxed{(D)}, \boxed{D. Paris}
    patterns: [String.raw`\\boxed\s*\{\s*${T}\s*(?:[.:、][^{}]*)?\}`],
    lowercase: true,
  },
  {
    id: 'mc.answer-is-zh',
    // 答案是C / 答案为：C / 正确答案为 (C) / 【答案】C / 答：C / 正确选项是D / 答案选C / 符合题意的是B
    patterns: [String.raw`${ZH_SUBJECT}\s*${ZH_MODAL}\s*(?:是|为|选择?|[:】\]])\s*[:]?\s*(?:选项|答案)?\s*${T}`, String.raw`选项\s*${ZH_MODAL}\s*(?:是|为)\s*[:]?\s*${T}`],
    lowercase: true,
  },
  {
    id: 'mc.answer-is-en',
    // "The answer is (B)", "Answer: B", "Final answer: D", "the correct option is C", "The best choice would be A."
    patterns: [
      String.raw`\b(?:answer|(?:correct|right|best|final|most\s+(?:appropriate|accurate|likely|suitable))\s+(?:option|choice))\s*(?:(?:is|would\s+be|should\s+be|must\s+be|will\s+be)\s*:?|[:=]|-)\s*(?:therefore\s+|thus\s+|clearly\s+|probably\s+|likely\s+|either\s+)?(?:option\s+|choice\s+)?${T}`,
    ],
    ignoreCase: true,
  },
  {
    id: 'mc.choose-zh',
    // 故选C / 所以选 B / 因此应选A / 本题选D / 我选B / 选C (at the start of a clause)
    patterns: [
      String.raw`(?:故|所以|因此|因而|综上所述?|总之|于是|那么|只能|应该|应当|应|我会?|本题|此题|则|即)\s*(?:应该|应)?\s*选择?\s*:?\s*(?:选项|答案)?\s*${T}(?!\s*的)`,
      String.raw`(?:^|[\s,.;:!?。；、])选择?\s*(?:选项)?\s*${T}(?!\s*的)`,
    ],
    lowercase: true,
  },
  {
    id: 'mc.choose-en',
    // "I'd choose B", "I would go with (C)", "I pick option A"
    patterns: [String.raw`\bI(?:'d|\s+would|\s+will|'ll)?\s+(?:choose|pick|select|go\s+with|opt\s+for)\s+(?:option\s+|choice\s+|answer\s+)?${T}`],
    ignoreCase: true,
  },
  {
    id: 'mc.final-line',
    // The last line is just the answer: "C", "**(C)**", "Final: C", "So, B.", "选项C", "C. Paris" (with C's own text)
    find: finalLine,
  },
  {
    id: 'mc.is-correct-zh',
    // 选项A正确 / A项正确 / C是正确答案 / B选项最符合题意
    patterns: [String.raw`(?:选项)?\s*${T}\s*(?:选项|项)?\s*才?(?:是|为)?\s*(?:最为?)?(?:正确|恰当|符合题意|是对的)`],
    lowercase: true,
  },
  {
    id: 'mc.is-correct-en',
    // "B is correct", "Option C is the right answer", "(D) is the best choice"
    patterns: [String.raw`(?:option\s+|choice\s+)?${T}\s+(?:is|would\s+be|seems\s+to\s+be|appears\s+to\s+be)\s+(?:the\s+)?(?:correct|right|best|most\s+(?:appropriate|accurate|likely|suitable))\b`],
    ignoreCase: true,
  },
  {
    id: 'mc.leading-letter',
    // The answer opens with the letter, then an explanation: "C. 因为……", "B) Because…", "(A) 北京"
    find: leadingLetter,
  },
  {
    id: 'mc.option-text',
    // The answer equals or contains exactly one option's full text.
    find: optionText,
  },
];

/**
 * Read the chosen option letter from a model answer. `letters` are the
 * allowed letters ("ABCD"); `choices` (letter → text) enable the rules that
 * compare option texts.
 */
export function extractChoice(output: string, letters: string = DEFAULT_LETTERS, choices?: Record<string, string>): ChoiceExtraction {
  const L = letters.toUpperCase();
  const text = cleanForChoice(output);
  for (const rule of CHOICE_RULES) {
    const found = 'patterns' in rule ? matchStatements(rule, text, L) : rule.find(text, L, choices);
    if (!found.length) continue;
    const last = found.reduce((a, b) => (b.at >= a.at ? b : a));
    return 'letter' in last ? { letter: last.letter, rule: rule.id } : { rule: rule.id, ambiguous: last.ambiguous };
  }
  return {};
}

/** Markup that never changes which letter was meant: reasoning blocks, full width, **bold**, `code`, $math$, \text{…}. */
function cleanForChoice(output: string): string {
  return toHalfWidth(answerText(output))
    .normalize('NFKC')
    .replace(/\\(?:text|mathrm|textbf|mathbf|textrm)\s*\{([^{}]*)\}/g, '$1')
    .replace(/[*`$]/g, '')
    .replace(/\r\n?/g, '\n')
    .trim();
}

const compiled = new Map<string, RegExp>();
function regex(source: string, flags: string): RegExp {
  const key = `${flags}:${source}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = new RegExp(source, flags)));
  re.lastIndex = 0;
  return re;
}

function matchStatements(rule: MatchRule, text: string, L: string): Statement[] {
  const out: Statement[] = [];
  for (const source of rule.patterns) {
    for (const m of text.matchAll(regex(source, rule.ignoreCase ? 'dgi' : 'dg'))) {
      const s = readToken(text, m, L, rule.lowercase ?? false);
      if (s) out.push(s);
    }
  }
  return out;
}

/** Judge one matched letter token in its context; null when it is not an answer. */
function readToken(text: string, m: RegExpExecArray | RegExpMatchArray, L: string, lowercase: boolean): Statement | null {
  const g = m.groups!;
  const [start, end] = m.indices!.groups!.x!;
  const letter = g.x.toUpperCase();
  const bracketed = !!g.o && !!g.c;
  if (!L.includes(letter)) return null;
  if (g.x !== letter && !lowercase && !bracketed) return null;
  if (/[A-Za-z0-9]/.test(text[start - 1] ?? '')) return null; // inside a word: "GB/T", "x2B"

  const at = m.index!;
  const glued = /^[A-Za-z0-9'’_-]+/.exec(text.slice(end))?.[0];
  if (glued && !g.c) {
    // "答案是AC": several allowed letters run together — a multiple answer.
    const run = letter + glued;
    if (/^[A-J]+$/.test(run) && [...run].every((c) => L.includes(c)) && new Set(run).size === run.length && !/[A-Za-z]/.test(text[end + glued.length] ?? '')) {
      return { at, ambiguous: [...run] };
    }
    return null; // "Let's", "A-level", "I'm"
  }

  const rest = text.slice(at + m[0].length);
  if (/^\s*(?:\?|吗|么|呢)/.test(rest)) return null; // a question, not an answer
  if (HYPOTHETICAL.test(clauseBefore(text, at))) return null;

  const second = regex(SECOND_LETTER, 'i').exec(rest);
  if (second && L.includes(second[1]) && second[1] !== letter) return { at, ambiguous: [letter, second[1]] };

  if (!bracketed && (letter === 'A' || letter === 'I' || g.x !== letter)) {
    const next = /^\s+([a-z][a-z']*)/.exec(text.slice(end))?.[1];
    if (next && !CONNECTORS.has(next)) return null; // the article "A …" or the pronoun "I …"
  }
  return { at, letter };
}

/** Text from the start of the sentence up to `at`. */
function clauseBefore(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 80), at);
  const cut = Math.max(...['.', '。', '\n', '!', '?', ';', '；', '！', '？'].map((p) => before.lastIndexOf(p)));
  return before.slice(cut + 1);
}

const LINE_LABEL = String.raw`(?:(?:the\s+)?final\s+answer|answer|final|option|choice|so|thus|therefore|hence|最终答案|答案|选项|所以|因此|故|综上)\s*[:,]?\s*(?:is\s*:?\s*)?`;

function finalLine(text: string, L: string, choices?: Record<string, string>): Statement[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length < 2) return []; // a one-line answer is for the rules above (and mc.leading-letter)
  const last = lines[lines.length - 1];
  const at = text.lastIndexOf(last);
  const bareLine = regex(String.raw`^(?:${LINE_LABEL})?${T}\s*[.。!]?$`, 'di');
  // "A\nB\nC\nD": a list of letters, not an answer.
  const letterLines = new Set(lines.map((l) => regex(bareLine.source, 'di').exec(l)?.groups?.x.toUpperCase()).filter(Boolean));
  if (letterLines.size > 1) return [];
  const bare = regex(bareLine.source, 'di').exec(last);
  if (bare) {
    const s = readToken(last, bare, L, false);
    return s ? [{ ...s, at }] : [];
  }
  // "C. Paris": the letter followed by that option's own text.
  const withText = regex(String.raw`^(?:${LINE_LABEL})?${T}\s*[.、:)]\s*(.+)$`, 'di').exec(last);
  if (withText && choices) {
    const letter = withText.groups!.x;
    const own = choices[letter];
    if (L.includes(letter) && own !== undefined && normalizeText(withText[withText.length - 1]) === normalizeText(own)) return [{ at, letter }];
  }
  return [];
}

// "A." "(B)" "C：" at the start of a line: an option being discussed.
const OPTION_LINE = /^\s*[(\[【]?\s*([A-J])\s*[)\]】]?\s*[.、:)]/gm;
const NEGATIVE_VERDICT = /^\s*(?:错误|不正确|不对|不符合|错|wrong|incorrect|false|is\s+(?:not|wrong|incorrect))/i;

function leadingLetter(text: string, L: string): Statement[] {
  const m = regex(String.raw`^${T}(?:\s*[.。、:)\-–—]|(?<=[)\]】」])\s)`, 'd').exec(text);
  if (!m) return [];
  // "A. … B. … C. …" is an option-by-option analysis, not an answer.
  const discussed = new Set([...text.matchAll(OPTION_LINE)].map((x) => x[1]));
  if (discussed.size > 1) return [];
  if (NEGATIVE_VERDICT.test(text.slice(m[0].length))) return [];
  const s = readToken(text, m, L, false);
  return s ? [s] : [];
}

function optionText(text: string, L: string, choices?: Record<string, string>): Statement[] {
  if (!choices) return [];
  const answer = normalizeText(text);
  const options = Object.entries(choices)
    .filter(([k]) => L.includes(k.toUpperCase()))
    .map(([k, v]) => [k.toUpperCase(), normalizeText(v)] as const)
    .filter(([, v]) => [...v].length >= 2);
  const exact = options.filter(([, v]) => v === answer);
  if (exact.length === 1) return [{ at: 0, letter: exact[0][0] }];
  const hits = options.filter(([, v]) => answer.includes(v));
  // "100" contains "10": keep only options not inside another hit.
  const maximal = hits.filter(([k, v]) => !hits.some(([k2, v2]) => k2 !== k && v2 !== v && v2.includes(v)));
  return maximal.length === 1 ? [{ at: 0, letter: maximal[0][0] }] : [];
}

/** Option letters for an item: the spec's, else the item's choice keys (if they are letters), else ABCD. */
export function lettersFor(spec: Pick<ChoiceSpec, 'letters'>, choices?: Record<string, string>): string {
  if (spec.letters) return spec.letters;
  const keys = Object.keys(choices ?? {}).map((k) => k.trim().toUpperCase());
  if (keys.length >= 2 && keys.every((k) => /^[A-J]$/.test(k))) return [...new Set(keys)].sort().join('');
  return DEFAULT_LETTERS;
}

/** The item's correct letters: targets that are letters, or an option's full text. */
function goldLetters(target: string | string[] | undefined, letters: string, choices: Record<string, string> | undefined, itemId: string): string[] {
  const gold = targets(target).map((t) => {
    const letter = toHalfWidth(t)
      .trim()
      .replace(/^[(\[【]\s*|\s*[)\]】.]$/g, '')
      .toUpperCase();
    if (letter.length === 1 && letters.includes(letter)) return letter;
    const byText = Object.entries(choices ?? {}).find(([, v]) => normalizeText(v) === normalizeText(t));
    if (byText) return byText[0].toUpperCase();
    throw new InputError(`target "${t}" is neither one of the letters ${letters} nor an option's text`, { field: `target (item ${itemId})` });
  });
  if (!gold.length) throw new InputError('multiple-choice item has no target', { field: `target (item ${itemId})` });
  return gold;
}

export function choiceScorer(spec: ChoiceSpec): Scorer {
  return {
    name: 'choice',
    // Option columns are checked when the items load (rowsToItems); here the target must name one of the options.
    check: (item) => void goldLetters(item.target, lettersFor(spec, item.choices), item.choices, item.id),
    score({ output, item }): Score {
      const letters = lettersFor(spec, item.choices);
      const gold = goldLetters(item.target, letters, item.choices, item.id);
      const { letter, rule, ambiguous } = extractChoice(output, letters, item.choices);
      if (!letter) return { value: 0, outcome: 'unparseable', rule: rule ?? 'mc.none', ...(ambiguous ? { detail: { ambiguous } } : {}) };
      const ok = gold.includes(letter);
      return { value: ok ? 1 : 0, outcome: ok ? 'correct' : 'wrong', extracted: letter, rule };
    },
  };
}
