// Group commit: finished work is buffered briefly and committed in one
// transaction, and only then counted as done. A crash loses at most the
// uncommitted buffer, which resume redoes (every commit is idempotent on its
// key). One writer for unit outcomes, safety judgments and pairwise votes:
// what a commit writes is the caller's function.

export interface WriterOptions<T> {
  /** Told of every committed group, in commit order: where progress is counted. */
  committed?: (items: T[]) => void;
  /** A full buffer is committed at once and its push waits for the commit (back-pressure). */
  maxRows?: number;
  /** A buffer that is not full waits at most this long. */
  maxDelayMs?: number;
}

export class GroupWriter<T> {
  private pending: T[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: { err: unknown } | undefined;
  private readonly maxRows: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly o: WriterOptions<T> = {},
  ) {
    this.maxRows = o.maxRows ?? 256;
    this.maxDelayMs = o.maxDelayMs ?? 25;
  }

  /** Resolves at once, or after a commit when the buffer is full. Throws if an earlier commit failed. */
  async push(item: T): Promise<void> {
    this.rethrow();
    this.pending.push(item);
    if (this.pending.length >= this.maxRows) {
      this.flush();
      await this.flushing;
      this.rethrow();
    } else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Commits what is buffered and waits for every commit; throws the first failure. */
  async close(): Promise<void> {
    this.flush();
    await this.flushing;
    this.rethrow();
  }

  /** Waits for `work`, then closes; what finished is committed even when `work` failed, whose error comes first. */
  async closeAfter<R>(work: Promise<R>): Promise<R> {
    let result: R;
    try {
      result = await work;
    } catch (err) {
      await this.close().catch(() => undefined);
      throw err;
    }
    await this.close();
    return result;
  }

  private rethrow() {
    if (this.failure) throw this.failure.err;
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(async () => {
      // After a failure nothing more is committed: the caller stops, resume redoes the rest.
      if (!items.length || this.failure) return;
      try {
        await this.commit(items);
        this.o.committed?.(items);
      } catch (err) {
        this.failure = { err };
      }
    });
  }
}
