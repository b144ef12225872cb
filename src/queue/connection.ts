// Where the queue lives: a redis:// URL, a key prefix and a queue name. One
// place decides the connection options BullMQ needs.
import { Redis } from 'ioredis';
import { InputError } from '../errors.js';

export interface QueueTarget {
  /** redis:// or rediss:// URL (password, db number allowed). */
  url: string;
  /** Prefix of every Redis key Heng writes (BullMQ keys and rate-limit logs). */
  prefix?: string;
  /** BullMQ queue name. */
  name?: string;
}

export const DEFAULT_PREFIX = 'heng';
export const DEFAULT_QUEUE = 'units';

export function queueTarget(target: QueueTarget | string): Required<QueueTarget> {
  const t = typeof target === 'string' ? { url: target } : target;
  if (!/^rediss?:\/\//.test(t.url)) throw new InputError(`--queue must be a redis:// URL, got "${redact(t.url)}"`, { field: '--queue' }, 'e.g. redis://127.0.0.1:6379');
  return { url: t.url, prefix: t.prefix ?? process.env.HENG_QUEUE_PREFIX ?? DEFAULT_PREFIX, name: t.name ?? DEFAULT_QUEUE };
}

/** A Redis client as BullMQ requires it: commands wait for reconnection instead of failing. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** A URL safe to print: the password is hidden. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
