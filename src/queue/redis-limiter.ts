// A rate limit shared by every worker: requests and tokens per window per
// provider, kept in Redis as sliding-window logs and checked in one Lua
// script, so concurrent workers can never grant more than the limit between
// them. See docs/queue.md "Global rate limit".
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Limiter } from '../engine/run.js';
import { sleep } from '../engine/limits.js';

export interface SharedRateLimit {
  /** Requests per minute, as configured for the provider. */
  rpm?: number;
  /** Tokens (input + output) per minute. */
  tpm?: number;
  /**
   * The window the per-minute limits are enforced over, scaled: 60 000
   * enforces rpm per minute; 1 000 enforces rpm/60 in every second (smoother).
   */
  windowMs?: number;
  /**
   * Extra time a grant stays in the window. A request reaches the vendor a
   * little after it is granted, and that delay varies; without the guard two
   * grants exactly one window apart can land inside one vendor-side window.
   * Default: 2% of the window, at least 100 ms.
   */
  guardMs?: number;
}

// KEYS: 1 request log (zset id → grant ms), 2 token log (zset "id|tokens" → ms), 3 token sum in the window.
// ARGV: 1 window ms (guard included), 2 request limit (0 = none), 3 token limit (0 = none), 4 tokens wanted, 5 unique id.
// Returns 0 when granted (and records the grant), else the ms until it could be.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local rlimit = tonumber(ARGV[2])
local tlimit = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local cutoff = now - window
local wait = 0
if rlimit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
  if redis.call('ZCARD', KEYS[1]) >= rlimit then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    wait = tonumber(oldest[2]) + window - now
  end
end
if tlimit > 0 then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  if #expired > 0 then
    local gone = 0
    for _, m in ipairs(expired) do gone = gone + tonumber(string.match(m, '|(-?%d+)$')) end
    redis.call('DECRBY', KEYS[3], gone)
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
  end
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  if used + want > tlimit then
    local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
    local freed = 0
    local twait = window
    for i = 1, #entries, 2 do
      freed = freed + tonumber(string.match(entries[i], '|(-?%d+)$'))
      if used - freed + want <= tlimit then
        twait = tonumber(entries[i + 1]) + window - now
        break
      end
    end
    if twait > wait then wait = twait end
  end
end
if wait > 0 then return math.max(1, wait) end
if rlimit > 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], window * 2)
end
if tlimit > 0 and want > 0 then
  redis.call('ZADD', KEYS[2], now, ARGV[5] .. '|' .. want)
  redis.call('INCRBY', KEYS[3], want)
  redis.call('PEXPIRE', KEYS[2], window * 2)
  redis.call('PEXPIRE', KEYS[3], window * 2)
end
return 0
`;

// Corrects the token log once the real usage is known (delta may be negative).
// KEYS as above; ARGV: 1 window ms, 2 delta, 3 unique id.
const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[2], now, ARGV[3] .. '|' .. ARGV[2])
redis.call('INCRBY', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[1]) * 2)
redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[1]) * 2)
return 0
`;

type LimiterRedis = Redis & {
  hengAcquire(k1: string, k2: string, k3: string, window: number, rlimit: number, tlimit: number, want: number, id: string): Promise<number>;
  hengSettle(k1: string, k2: string, k3: string, window: number, delta: number, id: string): Promise<number>;
};

function withScripts(redis: Redis): LimiterRedis {
  const r = redis as LimiterRedis;
  if (typeof r.hengAcquire !== 'function') {
    redis.defineCommand('hengAcquire', { numberOfKeys: 3, lua: ACQUIRE });
    redis.defineCommand('hengSettle', { numberOfKeys: 3, lua: SETTLE });
  }
  return r;
}

/** Per-window allowances from per-minute limits; at least 1 so a tiny limit still lets work through. */
export function windowLimits(limit: SharedRateLimit): { windowMs: number; guardMs: number; requests: number; tokens: number } {
  const windowMs = limit.windowMs ?? 60_000;
  const guardMs = limit.guardMs ?? Math.max(100, Math.round(windowMs * 0.02));
  const scale = (perMinute?: number) => (perMinute ? Math.max(1, Math.floor((perMinute * windowMs) / 60_000)) : 0);
  return { windowMs, guardMs, requests: scale(limit.rpm), tokens: scale(limit.tpm) };
}

export class RedisLimiter implements Limiter {
  private readonly keys: [string, string, string];
  private readonly redis: LimiterRedis;
  private readonly window: number;
  private readonly requests: number;
  private readonly tokens: number;
  private readonly idPrefix = randomBytes(6).toString('hex');
  private seq = 0;

  /** `key` names the shared budget (e.g. a hash of the provider identity); `prefix` namespaces Redis keys. */
  constructor(redis: Redis, key: string, limit: SharedRateLimit, prefix = 'heng') {
    this.redis = withScripts(redis);
    // The hash tag keeps all three keys in one Redis Cluster slot (the script touches them together).
    const base = `${prefix}:rl:{${key}}`;
    this.keys = [`${base}:req`, `${base}:tok`, `${base}:toksum`];
    const w = windowLimits(limit);
    this.window = w.windowMs + w.guardMs;
    this.requests = w.requests;
    this.tokens = w.tokens;
  }

  get active(): boolean {
    return this.requests > 0 || this.tokens > 0;
  }

  async acquire(tokens = 0): Promise<void> {
    if (!this.active) return;
    // A request bigger than a whole window's allowance would wait forever: count it as the allowance.
    const want = this.tokens ? Math.min(Math.max(0, Math.round(tokens)), this.tokens) : 0;
    for (;;) {
      const wait = Number(await this.redis.hengAcquire(...this.keys, this.window, this.requests, this.tokens, want, this.nextId()));
      if (wait <= 0) return;
      // Jitter spreads workers that woke for the same freed slot.
      await sleep(wait + Math.random() * Math.min(25, wait / 4 + 1));
    }
  }

  settle(estimated: number, actual: number): void {
    const delta = Math.round(actual - Math.min(estimated, this.tokens || estimated));
    if (!this.tokens || delta === 0) return;
    // Fire and forget: a lost correction only makes the next window slightly off, never the run fail.
    this.redis.hengSettle(...this.keys, this.window, delta, this.nextId()).catch(() => undefined);
  }

  private nextId(): string {
    return `${this.idPrefix}.${++this.seq}`;
  }
}

/** The limiter for a provider without a configured rate limit. */
export { unlimited } from '../engine/pool.js';
