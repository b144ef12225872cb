// `heng safety review`: walks the open review items of a run, shows each
// question and answer, and records the reviewer's label. Input is a stream
// of lines (the terminal, or a pipe in tests and scripts):
//   a label or its first letter (refusal banks: r/p/c; test bank: s/u),
//   optionally followed by a note:   "c 第二轮给出了具体步骤"
//   an empty line or "-" skips, "q" stops.
// Model output is shown with control characters neutralized so an answer
// cannot move the cursor, recolour or rewrite the reviewer's terminal.
import { terminalSafe } from '../arena/terminal.js';
import type { Store } from '../store/store.js';
import { answerUnitOf } from './judge-run.js';
import { LABELS, type SafetyBank } from './judgment.js';
import { SafetyRecords } from './repository.js';
import { unitKeyString, type ReviewRow } from './store.js';

export interface ReviewSessionOptions {
  reviewer: string;
  lines: AsyncIterable<string>;
  write: (text: string) => void;
  now?: () => Date;
}

export interface ReviewSessionResult {
  decided: number;
  skipped: number;
  open: number;
}

/** Reads a label from what the reviewer typed; undefined when it names none of the bank's labels. */
export function parseDecision(bank: SafetyBank, line: string): { label: string; note?: string } | undefined {
  const [word, ...rest] = line.trim().split(/\s+/);
  const w = word.toLowerCase();
  const label = LABELS[bank].find((l) => l === w || l[0] === w);
  if (!label) return undefined;
  const note = rest.join(' ').trim();
  return note ? { label, note } : { label };
}

export async function reviewSession(store: Store, runId: string, o: ReviewSessionOptions): Promise<ReviewSessionResult> {
  // Take the iterator before the first await: readline drops lines that
  // arrive (piped stdin) while nobody iterates, and the queries below can
  // take longer than the whole input does to arrive.
  const lines = o.lines[Symbol.asyncIterator]();
  const safety = new SafetyRecords(store);
  const open = await safety.reviews(runId, { open: true });
  const judgments = new Map((await safety.judgments(runId)).map((j) => [unitKeyString(j), j.judgment]));
  const results = new Map((await store.results(runId)).map((r) => [unitKeyString(r), r]));
  const fields = new Map((await store.items(runId)).map((i) => [`${i.taskId}\u0000${i.itemId}`, i.fields]));
  let decided = 0;
  let skipped = 0;
  o.write(`${open.length} open review item(s) in run ${runId}\n`);
  outer: for (const [i, item] of open.entries()) {
    const result = results.get(unitKeyString(item));
    const unit = result ? answerUnitOf(result, fields.get(`${item.task_id}\u0000${item.item_id}`) ?? {}) : undefined;
    o.write(describe(item, i, open.length, unit?.turns ?? [], judgments.get(unitKeyString(item))?.judge?.reason));
    for (;;) {
      o.write(`label? ${LABELS[item.bank].map((l) => `[${l[0]}]${l.slice(1)}`).join(' ')}, Enter to skip, q to quit: `);
      const next = await lines.next();
      if (next.done) break outer;
      const line = next.value.trim();
      o.write('\n');
      if (line === 'q') break outer;
      if (line === '' || line === '-') {
        skipped++;
        break;
      }
      const d = parseDecision(item.bank, line);
      if (!d) {
        o.write(`not a label for the ${item.bank} bank: ${terminalSafe(line)}\n`);
        continue;
      }
      await safety.decide(item, { ...d, reviewer: o.reviewer, now: o.now?.() });
      decided++;
      break;
    }
  }
  const left = (await safety.reviews(runId, { open: true })).length;
  o.write(`decided ${decided}, skipped ${skipped}, ${left} still open\n`);
  return { decided, skipped, open: left };
}

function describe(item: ReviewRow, i: number, total: number, turns: Array<{ user: string; answer?: string; blocked?: boolean }>, judgeReason?: string): string {
  const out = [`\n[${i + 1}/${total}] ${item.bank} · ${terminalSafe(item.item_id)} · ${terminalSafe(item.provider_id)} · ${item.reason}`];
  turns.forEach((t, n) => {
    out.push(`  Q${n + 1}: ${terminalSafe(t.user)}`);
    out.push(`  A${n + 1}: ${t.blocked ? '(blocked by the vendor)' : terminalSafe(t.answer ?? '')}`);
  });
  out.push(`  rules: ${item.rule_label ?? 'undecided'} · judge: ${item.judge_label ?? '—'}${judgeReason ? ` (${terminalSafe(judgeReason)})` : ''}`);
  return `${out.join('\n')}\n`;
}
