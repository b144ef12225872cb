// Battles from a run: for every pair of the chosen providers, the items both
// answered (optionally a seeded sample of N per pair). Which provider is
// shown as "A" is decided once, when the battle is made, by a coin keyed with
// a secret salt stored with it (./order.ts), and never changes afterwards.
import { InputError } from '../errors.js';
import { createRng, shuffled, type Seed } from '../stats/random.js';
import type { Store } from '../store/store.js';
import { sha256 } from '../tasks/hash.js';
import { newSalt, shownOrder } from './order.js';
import { battlesOf, getBattle, insertBattles, type BattleRow } from './store.js';

export interface CreateOptions {
  providers: string[];
  /** At most this many items per provider pair (a seeded sample); default all. */
  perPair?: number;
  /** Seed of the per-pair sample (the order shown does not depend on it). */
  seed?: Seed;
  taskId?: string;
}

export const battleId = (runId: string, taskId: string, itemId: string, p: string, q: string) => sha256([runId, taskId, itemId, ...[p, q].sort()].join('\u0000')).slice(0, 24);

/** Answered results of the run's first repeat, keyed `task\0item\0provider`. */
async function answered(store: Store, runId: string, providers: string[], taskId?: string) {
  const rows = await store.answeredKeys(runId, { providers, repeat: 0, taskId });
  const byItem = new Map<string, { task: string; item: string; providers: Set<string> }>();
  for (const r of rows) {
    const key = `${r.taskId}\u0000${r.itemId}`;
    let e = byItem.get(key);
    if (!e) byItem.set(key, (e = { task: r.taskId, item: r.itemId, providers: new Set() }));
    e.providers.add(r.providerId);
  }
  return [...byItem.values()];
}

export async function checkRunProviders(store: Store, runId: string, providers: string[]): Promise<void> {
  const run = await store.getRun(runId);
  if (!run) throw new InputError(`no run "${runId}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  if (new Set(providers).size < 2) throw new InputError('a battle needs two different providers', { field: '--providers' }, 'e.g. --providers qwen-max,glm-4');
  const known = (await store.runProviders(runId)).map((p) => p.providerId);
  const unknown = providers.find((p) => !known.includes(p));
  if (unknown) throw new InputError(`provider "${unknown}" is not in run ${runId}`, { field: '--providers' }, `providers of the run: ${known.join(', ')}`);
}

/** Create the battles (existing ones are kept as they are, order included); returns every battle of these pairs and how many are new. */
export async function createBattles(store: Store, runId: string, o: CreateOptions): Promise<{ battles: BattleRow[]; created: number }> {
  const providers = [...new Set(o.providers)];
  await checkRunProviders(store, runId, providers);
  const seed = o.seed ?? 0;
  const items = await answered(store, runId, providers, o.taskId);
  const before = new Set((await battlesOf(store.db, runId)).map((b) => b.id));
  const now = new Date().toISOString();
  const rows = [];
  const ids = new Set<string>();
  for (let i = 0; i < providers.length; i++)
    for (let j = i + 1; j < providers.length; j++) {
      const [p, q] = [providers[i], providers[j]].sort();
      let both = items.filter((e) => e.providers.has(p) && e.providers.has(q));
      if (o.perPair !== undefined && both.length > o.perPair) both = shuffled(both, createRng(`${seed}:${p}\u0000${q}`)).slice(0, o.perPair);
      for (const e of both) {
        const id = battleId(runId, e.task, e.item, p, q);
        ids.add(id);
        if (before.has(id)) continue;
        // A battle another process inserts meanwhile wins (insert-or-ignore): its order is the one stored and read back.
        const salt = newSalt();
        const [a, b] = shownOrder(salt, id, [p, q]);
        rows.push({ id, run_id: runId, task_id: e.task, item_id: e.item, provider_a: a, provider_b: b, seed: String(seed), created_at: now, salt });
      }
    }
  await insertBattles(store.db, rows);
  const battles = (await battlesOf(store.db, runId)).filter((b) => ids.has(b.id));
  return { battles, created: battles.filter((b) => !before.has(b.id)).length };
}

/** What a reviewer sees: the prompt and two anonymous answers. No provider ids, models or labels. */
export interface BlindBattle {
  battleId: string;
  taskId: string;
  system?: string;
  /** The user turns (one for a single question). */
  turns: string[];
  /** Each side's answers, one per turn. */
  a: string[];
  b: string[];
}

/** Fields a prompt is most likely written in, in order; the arena shows the first present. */
const PROMPT_FIELDS = ['prompt', 'question', 'instruction', 'query', 'input', 'text', 'content'];

export function promptOf(fields: Record<string, unknown>): { system?: string; turns: string[] } {
  const system = typeof fields.system === 'string' ? fields.system : typeof fields.persona === 'string' ? fields.persona : undefined;
  if (Array.isArray(fields.turns) && fields.turns.length) return { system, turns: fields.turns.map(String) };
  const field = PROMPT_FIELDS.find((f) => typeof fields[f] === 'string' && (fields[f] as string).trim());
  return { system, turns: [field ? String(fields[field]) : JSON.stringify(fields, null, 2)] };
}

/** The item and both answers of a battle, for the blind view and the pairwise judge. */
export async function battleMaterial(store: Store, battle: BattleRow) {
  const [item, results] = await Promise.all([
    store.item(battle.run_id, battle.task_id, battle.item_id),
    store.itemResults(battle.run_id, battle.task_id, battle.item_id, { providers: [battle.provider_a, battle.provider_b], repeat: 0 }),
  ]);
  const answersOf = (provider: string): string[] => {
    const r = results.find((x) => x.provider_id === provider);
    if (!r) return [];
    return r.turns ?? [r.raw_output ?? ''];
  };
  const fields = item?.fields ?? {};
  const target = item?.target === null ? undefined : (item?.target as string | string[] | undefined);
  return { fields, target, prompt: promptOf(fields), a: answersOf(battle.provider_a), b: answersOf(battle.provider_b) };
}

export async function blindView(store: Store, id: string): Promise<BlindBattle> {
  const battle = await getBattle(store.db, id);
  if (!battle) throw new InputError(`no battle "${id}"`, { field: 'battle' });
  const m = await battleMaterial(store, battle);
  return { battleId: battle.id, taskId: battle.task_id, ...(m.prompt.system ? { system: m.prompt.system } : {}), turns: m.prompt.turns, a: m.a, b: m.b };
}
