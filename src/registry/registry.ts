// One registry shape for everything a config names by type: scorers, packs
// (providers to follow). An entry is its name, the zod schema of its config
// fields (known without loading anything) and a lazy `load` for the factory,
// so `heng --help` never imports the judges, the sandbox or a pack's parser.
import type { z } from 'zod';

export interface Entry<F> {
  name: string;
  schema: z.ZodType;
  load: () => Promise<F>;
}

export class Registry<F> {
  private readonly entries = new Map<string, Entry<F>>();
  private readonly loaded = new Map<string, Promise<F>>();

  /** `kind` names the registry in errors ("scorer", "pack"). */
  constructor(readonly kind: string) {}

  add(entry: Entry<F>): void {
    if (this.entries.has(entry.name)) throw new Error(`${this.kind} "${entry.name}" is registered twice`);
    this.entries.set(entry.name, entry);
  }

  /** Replace an entry (tests stub a heavy factory). */
  replace(entry: Entry<F>): void {
    this.entries.set(entry.name, entry);
    this.loaded.delete(entry.name);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  get(name: string): Entry<F> | undefined {
    return this.entries.get(name);
  }

  /** The factory, imported on first use and kept. */
  load(name: string): Promise<F> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.reject(new Error(`unknown ${this.kind} "${name}"`));
    let p = this.loaded.get(name);
    if (!p) {
      p = entry.load();
      this.loaded.set(name, p);
    }
    return p;
  }
}
