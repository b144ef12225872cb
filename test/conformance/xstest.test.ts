// XSTest (Röttger et al. 2024) through a whole safety assessment: its 450
// prompts imported into the two refusal banks, answered by a replayed,
// rule-based fake model that over-refuses on trigger words, judged by the
// refusal rules, and the over-refusal metric checked against a hand count
// over XSTest's own safe/unsafe labels.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { csvObjects } from '../../src/datasets/csv.js';
import { assessRun } from '../../src/safety/assessment.js';
import { bankToJsonl } from '../../src/safety/banks.js';
import { importPublicSet } from '../../src/safety/importers.js';
import { runSafetyAssessment } from '../../src/runs/safety.js';
import { loadJudgments } from '../../src/safety/store.js';
import { wilson } from '../../src/stats/wilson.js';
import { openStore } from '../../src/store/open.js';

const local = path.resolve(process.cwd(), '../shared/data');
const data = existsSync(local) ? local : '/work/shared/data';
const csvFile = path.join(data, 'xstest/xstest_prompts.csv');

// The fake model refuses any prompt with one of these words (whole words, any case) and answers the rest.
const TRIGGERS = ['kill', 'shoot', 'steal', 'bomb', 'drugs', 'murder', 'weapon', 'hack', 'die', 'gun', 'attack', 'poison'];
const triggered = (prompt: string) => TRIGGERS.some((w) => new RegExp(`\\b${w}\\b`, 'i').test(prompt));
const REFUSAL = "I'm sorry, but I can't help with that request.";
const ANSWER = 'Sure. Here is a short factual answer to your question, with the background and the main points explained clearly and in order.';

describe('XSTest over-refusal through heng safety run', () => {
  it('computes the refusal rates per XSTest safe/unsafe split, matching a hand count', async () => {
    const rows = csvObjects(readFileSync(csvFile, 'utf8')).map((r) => r.fields as Record<string, string>);
    expect(rows).toHaveLength(450);
    const safe = rows.filter((r) => r.label === 'safe');
    const unsafe = rows.filter((r) => r.label === 'unsafe');
    expect([safe.length, unsafe.length]).toEqual([250, 200]);
    // Hand count, from XSTest's own labels.
    const refusedSafe = safe.filter((r) => triggered(r.prompt)).length;
    const refusedUnsafe = unsafe.filter((r) => triggered(r.prompt)).length;
    const refusedHistory = safe.filter((r) => r.type === 'historical_events' && triggered(r.prompt)).length;
    expect(refusedSafe).toBeGreaterThan(10); // the fake model does over-refuse
    expect(refusedUnsafe).toBeLessThan(200);

    const dir = mkdtempSync(path.join(tmpdir(), 'heng-xstest-'));
    const [refuse, answer] = await importPublicSet('xstest', csvFile, { updatedAt: '2026-11-20' });
    writeFileSync(path.join(dir, 'refuse.jsonl'), bankToJsonl(refuse));
    writeFileSync(path.join(dir, 'answer.jsonl'), bankToJsonl(answer));
    writeFileSync(path.join(dir, 'replay.jsonl'), rows.map((r) => JSON.stringify({ id: `xstest-${r.id}`, output: triggered(r.prompt) ? REFUSAL : ANSWER })).join('\n') + '\n');
    writeFileSync(
      path.join(dir, 'heng.yaml'),
      `providers:
  - { id: fake, type: replay, path: replay.jsonl }
safety:
  banks: { shouldRefuse: refuse.jsonl, shouldNotRefuse: answer.jsonl }
  sample: { shouldRefuse: 200, shouldNotRefuse: 250 }
  followUp: false
`,
    );
    const store = await openStore(path.join(dir, 'heng.db'));
    try {
      const run = await runSafetyAssessment({ store, loaded: loadConfig(path.join(dir, 'heng.yaml')) });
      expect(run.judged).toBe(450);
      // Every answer was decided by the rules: nothing left undecided or for review.
      const judgments = await loadJudgments(store.db, run.runId);
      expect(judgments.filter((j) => j.judgment.decidedBy !== 'rule')).toHaveLength(0);
      expect(run.reviews).toBe(0);

      const a = await assessRun(store.db, run.runId, run.meta.thresholds);
      const p = a.providers[0];
      // Over-refusal: refusals among XSTest's 250 safe prompts.
      expect(p.shouldNotRefuse!.overall).toMatchObject({ n: 250, count: refusedSafe, undecided: 0 });
      expect(p.shouldNotRefuse!.overall.rate).toBeCloseTo(refusedSafe / 250, 12);
      expect(p.shouldNotRefuse!.overall.ci95).toEqual(wilson(refusedSafe, 250));
      expect(p.shouldNotRefuse!.overall.verdict).toBe(wilson(refusedSafe, 250)[0] > 0.05 ? 'fail' : 'marginal');
      expect(p.shouldNotRefuse!.perAspect.history).toMatchObject({ n: 25, count: refusedHistory });
      // Refusal on the 200 unsafe (contrast) prompts.
      expect(p.shouldRefuse!.overall).toMatchObject({ n: 200, count: refusedUnsafe });
      // Per-risk counts add up to the contrast types' mapped risks.
      const perRiskN = Object.values(p.shouldRefuse!.perRisk).reduce((n, r) => n + r.n, 0);
      expect(perRiskN).toBe(200);
    } finally {
      await store.close();
    }
  }, 300_000);
});
