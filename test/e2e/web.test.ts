// The web app end to end in Debian Chromium: sign in, start a run against a
// local OpenAI-compatible server, watch it finish, open side-by-side answers,
// move a scorecard weight and see the ranking change and the intervals follow
// from the server, export the PDF; hostile model output stays text
// everywhere; a reviewer sees no provider ids.
// Screenshots: test-artifacts/e2e/*.png.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { ARTIFACTS, browser, buildWeb, shot, signIn, startSite, type Site } from './harness.js';

const HOSTILE = '<script>window.__xss=1</script> <img src=x onerror="window.__xss=2"> [click](javascript:window.__xss=3)';

// Two capability dimensions; prov-alpha leads on reasoning, prov-beta on
// knowledge, so the scorecard's ranking depends on their weights.
const MATH = ['m1', 'm2', 'm3', 'm4'];
const FACTS = ['f1', 'f2', 'f3', 'f4'];
const ALPHA_RIGHT = new Set(['m1', 'm2', 'm3', 'm4', 'f1', 'f2']);
const BETA_RIGHT = new Set(['m1', 'f1', 'f2', 'f3', 'f4']);

function answer(body: any): string {
  const q = lastUser(body).replace(/^Q-/, '');
  if (body.model === 'gamma') return HOSTILE;
  const right = body.model === 'alpha' ? ALPHA_RIGHT : BETA_RIGHT;
  return right.has(q) ? `A-${q}` : 'nope';
}

function config(vendorUrl: string): string {
  const provider = (id: string, model: string, kind = 'type: openai-compatible') => [
    `  - id: ${id}`,
    `    ${kind}`,
    `    baseUrl: ${vendorUrl}/v1`,
    `    model: ${model}`,
    '    stream: false',
    '    concurrency: 1',
  ];
  return [
    'name: e2e-web',
    'providers:',
    ...provider('prov-alpha', 'alpha'),
    ...provider('prov-beta', 'beta'),
    // Zhipu's rules send temperature 0 as 0.01 (as its SDK does): a request mapping the run page shows.
    ...provider('prov-gamma', 'gamma', 'preset: zhipu'),
    'tasks:',
    '  - id: math',
    '    dataset: math.jsonl',
    '    prompt: { user: "{{question}}" }',
    '    scorers: [{ type: exact }]',
    '    tags: { dimension: reasoning }',
    '  - id: facts',
    '    dataset: facts.jsonl',
    '    prompt: { user: "{{question}}" }',
    '    scorers: [{ type: exact }]',
    '    tags: { dimension: knowledge }',
    'run: { cache: false, retries: 0, timeoutMs: 10000 }',
    '',
  ].join('\n');
}

const jsonl = (ids: string[]) => ids.map((id) => JSON.stringify({ id, question: `Q-${id}`, answer: `A-${id}` })).join('\n') + '\n';

const USERS = [
  { name: 'eva', role: 'evaluator' as const, password: 'eva-pass-1234' },
  { name: 'rita', role: 'reviewer' as const, password: 'rita-pass-1234' },
];

let webDir: string;
let site: Site;
let vendor: OpenAIServer;
let chromium: Browser;
let page: Page;
let runId: string;
/** What Chromium reported refusing under the page's Content-Security-Policy, over every test. */
const cspViolations: string[] = [];

/** The provider ids in the ranking table, best first. */
const ranking = (p: Page) => p.$$eval('[data-testid=ranking] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-provider')));
/** The 95% interval shown for each eligible provider in the ranking table. */
const intervals = (p: Page) =>
  p.$$eval('[data-testid=ranking] tbody tr[data-eligible=true]', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-provider')!, r.querySelector('td.interval')?.textContent ?? ''])));

beforeAll(async () => {
  webDir = await buildWeb();
  // Slow enough answers that the run is visibly in progress for a while.
  vendor = await startOpenAIServer({ answers: answer, behaviour: { firstByteMs: 500 } });
  site = await startSite(webDir, USERS);
  writeFileSync(path.join(site.dir, 'math.jsonl'), jsonl(MATH));
  writeFileSync(path.join(site.dir, 'facts.jsonl'), jsonl(FACTS));
  chromium = await browser();
  page = await (await chromium.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'en-US' })).newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
});

afterAll(async () => {
  await chromium?.close();
  await site?.close();
  await vendor?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

// A failing step leaves a picture of the page behind.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await shot(page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
});

describe('web app in Chromium', () => {
  it('signs in, starts a run against the local vendor server and watches it finish', async () => {
    await page.goto(site.url);
    await page.waitForSelector('form.login');
    await shot(page, '01-login');
    await signIn(page, site.url, 'eva', 'eva-pass-1234');
    expect(await page.textContent('header .who')).toContain('eva (evaluator)');

    await page.click('header nav a[href="#/new"]');
    await page.fill('textarea[name=config]', config(vendor.url));
    await page.click('form.new-run button[type=submit]');
    await page.waitForURL(/#\/runs\/[^/]+$/);
    runId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);

    const live = page.locator('[data-testid=live-progress]');
    await live.waitFor();
    // Live progress moves while the vendor answers (8 answers of 0.5 s per provider), then shows the finished run.
    await page.waitForFunction(() => {
      const live = document.querySelector('[data-testid=live-progress]');
      const m = /(\d+) \/ (\d+)/.exec(live?.querySelector('.progress .label')?.textContent ?? '');
      return live?.getAttribute('data-status') === 'running' && !!m && Number(m[1]) > 0 && Number(m[1]) < 24;
    });
    await shot(page, '02-run-in-progress');
    await page.waitForSelector('[data-testid=live-progress][data-status=done]', { timeout: 60_000 });
    expect(await live.locator('.progress .label').textContent()).toContain('24 / 24');
    // The overview: overall table with intervals, per-task tables and an ECharts SVG chart.
    await page.waitForSelector('[data-testid=overall] tbody tr');
    const overall = await page.$$eval('[data-testid=overall] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(overall.map((r) => r[0]).sort()).toEqual(['prov-alpha', 'prov-beta', 'prov-gamma']);
    const alpha = overall.find((r) => r[0] === 'prov-alpha')!;
    expect(alpha[1]).toBe('75.0%'); // 6 of 8
    expect(alpha[2]).toMatch(/^\[\d+\.\d%, \d+\.\d%\]$/);
    expect(await page.locator('.task-block').count()).toBe(2);
    expect(await page.locator('.chart svg').count()).toBeGreaterThan(0);
    // Provider notes: what the run recorded that gamma's model rules sent differently, with the reason.
    const gammaNote = page.locator('[data-testid=provider-notes] tr[data-provider=prov-gamma]');
    expect(await gammaNote.first().textContent()).toContain('temperature: 0 → 0.01 — outside the accepted range (0, 1)');
    expect(await page.locator('[data-testid=provider-notes] tr[data-provider=prov-alpha]').count()).toBe(0);
    await shot(page, '03-run-done');

    // The dashboard lists it as done with its headline scores.
    await page.click('header nav a[href="#/"]');
    const row = page.locator(`tr[data-run="${runId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('done');
    expect(await row.textContent()).toContain('prov-beta');
    await shot(page, '04-dashboard');
  }, 90_000);

  it('shows the answers of every provider side by side for a picked item', async () => {
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/answers`);
    await page.selectOption('[data-testid=answers-task]', 'facts', { timeout: 5000 });
    await page.waitForSelector('[data-testid=answers-item] option[value=f3]', { state: 'attached', timeout: 5000 });
    await page.selectOption('[data-testid=answers-item]', 'f3');
    await page.waitForSelector('.item-view[data-item=f3] article.answer');
    const cards = await page.$$eval('article.answer', (as) =>
      as.map((a) => ({ p: a.getAttribute('data-provider'), o: a.getAttribute('data-outcome'), raw: a.querySelector('.raw-output')?.textContent })),
    );
    expect(cards).toEqual([
      { p: 'prov-alpha', o: 'wrong', raw: 'nope' },
      { p: 'prov-beta', o: 'correct', raw: 'A-f3' },
      { p: 'prov-gamma', o: 'wrong', raw: HOSTILE },
    ]);
    // Score, extracted answer and the rule that extracted it are shown.
    const beta = page.locator('article.answer[data-provider=prov-beta]');
    expect(await beta.locator('.score').textContent()).toBe('100.0%');
    expect(await beta.textContent()).toMatch(/exact/);
    await shot(page, '05-side-by-side');
  });

  it('keeps hostile model output as text: no script ran, no image loaded, no javascript: link', async () => {
    const gamma = page.locator('article.answer[data-provider=prov-gamma] .raw-output');
    expect(await gamma.innerText()).toBe(HOSTILE);
    // The search page shows the same answers in its table.
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/search`);
    await page.selectOption('select[name=provider]', 'prov-gamma');
    await page.fill('input[name=q]', 'onerror');
    await page.click('.filters button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=search-total]')?.textContent === '8 results');
    const texts = await page.$$eval('table.results .model-text', (els) => els.map((e) => e.textContent));
    expect(texts).toHaveLength(8);
    for (const t of texts) expect(t).toBe(HOSTILE);
    await shot(page, '06-search-hostile');
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('main img, main script').count()).toBe(0);
  });

  it('recomputes the scorecard ranking as a weight moves', async () => {
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/scorecard`);
    await page.waitForSelector('[data-testid=ranking] tbody tr');
    // The run has no scorecard section: quality 1 split over the two dimensions, latency 1; no price, no safety verdicts.
    expect(await page.inputValue('input[data-criterion="quality:reasoning"]')).toBe('0.5');
    // At the run's own weights the intervals and groups are the report's: there from the start.
    expect(await page.getAttribute('[data-testid=ranking]', 'data-stale')).toBe('false');
    const ownIntervals = await intervals(page);
    expect(Object.keys(ownIntervals).sort()).toEqual(['prov-alpha', 'prov-beta', 'prov-gamma']);
    for (const text of Object.values(ownIntervals)) expect(text).toMatch(/^\[\d+\.\d%, \d+\.\d%\]$/);
    // Latency only: the three answer equally fast up to noise; take it out so quality alone decides.
    await page.locator('input[data-criterion=latency]').fill('0');
    // Equal dimension weights: alpha (4/4 reasoning, 2/4 knowledge) ahead of beta (1/4, 4/4).
    await page.waitForFunction(() => document.querySelector('[data-testid=ranking] tr[data-provider=prov-alpha] td.num:nth-of-type(3)')?.textContent === '75.0%');
    expect(await ranking(page)).toEqual(['prov-alpha', 'prov-beta', 'prov-gamma']);
    await shot(page, '07-scorecard-equal');
    await page.locator('input[data-criterion="quality:reasoning"]').fill('0');
    // The point ranking moves at once; the intervals are marked stale until the server has answered for these weights.
    // Waited for rather than read at once: on a loaded machine the page may not have re-rendered when fill returns
    // (the stale state lasts at least the 300 ms debounce, so it cannot be missed).
    await page.waitForSelector('[data-testid=ranking][data-stale=true]', { timeout: 5_000 });
    expect(await page.textContent('[data-testid=intervals-note]')).toContain('Updating the intervals');
    await page.waitForFunction(() => document.querySelector('[data-testid=ranking] tbody tr')?.getAttribute('data-provider') === 'prov-beta');
    expect(await ranking(page)).toEqual(['prov-beta', 'prov-alpha', 'prov-gamma']);
    expect(await page.locator('[data-testid=ranking] tr[data-provider=prov-beta] td').nth(2).textContent()).toBe('100.0%');
    expect(await page.locator('[data-testid=ranking] tr[data-provider=prov-alpha] td').nth(2).textContent()).toBe('50.0%');

    // Then each provider's interval and group at the new weights: what the API computes for them (as `heng scorecard --weights`).
    await page.waitForSelector('[data-testid=ranking][data-stale=false]', { timeout: 20_000 });
    const moved = await intervals(page);
    const weights = { quality: { reasoning: 0, knowledge: 0.5 }, safety: 1, latency: 0, cost: 1 };
    const api = (await page.evaluate(
      ([id, body]) => fetch(`/api/runs/${encodeURIComponent(id)}/scorecard`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-heng-csrf': '1' }, body }).then((r) => r.json()),
      [runId, JSON.stringify({ weights })] as const,
    )) as { rows: Array<{ provider: string; eligible: boolean; ci95: [number, number]; group: number }> };
    const shown = (x: number) => `${(100 * x).toFixed(1)}%`;
    const eligible = api.rows.filter((r) => r.eligible);
    expect(eligible).toHaveLength(3);
    for (const r of eligible) {
      expect(moved[r.provider], r.provider).toBe(`[${shown(r.ci95[0])}, ${shown(r.ci95[1])}]`);
      const cell = page.locator(`[data-testid=ranking] tr[data-provider=${r.provider}] td.group`);
      expect(await cell.getAttribute('data-group'), r.provider).toBe(String(r.group));
      const others = eligible.filter((x) => x.group === r.group && x !== r).map((x) => x.provider);
      expect(await cell.textContent(), r.provider).toBe(
        others.length ? `group ${r.group} — not significantly different from ${others.join(', ')}` : `group ${r.group} — significantly different from the ranks next to it`,
      );
    }
    // Knowledge alone: beta 4 of 4 right, gamma none; at the run's own weights beta's interval was another.
    expect(moved['prov-beta']).toBe('[100.0%, 100.0%]');
    expect(moved['prov-gamma']).toBe('[0.0%, 0.0%]');
    expect(ownIntervals['prov-beta']).not.toBe(moved['prov-beta']);
    expect(await page.locator('[data-testid=ranking] .ci-bar .ci-range').count()).toBe(3);
    expect(await page.textContent('[data-testid=intervals-note]')).toContain('1000 resamples');
    await shot(page, '08-scorecard-knowledge-only');
  });

  it('exports the PDF report from the run page', async () => {
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 110_000 }), page.click('[data-testid=export-pdf]')]);
    const file = path.join(ARTIFACTS, 'report.pdf');
    await download.saveAs(file);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
  }, 120_000);

  it('switches between Chinese and English', async () => {
    await page.goto(`${site.url}/#/`);
    await page.selectOption('header [data-testid=lang]', 'zh-CN');
    await page.waitForSelector('text=评测运行');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('main h2')).toBe('评测运行');
    await shot(page, '09-dashboard-zh');
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}`);
    const note = page.locator('[data-testid=provider-notes] tr[data-provider=prov-gamma]').first();
    await note.waitFor();
    expect(await note.textContent()).toContain('temperature: 0 → 0.01 — 超出可接受范围 (0, 1)');
    expect(await page.textContent('[data-testid=provider-notes] h3')).toBe('模型服务说明');
    await page.goto(`${site.url}/#/`);
    await page.waitForSelector('text=评测运行');
    await page.selectOption('header [data-testid=lang]', 'en');
    expect(await page.textContent('main h2')).toBe('Runs');
  });

  it('keeps provider secrets write-only: a key can be set, never read back', async () => {
    const variable = `E2E_WEB_${process.pid}_API_KEY`; // HENG_… names are reserved by the server
    const secret = `sk-e2e-${process.pid}-do-not-show`;
    await page.goto(`${site.url}/#/providers`);
    await page.waitForSelector('form.entry textarea');
    await page.waitForSelector('section.providers p:not(.muted), section.providers table');
    const entry = { id: 'prov-configured', type: 'openai-compatible', baseUrl: `${vendor.url}/v1`, model: 'alpha', apiKey: `\${env:${variable}}` };
    await page.fill('form.entry textarea', JSON.stringify(entry, null, 2));
    await page.click('form.entry button[type=submit]');
    const row = page.locator('tr[data-provider=prov-configured]');
    await row.waitFor();
    expect(await row.textContent()).toContain('not set');
    await row.locator('input[type=password]').fill(secret);
    await row.locator('form.inline button[type=submit]').click();
    await page.waitForFunction(() => /\bset\b/.test(document.querySelector('tr[data-provider=prov-configured] .secret .ok')?.textContent ?? ''));
    expect(await row.locator('input[type=password]').inputValue()).toBe('');
    expect(await row.textContent()).toContain(`\${env:${variable}}`);
    // Which value is in force: this one was set here.
    expect(await row.locator('.secret [data-source]').getAttribute('data-source')).toBe('api');
    expect(await row.locator('.secret .ok').textContent()).toContain('set here');
    // A variable exported where the server started wins: shown as such, with no form to replace it.
    const exported = `E2E_WEB_${process.pid}_EXPORTED_API_KEY`;
    process.env[exported] = 'sk-exported-by-the-operator';
    await page.fill('form.entry textarea', JSON.stringify({ ...entry, id: 'prov-exported', apiKey: `\${env:${exported}}` }, null, 2));
    await page.click('form.entry button[type=submit]');
    const exportedRow = page.locator('tr[data-provider=prov-exported]');
    await exportedRow.waitFor();
    expect(await exportedRow.locator('.secret [data-source]').getAttribute('data-source')).toBe('exported');
    expect(await exportedRow.textContent()).toContain('exported where the server was started');
    expect(await exportedRow.locator('input[type=password]').count()).toBe(0);
    delete process.env[exported];
    await shot(page, '12-providers-secret-set');
    // Nowhere on the page, in the provider list the API returns, or in the store.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
    const listed = await page.evaluate(() => fetch('/api/providers').then((r) => r.text()));
    expect(listed).toContain('prov-configured');
    expect(listed).not.toContain(secret);
    const rows = await site.store.db.selectFrom('server_providers').select('entry_json').execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
    delete process.env[variable]; // the server put it in this process's environment
  });

  it('creates blind battles from the run page', async () => {
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/arena`);
    await page.waitForSelector('[data-testid=arena-counts]');
    expect(await page.textContent('[data-testid=arena-counts]')).toBe('0 battles, 0 human votes');
    await page.click('[data-testid=create-battles]');
    // Every pair of the three providers on each of the 8 items.
    await page.waitForFunction(() => document.querySelector('[data-testid=arena-counts]')?.textContent === '24 battles, 0 human votes');
  });

  it('lets a reviewer vote blind: the arena only, no provider ids on the page, hostile answers as text', async () => {
    const context = await chromium.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const rp = await context.newPage();
    await signIn(rp, site.url, 'rita', 'rita-pass-1234');
    await rp.waitForSelector('section.arena');
    const nav = await rp.$$eval('header nav a', (as) => as.map((a) => a.getAttribute('href')));
    expect(nav).toEqual(['#/arena']);
    // Even a run's address shows nothing of the run.
    await rp.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/answers?task=facts&item=f3`);
    await rp.waitForSelector('.forbidden');
    await rp.goto(`${site.url}/#/arena`);
    const verdicts = ['a', 'b', 'tie', 'both_bad'] as const;
    const cast: string[] = [];
    const seen = new Set<string>();
    let sawHostile = false;
    // Vote with each verdict at least once, and until a battle shows prov-gamma's hostile answer (16 of the 24 do).
    while ((cast.length < verdicts.length || !sawHostile) && cast.length < 24) {
      const verdict = verdicts[cast.length % verdicts.length];
      const battle = await rp.waitForSelector('.battle[data-battle]');
      const id = (await battle.getAttribute('data-battle'))!;
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      const html = await rp.content();
      for (const name of ['prov-alpha', 'prov-beta', 'prov-gamma', 'alpha', 'beta', 'gamma']) expect(html).not.toContain(name);
      const answers = await rp.$$eval('.battle .answer .model-text', (els) => els.map((e) => e.textContent));
      expect(answers).toHaveLength(2);
      expect(await rp.textContent('.battle .prompt')).toMatch(/^Q-[mf]\d$/);
      if (answers.includes(HOSTILE) && !sawHostile) {
        sawHostile = true;
        await shot(rp, '10-reviewer-arena-hostile');
      }
      await rp.click(`button[data-verdict=${verdict}]`);
      cast.push(verdict);
      await rp.waitForFunction((old) => document.querySelector('.battle')?.getAttribute('data-battle') !== old, id);
    }
    expect(sawHostile).toBe(true);
    expect(await rp.textContent('[role=status]')).toBe('Vote recorded.');
    expect(await rp.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(await rp.locator('a[href^="javascript:"], main img').count()).toBe(0);
    // The session ends behind the page's back: the next vote is refused and the sign-in form comes back.
    await rp.evaluate(() => fetch('/api/auth/logout', { method: 'POST', headers: { 'x-heng-csrf': '1' } }));
    await rp.click('button[data-verdict=a]');
    await rp.waitForSelector('form.login');
    await context.close();

    // The votes are stored under the reviewer's name, and the run's arena page counts them.
    const votes = await site.store.db.selectFrom('arena_votes').select(['voter', 'verdict']).execute();
    expect(votes.map((v) => v.verdict).sort()).toEqual([...cast].sort());
    expect(new Set(votes.map((v) => v.voter))).toEqual(new Set(['rita']));
    // The evaluator's page is still on this address from the test before: reload it.
    await page.goto(`${site.url}/#/runs/${encodeURIComponent(runId)}/arena`);
    await page.reload();
    await page.waitForFunction((n) => document.querySelector('[data-testid=arena-counts]')?.textContent === `24 battles, ${n} human votes`, cast.length);
    await shot(page, '11-arena-ratings');
  }, 90_000);
});

describe('Content-Security-Policy', () => {
  it('the web app is served with a CSP, and every page the tests above visited ran under it without a violation', async () => {
    const r = await fetch(`${site.url}/`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(cspViolations).toEqual([]);
  });
});
