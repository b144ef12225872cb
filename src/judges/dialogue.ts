// What the judge sees: the question(s) and answer(s) of one unit, taken from
// the messages the engine sent and the final answer. A multi-turn item
// (fields.turns) ends with its turns as user/assistant pairs.
import type { ChatMessage, Item } from '../types.js';
import type { JudgeLang } from './prompts.js';

export interface Turn {
  question: string;
  answer: string;
}

/** The number of user turns of an item: its `turns` list, else one. */
export function turnCount(item: Item): number {
  const turns = item.fields.turns;
  return Array.isArray(turns) && turns.length > 1 ? turns.length : 1;
}

/** The system prompt, if the conversation has one. */
export const systemOf = (messages: ChatMessage[]) => (messages[0]?.role === 'system' ? messages[0].content : undefined);

/**
 * The item's turns as (question, answer) pairs. Few-shot examples before the
 * first real question are not turns: only the last 2·n − 1 messages count.
 */
export function turnsOf(item: Item, messages: ChatMessage[], output: string): Turn[] {
  const n = turnCount(item);
  const tail = [...messages.slice(-(2 * n - 1)), { role: 'assistant' as const, content: output }];
  const turns: Turn[] = [];
  for (let i = 0; i + 1 < tail.length; i += 2) turns.push({ question: tail[i].content, answer: tail[i + 1].content });
  return turns;
}

const LABELS = {
  en: { system: 'System prompt', user: 'User', assistant: 'Assistant' },
  zh: { system: '系统提示', user: '用户', assistant: '助手' },
};

/** The dialogue as plain text for a judge prompt, up to and including `upTo` turns. */
export function renderConversation(turns: Turn[], lang: JudgeLang, system?: string, upTo = turns.length): string {
  const l = LABELS[lang];
  const parts = system ? [`[${l.system}]\n${system}`] : [];
  turns.slice(0, upTo).forEach((t, i) => parts.push(`[${l.user} ${i + 1}]\n${t.question}`, `[${l.assistant} ${i + 1}]\n${t.answer}`));
  return parts.join('\n\n');
}

/** The reference of turn `i`: one per turn when the target lists one per turn, else the whole target. */
export function referenceOf(item: Item, turn: number, turns: number): string | undefined {
  const t = item.target;
  if (t === undefined || t === null) return undefined;
  if (Array.isArray(t)) {
    if (turns > 1 && t.length === turns) return t[turn] ? String(t[turn]) : undefined;
    return t.length ? t.map(String).join('\n') : undefined;
  }
  return String(t).trim() ? String(t) : undefined;
}

/** References of every turn up to `turn`, labelled, for the multi-turn prompt. */
export function referencesUpTo(item: Item, turn: number, turns: number, lang: JudgeLang): string | undefined {
  const refs = Array.from({ length: turn + 1 }, (_, i) => referenceOf(item, i, turns));
  if (refs[turn] === undefined) return undefined;
  const label = lang === 'zh' ? '问题' : 'Question';
  return refs.map((r, i) => `[${label} ${i + 1}]\n${r ?? '—'}`).join('\n\n');
}

/** "zh" when the text is mostly Chinese, else "en". */
export function detectLang(text: string): JudgeLang {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  return han > 0 && han * 4 >= text.replace(/\s/g, '').length * 0.5 ? 'zh' : 'en';
}
