// Incremental Server-Sent Events parser (WHATWG HTML §9.2.6): feed it text
// as it comes off the socket and it hands back each event the moment its
// blank line arrives, so stream timing is measured as it happens, never
// after buffering.
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event: string | undefined;
  private id: string | undefined;
  /** A CR ended the last chunk: a LF starting the next one belongs to it. */
  private pendingCr = false;

  /** Feeds a piece of the stream; returns the events it completed. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let from = 0;
    if (this.pendingCr && text.startsWith('\n')) from = 1;
    this.pendingCr = false;
    for (;;) {
      const lf = text.indexOf('\n', from);
      const cr = text.indexOf('\r', from);
      const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
      if (end < 0) break;
      const line = this.buffer + text.slice(from, end);
      this.buffer = '';
      this.line(line, events);
      if (text[end] === '\r') {
        if (end + 1 === text.length) this.pendingCr = true;
        else if (text[end + 1] === '\n') {
          from = end + 2;
          continue;
        }
      }
      from = end + 1;
    }
    this.buffer += text.slice(from);
    return events;
  }

  /** The stream ended: an event without its blank line is dropped, as the spec says. */
  end(): void {
    this.buffer = '';
    this.data = [];
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.data.length) events.push({ data: this.data.join('\n'), ...(this.event ? { event: this.event } : {}), ...(this.id ? { id: this.id } : {}) });
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' comment, e.g. keep-alive pings */) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
  }
}

/** Events from a stream of text pieces, each yielded as soon as it is complete. */
export async function* sseEvents(pieces: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const piece of pieces) {
    for (const event of parser.push(piece)) yield event;
  }
  parser.end();
}
