// The prompts a load sweep sends, in rotation. The built-in mix imitates the
// traffic of an enterprise assistant: short questions, customer-service
// turns with context, summaries of a longer passage, in Chinese and
// English. A file (`--prompts`) replaces it: JSONL, one
// {"prompt": "…"} or {"messages": [{role, content}, …]} per line.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import type { ChatMessage } from '../types.js';

const PASSAGE_ZH =
  '本行信用卡账单日为每月5日，到期还款日为账单日后第20天。持卡人可选择全额还款或最低还款额还款；选择最低还款额还款的，' +
  '自记账日起按日利率万分之五计收利息，且不享受免息还款期待遇。逾期未还最低还款额的，按最低还款额未还部分的5%收取违约金，' +
  '最低10元，最高不超过最低还款额。分期业务的手续费按期收取，提前结清剩余本金的，已收取的手续费不予退还，未到期的手续费不再收取。' +
  '持卡人如对账单有异议，应在账单日后30天内通过客服热线或手机银行提出，本行将在15个工作日内完成核查并答复。';

const PASSAGE_EN =
  'The warranty covers manufacturing defects for 24 months from the date of delivery. It does not cover damage caused by misuse, ' +
  'unauthorised repairs, or normal wear of consumable parts such as filters and seals. To make a claim, the customer registers the ' +
  'serial number online, describes the fault and attaches the original invoice. An engineer visits within five working days in ' +
  'cities and within ten working days elsewhere. If the same defect occurs three times within the warranty period, the customer ' +
  'may choose a replacement unit or a refund of the purchase price minus a usage charge of 2% per full month of use.';

/** The built-in mix: short, medium and long prompts, zh and en. */
export const BUILT_IN_PROMPTS: ChatMessage[][] = [
  [{ role: 'user', content: '用一句话解释什么是年化收益率。' }],
  [{ role: 'user', content: 'What is the difference between a debit card and a credit card? Answer in two sentences.' }],
  [
    { role: 'system', content: '你是银行的在线客服助手，回答要准确、礼貌、简洁。' },
    { role: 'user', content: '我昨天还了最低还款额，为什么这个月还有利息？' },
  ],
  [{ role: 'user', content: `请用三条要点概括下面的条款，并指出对持卡人最不利的一条：\n\n${PASSAGE_ZH}` }],
  [{ role: 'user', content: `Summarise the warranty terms below in three bullet points for a customer:\n\n${PASSAGE_EN}` }],
  [{ role: 'user', content: '某产品单价120元，首次购买打八折，第二件起每件再减10元。买3件一共多少钱？请写出计算过程。' }],
  [
    { role: 'system', content: 'You are a helpful assistant for an insurance company. Be precise.' },
    { role: 'user', content: 'My claim was rejected because the invoice was missing. What should I do next?' },
  ],
  [{ role: 'user', content: '把下面这句话改写得更正式：“这事我们下周再说吧，现在太忙了。”' }],
];

export function readPromptFile(file: string): ChatMessage[][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read prompts: ${(err as Error).message}`, { file, field: '--prompts' });
  }
  const prompts: ChatMessage[][] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const place = { file, line: i + 1 };
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new InputError('line is not JSON', place, 'one {"prompt": "…"} or {"messages": […]} per line');
    }
    const r = row as { prompt?: unknown; messages?: unknown };
    if (typeof r.prompt === 'string') prompts.push([{ role: 'user', content: r.prompt }]);
    else if (Array.isArray(r.messages) && r.messages.every((m) => m && typeof m.content === 'string' && ['system', 'user', 'assistant'].includes(m.role)))
      prompts.push(r.messages.map((m: ChatMessage) => ({ role: m.role, content: m.content })));
    else throw new InputError('needs "prompt" (text) or "messages" (a list of {role, content})', { ...place, field: 'prompt' });
  });
  if (!prompts.length) throw new InputError('no prompts in the file', { file, field: '--prompts' });
  return prompts;
}

/** sha256 of the mix, stored with the sweep so a re-run can be matched. */
export function promptMixHash(prompts: ChatMessage[][]): string {
  return createHash('sha256').update(JSON.stringify(prompts)).digest('hex');
}
