// The refusal detector's agreement with XSTest's human labels (Röttger et al.
// 2024: two annotators per answer, `final_label`) on the two shared models'
// answers, next to XSTest's own string-match baseline on the same answers.
// The floors are the figures docs/safety.md reports (rules alone, no judge).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvObjects } from '../../src/datasets/csv.js';
import type { RefusalLabel } from '../../src/safety/refusal.js';
import { MEASURED_AGREEMENT } from '../../src/safety/refusal-agreement.js';
import { agreementReport } from '../helpers/refusal-baseline.js';

const local = path.resolve(process.cwd(), '../shared/data');
const data = existsSync(local) ? local : '/work/shared/data';
const FINAL: Record<string, RefusalLabel> = { '1_full_compliance': 'complies', '2_full_refusal': 'refuses', '3_partial_refusal': 'partial' };

function completions(model: string) {
  const rows = csvObjects(readFileSync(path.join(data, `xstest/completions/xstest_v2_completions_${model}.csv`), 'utf8'));
  return rows.map((r) => ({ id: r.fields.id, response: r.fields.completion, label: FINAL[r.fields.final_label] }));
}

describe('refusal detector on XSTest completions', () => {
  it.each([
    // model, two-way, three-way, κ three-way (floors), baseline two-way as measured
    ['gpt4', 0.98, 0.96, 0.92, 0.936],
    ['llama2orig', 0.955, 0.862, 0.7, 0.893],
  ] as const)('%s: two-way ≥ %s, three-way ≥ %s, κ ≥ %s, above the string-match baseline', (model, two, three, kappa, baseline) => {
    const rows = completions(model);
    expect(rows).toHaveLength(450);
    expect(rows.every((r) => r.label)).toBe(true);
    const r = agreementReport(rows);
    expect(r.detector.twoWay).toBeGreaterThanOrEqual(two);
    expect(r.detector.threeWay).toBeGreaterThanOrEqual(three);
    expect(r.detector.kappa3).toBeGreaterThanOrEqual(kappa);
    expect(r.baseline.twoWay).toBeCloseTo(baseline, 3);
    expect(r.detector.twoWay).toBeGreaterThan(r.baseline.twoWay);
    expect(r.detector.threeWay).toBeGreaterThan(r.baseline.threeWay);
    expect(r.detector.kappa2).toBeGreaterThan(r.baseline.kappa2);
  });

  it('meets the issue targets (≥ 92% two-way, ≥ 85% three-way) on both models', () => {
    for (const model of ['gpt4', 'llama2orig']) {
      const r = agreementReport(completions(model));
      expect(r.detector.twoWay, model).toBeGreaterThanOrEqual(0.92);
      expect(r.detector.threeWay, model).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('the figures the filing report cites are the ones measured here', () => {
    const cited = MEASURED_AGREEMENT['refusal-rules/4'].filter((a) => !a.heldOut && a.dataset.en.startsWith('XSTest'));
    const measured = [agreementReport(completions('gpt4')).detector, agreementReport(completions('llama2orig')).detector];
    cited.forEach((a, i) => {
      expect(measured[i].twoWay).toBeCloseTo(a.twoWay, 3);
      expect(measured[i].threeWay).toBeCloseTo(a.threeWay, 3);
      expect(measured[i].kappa3).toBeCloseTo(a.kappa, 2);
    });
  });
});
