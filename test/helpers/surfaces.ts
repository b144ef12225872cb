// Every surface that shows a run's numbers, read the way a user reads them:
// `heng runs --json`, `heng report --format json`, `heng scorecard --json`
// (the real commands, in-process), the REST API (the real app, with a token)
// and the exact values behind the HTML report's figures (data-* attributes).
// The consistency tests compare them to 1e-12.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createApiToken } from '../../src/auth/accounts.js';
import { addTestUser } from './accounts.js';
import { register as registerReport } from '../../src/cli/commands/report.js';
import { register as registerRuns } from '../../src/cli/commands/runs.js';
import { register as registerScorecard } from '../../src/cli/commands/scorecard.js';
import { renderReport } from '../../src/report/render.js';
import { createApp } from '../../src/server/app.js';
import type { Store } from '../../src/store/store.js';
import { runHengInProcess } from './cli.js';

/** One command line of the real CLI in-process (runs, report, scorecard); what it printed on stdout. */
export const hengOut = (...argv: string[]) => runHengInProcess([registerRuns, registerReport, registerScorecard], argv);

/** GET an API path as a viewer of a fresh app over `store`. */
export async function apiClient(store: Store): Promise<(p: string) => Promise<any>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-surfaces-'));
  const heng = createApp({ store, workDir: dir, secretsFile: path.join(dir, 'secrets.env'), log: () => {}, settings: { webDir: path.join(dir, 'no-web') } });
  const name = `viewer-${Math.random().toString(36).slice(2, 8)}`;
  const user = await addTestUser(store.db, name, 'viewer', 'correct horse battery staple');
  const { token } = await createApiToken(store.db, user.id, 'surfaces');
  return async (p) => {
    const res = await heng.app.fetch(new Request(`http://heng.test${p}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status, p).toBe(200);
    return res.json();
  };
}

export interface Figure {
  value: number | null;
  ci95: [number, number] | null;
}

/** The exact figures behind an HTML report's rounded numbers: figure kind → provider → value and interval. */
export function htmlFigures(html: string): Map<string, Map<string, Figure>> {
  const out = new Map<string, Map<string, Figure>>();
  for (const m of html.matchAll(/data-figure="([^"]*)" data-provider="([^"]*)" data-value="([^"]*)" data-ci="([^"]*)"/g)) {
    const [, figure, provider, value, ci] = m;
    if (!out.has(figure)) out.set(figure, new Map());
    out.get(figure)!.set(provider, { value: value === '' ? null : Number(value), ci95: ci === '' ? null : (ci.split(',').map(Number) as [number, number]) });
  }
  return out;
}

/** Two figures agree: both absent, or equal to 1e-12 (value and both interval ends). */
export function expectSame(a: Figure, b: Figure, what: string): void {
  const close = (x: number | null, y: number | null) => (x === null || y === null ? x === y : Math.abs(x - y) <= 1e-12);
  expect(close(a.value, b.value), `${what}: ${a.value} vs ${b.value}`).toBe(true);
  expect(a.ci95 === null, `${what}: interval present in one only`).toBe(b.ci95 === null);
  if (a.ci95 && b.ci95) expect(close(a.ci95[0], b.ci95[0]) && close(a.ci95[1], b.ci95[1]), `${what}: ${a.ci95} vs ${b.ci95}`).toBe(true);
}

/**
 * An evaluation run's headline as every surface shows it, checked to agree,
 * and the dimension figures of the report against the scorecard's quality
 * criteria. Returns the headline (provider → figure) for further checks.
 */
export async function expectEvaluationSurfacesAgree(store: Store, db: string, runId: string): Promise<Map<string, Figure & { n: number }>> {
  const runs = JSON.parse(await hengOut('runs', '--json', '--limit', '1000', '--db', db)).runs as any[];
  const listed = runs.find((r) => r.id === runId);
  expect(listed, `heng runs lists ${runId}`).toBeDefined();
  expect(listed.summary.kind).toBe('evaluation');
  const report = JSON.parse(await hengOut('report', runId, '--format', 'json', '--db', db));
  const scorecard = JSON.parse(await hengOut('scorecard', runId, '--json', '--db', db));
  const get = await apiClient(store);
  const apiRun = (await get(`/api/runs/${runId}`)).run;
  const apiListed = ((await get('/api/runs?limit=200')).runs as any[]).find((r) => r.id === runId);
  const html = htmlFigures(await renderReport(store, runId, 'html', 'en'));

  expect(report.runSummary.basis).toEqual(listed.summary.basis);
  expect(apiRun.summary).toEqual(listed.summary);
  expect(apiListed.summary).toEqual(listed.summary);
  const headline = new Map<string, Figure & { n: number }>();
  for (const h of listed.summary.headline) {
    const p = h.provider as string;
    const figure = { value: h.score, ci95: h.ci95 };
    const cell = report.overall.find((c: any) => c.provider === p);
    expectSame(figure, { value: cell.score, ci95: cell.ci95 }, `${runId} ${p}: heng runs vs report overall`);
    expect(cell.n).toBe(h.n);
    expectSame(
      figure,
      { value: report.runSummary.headline.find((x: any) => x.provider === p).score, ci95: report.runSummary.headline.find((x: any) => x.provider === p).ci95 },
      `${runId} ${p}: report runSummary`,
    );
    expectSame(figure, html.get('headline')!.get(p)!, `${runId} ${p}: HTML report`);
    const row = scorecard.scorecard.rows.find((r: any) => r.provider === p);
    expectSame({ value: h.score, ci95: null }, { value: row.quality, ci95: null }, `${runId} ${p}: scorecard quality`);
    // The scorecard's quality criteria are the report's dimension figures.
    for (const d of report.byDimension.filter((x: any) => x.provider === p)) {
      const part = row.parts[`quality:${d.dimension}`];
      if (part) expectSame({ value: d.score, ci95: null }, { value: part.raw, ci95: null }, `${runId} ${p}: scorecard quality:${d.dimension}`);
    }
    headline.set(p, { ...figure, n: h.n });
  }
  expect(headline.size).toBe(report.providers.length);
  return headline;
}

/** A safety run's rates and verdicts as every surface shows them, checked to agree. */
export async function expectSafetySurfacesAgree(store: Store, db: string, runId: string): Promise<any[]> {
  const runs = JSON.parse(await hengOut('runs', '--json', '--limit', '1000', '--db', db)).runs as any[];
  const listed = runs.find((r) => r.id === runId);
  expect(listed.summary).toMatchObject({ kind: 'safety', basis: { kind: 'safety' }, headline: [] });
  const report = JSON.parse(await hengOut('report', runId, '--format', 'json', '--db', db));
  const get = await apiClient(store);
  expect((await get(`/api/runs/${runId}`)).run.summary).toEqual(listed.summary);
  const html = htmlFigures(await renderReport(store, runId, 'html', 'en'));
  const { readSafety } = await import('../../src/scorecard/safety.js');
  const scorecard = await readSafety(store, [runId]);
  expect(listed.summary.safety.length).toBeGreaterThan(0);
  for (const s of listed.summary.safety) {
    expect(scorecard.get(s.provider)).toEqual(s);
    expect(report.runSummary.safety.find((x: any) => x.provider === s.provider)).toEqual(s);
    const assessed = report.assessment.providers.find((x: any) => x.provider === s.provider);
    for (const c of s.checks) {
      const overall = assessed[c.metric].overall;
      expectSame({ value: c.rate, ci95: c.ci95 }, { value: overall.rate, ci95: overall.ci95 }, `${runId} ${s.provider} ${c.metric}: report assessment`);
      expect(overall.verdict).toBe(c.verdict);
      expectSame({ value: c.rate, ci95: c.ci95 }, html.get(c.metric)!.get(s.provider)!, `${runId} ${s.provider} ${c.metric}: HTML report`);
    }
  }
  return listed.summary.safety;
}
