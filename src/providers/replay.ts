// Answers produced elsewhere (a vendor's submission, an earlier system),
// read from JSONL: {"id": "<item id>", "output": "<text>"} per line, with an
// optional "task" to disambiguate ids across tasks, or a recorded failure
// {"id", "error": {"status": "content_filtered"|"timeout"|…, "code", "message"}}.
// An item with no line is `missing`, never wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsonlRows } from '../datasets/load.js';
import { InputError } from '../errors.js';
import { sha256 } from '../tasks/hash.js';
import type { AttemptStatus, CallContext, ChatRequest, Provider, ProviderResult } from '../types.js';

interface ReplayLine {
  output?: string;
  error?: { status: AttemptStatus; code?: string; message?: string };
}

const STATUSES = new Set<AttemptStatus>(['content_filtered', 'rate_limited', 'server_error', 'timeout', 'network', 'auth', 'bad_request']);

export function createReplayProvider(config: { id: string; path?: string }, baseDir: string): Provider {
  if (!config.path) throw new InputError(`replay provider "${config.id}" needs "path"`, { field: 'path' }, 'point it at a JSONL file of {"id","output"} lines');
  const file = path.resolve(baseDir, config.path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read replay answers: ${(err as NodeJS.ErrnoException).code}`, { file, field: 'path' });
  }
  const answers = new Map<string, ReplayLine>();
  for (const row of jsonlRows(text, file)) {
    const v = row.values as { id?: unknown; task?: unknown; output?: unknown; error?: ReplayLine['error'] };
    if (v.id === undefined) throw new InputError('missing "id"', { file, line: row.line, field: 'id' });
    if (v.output === undefined && !v.error) throw new InputError('needs "output" (or a recorded "error")', { file, line: row.line, field: 'output' });
    if (v.error && !STATUSES.has(v.error.status))
      throw new InputError(`unknown error status "${v.error.status}"`, { file, line: row.line, field: 'error.status' }, `one of ${[...STATUSES].join(', ')}`);
    const key = v.task !== undefined ? `${v.task}\u0000${v.id}` : String(v.id);
    answers.set(key, { output: v.output === undefined ? undefined : String(v.output), error: v.error });
  }
  return {
    id: config.id,
    model: `replay:${path.basename(file)}`,
    identity: `replay:${sha256(text)}`,
    cacheable: false,
    recorded: true,
    async complete(_req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
      const line = answers.get(`${ctx.taskId}\u0000${ctx.itemId}`) ?? answers.get(ctx.itemId);
      if (!line) return { status: 'missing', text: '', timing: { totalMs: 0 }, error: { message: 'no recorded answer for this item' } };
      if (line.error) return { status: line.error.status, text: '', timing: { totalMs: 0 }, error: { code: line.error.code, message: line.error.message ?? line.error.status } };
      return { status: 'ok', text: line.output ?? '', timing: { totalMs: 0 }, finishReason: 'stop' };
    },
  };
}
