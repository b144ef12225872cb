// One request to a judge: temperature 0, retried like the engine retries
// (rate limits, 5xx, timeouts, network) and optionally answered from the
// response cache. A judge that fails is reported as a failure, never read as
// a judgment.
import { backoffMs, sleep } from '../engine/limits.js';
import { cacheKey } from '../engine/cache.js';
import { RETRYABLE, type ChatMessage, type ChatRequest, type JudgeTry, type Provider, type ProviderResult } from '../types.js';

export interface JudgeCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, responseJson: string): Promise<void>;
}

export interface AskOptions {
  taskId?: string;
  itemId: string;
  retries?: number;
  timeoutMs?: number;
  maxTokens?: number;
  cache?: JudgeCache;
  /** Told of every try (and of a cached reply), for the run's attempts and spend. */
  record?: (t: JudgeTry) => void;
  /** Tests shorten the back-off. */
  sleep?: (ms: number) => Promise<void>;
}

export interface JudgeReply {
  result: ProviderResult;
  tries: number;
  cached: boolean;
}

/** The store's response cache as a judge cache: same table and key scheme as every other request. */
export function judgeCache(store: { cacheGet(key: string): Promise<string | undefined>; cachePut(key: string, json: string): Promise<void> }): JudgeCache {
  return { get: (key) => store.cacheGet(key), put: (key, json) => store.cachePut(key, json) };
}

/** The settings every judge request uses: deterministic decoding. */
export const JUDGE_TEMPERATURE = 0;
export const JUDGE_MAX_TOKENS = 2048;

export async function askJudge(judge: Provider, messages: ChatMessage[], o: AskOptions): Promise<JudgeReply> {
  const request: ChatRequest = { messages, temperature: JUDGE_TEMPERATURE, maxTokens: o.maxTokens ?? JUDGE_MAX_TOKENS };
  const useCache = o.cache && judge.cacheable !== false;
  const key = useCache ? cacheKey(judge.identity, request, 0) : '';
  if (useCache) {
    const hit = await o.cache!.get(key);
    if (hit) {
      const result = JSON.parse(hit) as ProviderResult;
      o.record?.({ judge: judge.id, result, try: 0, cached: true });
      return { result, tries: 0, cached: true };
    }
  }
  const ctx = { runId: 'judge', taskId: o.taskId ?? 'judge', itemId: o.itemId, repeat: 0, timeoutMs: o.timeoutMs ?? 120_000 };
  const retries = o.retries ?? 3;
  let result: ProviderResult;
  let attempt = 0;
  for (;;) {
    result = await judge.complete(request, ctx);
    o.record?.({ judge: judge.id, result, try: attempt + 1, cached: false });
    if (!RETRYABLE.has(result.status) || attempt >= retries) break;
    await (o.sleep ?? sleep)(backoffMs(attempt, result.error?.retryAfterMs));
    attempt++;
  }
  if (useCache && result.status === 'ok') await o.cache!.put(key, JSON.stringify(result));
  return { result, tries: attempt + 1, cached: false };
}

/** Why a judge request gave no judgment, for the audit trail ("content_filtered (DataInspectionFailed): …"). */
export function judgeFailure(judgeId: string, r: ProviderResult): string {
  const code = r.error?.code ? ` (${r.error.code})` : '';
  const msg = r.error?.message ? `: ${r.error.message}` : '';
  return `judge "${judgeId}" failed: ${r.status}${code}${msg}`;
}
