// A fixed number of sandbox slots: how many samples run at once. Each running
// sample holds one slot (the index is informational; uids come from uid-lease).
import os from 'node:os';

export class SlotPool {
  private readonly free: number[];
  private readonly waiting: Array<(slot: number) => void> = [];

  constructor(readonly size: number = os.availableParallelism()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`sandbox pool size must be a positive integer, got ${size}`);
    this.free = Array.from({ length: size }, (_, i) => i);
  }

  async use<T>(work: (slot: number) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      return await work(slot);
    } finally {
      this.release(slot);
    }
  }

  private acquire(): Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}
