// A Task is a dataset, a way to prompt each item, and scorers (Inspect AI's
// shape). Task *specs* are declarative data (heng.yaml, benchmark packs);
// `loadTask` in ./load.ts turns a spec into this runtime value.
import type { ChatMessage, Item, Scorer } from '../types.js';

export interface Task {
  id: string;
  /** Capability dimension, language, difficulty, benchmark, … */
  tags: Record<string, string>;
  items: Item[];
  /** The conversation sent for an item's first turn. */
  prompt(item: Item): ChatMessage[];
  /**
   * Further user turns (MT-Bench's second question, a safety follow-up
   * attack). Each is sent after the model's previous answer.
   */
  followUps?(item: Item): string[];
  /** The first scorer is the primary one that reports rank by. */
  scorers: Scorer[];
  /** Score answers cut by the token limit instead of recording them as `truncated` (default false). */
  scoreTruncated?: boolean;
  /** Content hashes recorded with every run: what exactly was evaluated. */
  version: { taskHash: string; datasetHash: string };
}
