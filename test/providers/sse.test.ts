import { describe, expect, it } from 'vitest';
import { SseParser, sseEvents } from '../../src/providers/sse.js';

describe('SseParser', () => {
  it('joins events split anywhere across chunks, with LF, CRLF and CR line ends', () => {
    const wire = 'data: {"a":1}\r\n\r\ndata: two\rdata: lines\r\rid: 7\nevent: done\ndata: [DONE]\n\n';
    for (let cut = 1; cut < wire.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(wire.slice(0, cut)), ...p.push(wire.slice(cut))];
      expect(events, `cut at ${cut}`).toEqual([{ data: '{"a":1}' }, { data: 'two\nlines' }, { data: '[DONE]', event: 'done', id: '7' }]);
    }
  });

  it('ignores comments and fields without data, and drops an unterminated event at the end', () => {
    const p = new SseParser();
    expect(p.push(': keep-alive\n\nretry: 10\n\ndata:x\n\ndata: half')).toEqual([{ data: 'x' }]);
    p.end();
    expect(p.push('\n')).toEqual([]);
  });

  it('yields each event as soon as its blank line arrives, before later input exists', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    async function* pieces() {
      yield 'data: first\n\n';
      await gate; // the second piece does not exist until the first event was seen
      yield 'data: second\n\n';
    }
    for await (const ev of sseEvents(pieces())) {
      seen.push(ev.data);
      if (ev.data === 'first') release();
    }
    expect(seen).toEqual(['first', 'second']);
  });
});
