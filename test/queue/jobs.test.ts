import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { queueTarget, redact } from '../../src/queue/connection.js';
import { jobIdFor, planJobs } from '../../src/queue/jobs.js';
import { windowLimits } from '../../src/queue/redis-limiter.js';
import { resultKey } from '../../src/store/store.js';
import type { Task } from '../../src/tasks/task.js';

const task = (id: string, n: number): Task => ({
  id,
  tags: {},
  items: Array.from({ length: n }, (_, i) => ({ id: `${id}-${i}`, fields: {} })),
  prompt: () => [],
  scorers: [],
  version: { taskHash: 'h', datasetHash: 'd' },
});

describe('planJobs', () => {
  it('cuts each provider × task into batches, interleaving providers', () => {
    const jobs = planJobs('run1', [task('a', 5), task('b', 2)], ['p', 'q'], 2, 4);
    // a: 10 units → 3 batches, b: 4 units → 1 batch; per provider 4 jobs.
    expect(jobs).toHaveLength(8);
    expect(jobs.map((j) => j.data.providerId)).toEqual(['p', 'q', 'p', 'q', 'p', 'q', 'p', 'q']);
    const p = jobs.filter((j) => j.data.providerId === 'p');
    expect(p.map((j) => [j.data.taskId, j.data.units.length])).toEqual([
      ['a', 4],
      ['a', 4],
      ['a', 2],
      ['b', 4],
    ]);
    expect(p[0].data.units).toEqual([
      ['a-0', 0],
      ['a-0', 1],
      ['a-1', 0],
      ['a-1', 1],
    ]);
    expect(p[0].data).toMatchObject({ v: 1, runId: 'run1' });
    expect(new Set(jobs.map((j) => j.id)).size).toBe(8);
    expect(jobs.every((j) => !j.id.includes(':'))).toBe(true);
  });

  it('keeps batch ids stable and leaves out done units and empty batches on resume', () => {
    const tasks = [task('a', 6)];
    const full = planJobs('run1', tasks, ['p'], 1, 3);
    const done = new Set(['a-0', 'a-1', 'a-2', 'a-4'].map((item_id) => resultKey({ task_id: 'a', item_id, provider_id: 'p', repeat: 0 })));
    const resumed = planJobs('run1', tasks, ['p'], 1, 3, done);
    expect(resumed).toHaveLength(1);
    expect(resumed[0].id).toBe(full[1].id);
    expect(resumed[0].data.units).toEqual([
      ['a-3', 0],
      ['a-5', 0],
    ]);
  });

  it('derives ids from run, provider, task and batch number', () => {
    expect(jobIdFor('r', 'p', 't', 0)).toBe(jobIdFor('r', 'p', 't', 0));
    expect(jobIdFor('r', 'p', 't', 0)).not.toBe(jobIdFor('r', 'p', 't', 1));
    expect(jobIdFor('r', 'p:x', 't', 0)).not.toBe(jobIdFor('r', 'p', 'x:t', 0));
    expect(jobIdFor('r', 'a:b', 't', 0)).not.toContain(':');
  });
});

describe('queue settings', () => {
  it('accepts redis URLs only and never prints a password', () => {
    expect(queueTarget('redis://127.0.0.1:6379')).toMatchObject({ prefix: 'heng', name: 'units' });
    expect(() => queueTarget('postgres://u:secret@h/db')).toThrow(InputError);
    expect(() => queueTarget('http://u:secret@h')).toThrow(/u:\*\*\*@h/);
    expect(redact('redis://:s3cret@redis:6379/2')).toBe('redis://:***@redis:6379/2');
    expect(redact('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('scales per-minute limits to the window', () => {
    expect(windowLimits({ rpm: 9000, windowMs: 1000 })).toMatchObject({ requests: 150, guardMs: 100 });
    expect(windowLimits({ rpm: 30, tpm: 90_000, windowMs: 10_000 })).toMatchObject({ requests: 5, tokens: 15_000, guardMs: 200 });
    expect(windowLimits({}).requests).toBe(0);
  });
});
