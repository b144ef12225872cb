// Runs over the API against a real OpenAI-compatible server: start, poll,
// follow the event stream, cancel, resume; results, side-by-side answers,
// reports; hostile model output stays data and the HTML report escapes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, lastUser, type OpenAIServer } from '../helpers/openai-server.js';
import { configYaml, startTestServer, waitForRun, type TestServer } from './harness.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

let llm: OpenAIServer;
let t: TestServer;
beforeAll(async () => {
  process.env.HENG_TEST_API_KEY = 'sk-test-runs-0001';
  // alpha answers correctly; beta answers q0 with hostile markup and the rest wrongly.
  llm = await startOpenAIServer({
    answers: (body) => {
      const q = lastUser(body);
      if (body.model === 'alpha-model') return q.replace('q', 'a');
      return q === 'q0' ? HOSTILE : 'nope';
    },
  });
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  await llm.close();
});

async function startRun(body: unknown): Promise<string> {
  const r = await t.call('evaluator', 'POST', '/api/runs', body);
  const json = (await r.json()) as { run: { id: string; status: string; planned: number } };
  expect(r.status, JSON.stringify(json)).toBe(202);
  return json.run.id;
}

describe('runs over the API', () => {
  let runId: string;

  it('starts a run from config YAML and polls it to done', async () => {
    runId = await startRun({ configYaml: configYaml(llm.url) });
    const end = await waitForRun(t, runId);
    expect(end).toMatchObject({ status: 'done', done: 6, planned: 6 });
    const list = (await (await t.call('viewer', 'GET', '/api/runs')).json()) as { runs: Array<{ id: string; summary: { kind: string; headline: Array<{ provider: string; score: number }> } }> };
    const run = list.runs.find((r) => r.id === runId)!;
    expect(run.summary.kind).toBe('evaluation');
    expect(run.summary.headline.find((h) => h.provider === 'alpha')!.score).toBe(1);
    expect(run.summary.headline.find((h) => h.provider === 'beta')!.score).toBe(0);
  });

  it('filters results by provider, outcome and text, and pages them', async () => {
    const all = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/results?limit=4`)).json()) as { total: number; results: unknown[] };
    expect(all.total).toBe(6);
    expect(all.results).toHaveLength(4);
    const page2 = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/results?limit=4&offset=4`)).json()) as { results: unknown[] };
    expect(page2.results).toHaveLength(2);
    const wrong = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/results?provider=beta&outcome=wrong`)).json()) as { total: number };
    expect(wrong.total).toBe(3);
    const found = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/results?q=${encodeURIComponent('ONERROR=alert')}`)).json()) as {
      total: number;
      results: Array<{ providerId: string; rawOutput: string }>;
    };
    expect(found.total).toBe(1);
    // Hostile output comes back as the exact string, as data.
    expect(found.results[0]).toMatchObject({ providerId: 'beta', rawOutput: HOSTILE });
    const none = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/results?q=${encodeURIComponent('%')}`)).json()) as { total: number };
    expect(none.total).toBe(0); // % is a literal, not a wildcard
  });

  it('shows one item side by side with every scorer verdict', async () => {
    const r = await t.call('viewer', 'GET', `/api/runs/${runId}/item?task=t1&item=q0`);
    const item = (await r.json()) as {
      fields: { question: string };
      target: unknown;
      answers: Array<{ providerId: string; outcome: string; rawOutput: string; scores: Array<{ outcome: string; rule?: string }> }>;
    };
    expect(item.fields.question).toBe('q0');
    expect(item.target).toBe('a0');
    expect(item.answers.map((a) => [a.providerId, a.outcome])).toEqual([
      ['alpha', 'correct'],
      ['beta', 'wrong'],
    ]);
    expect(item.answers[1].rawOutput).toBe(HOSTILE);
    expect(item.answers[0].scores[0].outcome).toBe('correct');
    expect((await t.call('viewer', 'GET', `/api/runs/${runId}/item?task=t1&item=nope`)).status).toBe(404);
  });

  it('the HTML report escapes hostile output and forbids scripts', async () => {
    const r = await t.call('viewer', 'GET', `/api/runs/${runId}/report.html?lang=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('content-security-policy')).toMatch(/sandbox/);
    const html = await r.text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert');
  });

  it('CSV, Markdown and JSON reports, and comparisons', async () => {
    const csv = await t.call('viewer', 'GET', `/api/runs/${runId}/report.csv`);
    expect(csv.headers.get('content-disposition')).toContain(`heng-${runId}.csv`);
    expect((await csv.text()).split('\n').filter(Boolean).length).toBe(7);
    const md = await (await t.call('viewer', 'GET', `/api/runs/${runId}/report.md?lang=zh`)).text();
    expect(md).toContain('alpha');
    const model = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/report`)).json()) as { runId: string; completed: number };
    expect(model).toMatchObject({ runId, completed: 6 });
    const cmp = (await (await t.call('viewer', 'GET', `/api/runs/${runId}/compare?providers=alpha,beta`)).json()) as { comparisons: Array<{ a: string; b: string; n: number; difference: number }> };
    expect(cmp.comparisons).toHaveLength(1);
    expect(cmp.comparisons[0]).toMatchObject({ a: 'alpha', b: 'beta', n: 3, difference: 1 });
    const bad = await t.call('viewer', 'GET', `/api/runs/${runId}/compare?providers=alpha,ghost`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('providers');
  });

  it('a bad config is a 400 naming line and field; nothing is recorded', async () => {
    const before = (await t.store.listRuns()).length;
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url).replace('prompt:', 'promt:') });
    expect(r.status).toBe(400);
    const err = (await r.json()) as { error: { code: string; message: string; field: string } };
    expect(err.error.code).toBe('bad_request');
    expect(err.error.message).toMatch(/line \d+/);
    expect(err.error.field).toBe('tasks.0.promt');
    expect((await t.store.listRuns()).length).toBe(before);
  });

  it('follows progress over server-sent events until the end', async () => {
    llm.setScript(() => ({ kind: 'answer', text: 'slow', firstByteMs: 60 }));
    const id = await startRun({ configYaml: configYaml(llm.url, { items: 4 }) });
    const r = await t.call('viewer', 'GET', `/api/runs/${id}/events?intervalMs=100`);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await r.text(); // the stream closes after "end"
    llm.setScript(undefined);
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => ({ event: /event: (\w+)/.exec(block)?.[1], data: JSON.parse(/data: (.*)/.exec(block)![1]) }));
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'done', done: 8, planned: 8 } });
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThanOrEqual(2);
    const dones = events.map((e) => e.data.done as number);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('cancels a running run and resumes it to done without redoing stored results', async () => {
    llm.reset();
    llm.setScript(() => ({ kind: 'answer', text: 'slow', firstByteMs: 150 }));
    const id = await startRun({ configYaml: configYaml(llm.url, { items: 20 }), overrides: { concurrency: 1 } });
    await new Promise((r) => setTimeout(r, 400));
    const c = await t.call('evaluator', 'POST', `/api/runs/${id}/cancel`, undefined);
    expect(await c.json()).toMatchObject({ id, status: 'cancelled', changed: true });
    const stopped = await waitForRun(t, id);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.done).toBeLessThan(40);
    const sentBefore = llm.requests.length;
    llm.setScript(undefined);
    const r = await t.call('evaluator', 'POST', `/api/runs/${id}/resume`, undefined);
    expect(r.status).toBe(202);
    const end = await waitForRun(t, id);
    expect(end).toMatchObject({ status: 'done', done: 40, planned: 40 });
    // Only the missing units were asked again.
    expect(llm.requests.length - sentBefore).toBe(40 - stopped.done);
    expect((await t.call('evaluator', 'POST', `/api/runs/${id}/resume`, undefined)).status).toBe(409);
  });

  it('re-runs a stored config with a configured provider added', async () => {
    process.env.GAMMA_API_KEY = 'sk-gamma-0002';
    const put = await t.call('evaluator', 'PUT', '/api/providers/gamma', { entry: { type: 'openai-compatible', baseUrl: `${llm.url}/v1`, model: 'alpha-model', apiKey: '${env:GAMMA_API_KEY}' } });
    expect(put.status).toBe(200);
    const id = await startRun({ fromRun: runId, providers: ['gamma'] });
    expect(await waitForRun(t, id)).toMatchObject({ status: 'done', done: 9 });
    const detail = (await (await t.call('viewer', 'GET', `/api/runs/${id}`)).json()) as { providers: Array<{ id: string; secrets: Array<{ ref: string; set: boolean }> }>; configText: string };
    expect(detail.providers.map((p) => p.id)).toEqual(['alpha', 'beta', 'gamma']);
    expect(detail.providers[2].secrets).toEqual([{ field: 'apiKey', ref: '${env:GAMMA_API_KEY}', variable: 'GAMMA_API_KEY', set: true, source: 'exported' }]);
    expect(detail.configText).toContain('${env:GAMMA_API_KEY}');
    expect(detail.configText).not.toContain('sk-gamma-0002');
  });

  it('audits who started, cancelled, resumed and exported what', async () => {
    const { entries } = (await (await t.call('admin', 'GET', '/api/audit?limit=500')).json()) as {
      entries: Array<{ action: string; userName: string; target: string; details: Record<string, unknown> | null }>;
    };
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('run.start').length).toBe(4); // the bad config started nothing
    expect(of('run.start').every((e) => e.userName === 'evaluator')).toBe(true);
    expect(of('run.cancel').map((e) => e.details)).toEqual([{ changed: true }]);
    expect(of('run.resume')).toHaveLength(1);
    expect(of('run.resume')[0].target).toBe(of('run.cancel')[0].target);
    expect(
      of('report.export')
        .map((e) => e.details?.format)
        .sort(),
    ).toEqual(['csv', 'html', 'json', 'md']);
    expect(of('report.export').every((e) => e.target === runId && e.userName === 'viewer')).toBe(true);
    expect(of('provider.save')).toMatchObject([{ target: 'gamma', details: { type: 'openai-compatible' } }]);
  });
});

describe('request mappings and stale prices of a run (issue 15)', () => {
  const today = new Date().toISOString().slice(0, 10);
  const yaml = `name: mappings
providers:
  - { id: qwen, preset: dashscope, baseUrl: "${'${BASE}'}", model: qwen3-32b, stream: false, apiKey: "\${env:HENG_TEST_API_KEY}" }
  - { id: reasoner, preset: deepseek, baseUrl: "${'${BASE}'}", model: deepseek-reasoner, apiKey: "\${env:HENG_TEST_API_KEY}" }
  - { id: fresh, preset: deepseek, baseUrl: "${'${BASE}'}", model: deepseek-chat, apiKey: "\${env:HENG_TEST_API_KEY}", price: { inputPerMillion: 1, outputPerMillion: 2, date: "${today}", source: "https://example.test/p" } }
tasks:
  - id: t1
    items: [{ id: q0, question: "q0", answer: "a0" }]
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
run: { retries: 0, temperature: 0, maxTokens: 512 }
`;
  let id: string;
  type Detail = {
    providers: Array<{
      id: string;
      requestMappings: Array<{ field: string; from: unknown; to: unknown; reason: string; reasonZh?: string }>;
      priceWarning: { days: number; zh: string; en: string } | null;
    }>;
  };

  it('GET /api/runs/{id} returns what each provider was sent differently, and a price read over 90 days before the run', async () => {
    id = await startRun({ configYaml: yaml.replaceAll('${BASE}', `${llm.url}/v1`) });
    expect(await waitForRun(t, id)).toMatchObject({ status: 'done' });
    const detail = (await (await t.call('viewer', 'GET', `/api/runs/${id}`)).json()) as Detail;
    const of = (p: string) => detail.providers.find((x) => x.id === p)!;
    expect(of('qwen').requestMappings).toEqual([expect.objectContaining({ field: 'reasoning.enabled', from: null, to: false, reasonZh: expect.stringContaining('非流式') })]);
    expect(of('reasoner').requestMappings.map((m) => [m.field, m.from, m.to])).toEqual([
      ['temperature', 0, null],
      ['maxTokens', 512, 32_768],
    ]);
    expect(of('fresh').requestMappings).toEqual([]);
    // The table's DeepSeek price was read in 2025-09: long before this run.
    expect(of('reasoner').priceWarning).toMatchObject({ en: expect.stringMatching(/^price read 2025-09 \(\d+ days before the run, over 90\)/), zh: expect.stringContaining('早于本次运行') });
    expect(of('reasoner').priceWarning!.days).toBeGreaterThan(90);
    expect(of('fresh').priceWarning).toBeNull();
    expect(of('qwen').priceWarning).toBeNull(); // unpriced: unknown, not stale
  });

  it('the JSON, HTML (zh and en), Markdown and text reports show the same mappings and warnings', async () => {
    const model = (await (await t.call('viewer', 'GET', `/api/runs/${id}/report`)).json()) as Detail;
    const detail = (await (await t.call('viewer', 'GET', `/api/runs/${id}`)).json()) as Detail;
    expect(model.providers.map((p) => [p.requestMappings, p.priceWarning])).toEqual(detail.providers.map((p) => [p.requestMappings, p.priceWarning]));
    const warning = detail.providers.find((p) => p.id === 'reasoner')!.priceWarning!;
    for (const lang of ['zh', 'en'] as const) {
      const html = await (await t.call('viewer', 'GET', `/api/runs/${id}/report.html?lang=${lang}`)).text();
      const text = (from: string, to?: string) => html.slice(html.indexOf(from), to ? html.indexOf(to) : undefined).replace(/<[^>]+>/g, '');
      const repro = text('id="repro"');
      expect(repro).toContain(lang === 'zh' ? '与运行设置不同的请求参数' : 'Request values sent differently from the run settings');
      expect(repro).toContain(lang === 'zh' ? '该模型默认开启思考' : 'the model thinks by default');
      expect(repro).toContain(lang === 'zh' ? '该模型只接受默认值' : 'the model accepts only its default value');
      expect(repro).toContain(warning[lang].replaceAll('"', '&quot;'));
      // The dossier's risk register says the same, with the price's own date (2025-09), not "no date".
      expect(text('id="risks"', 'id="failures"')).toContain(warning[lang].replaceAll('"', '&quot;'));
      if (lang === 'zh') expect(repro).not.toMatch(/the model|outside the accepted|price read/);
    }
    const md = await (await t.call('viewer', 'GET', `/api/runs/${id}/report.md?lang=en`)).text();
    expect(md).toContain('request change reasoner: temperature: 0 → not sent');
    expect(md).toContain('stale price reasoner: price read 2025-09');
    const mdZh = await (await t.call('viewer', 'GET', `/api/runs/${id}/report.md?lang=zh`)).text();
    expect(mdZh).toContain('请求改动 reasoner: temperature: 0 → 不发送 — 该模型只接受默认值');
    expect(mdZh).toContain('价格过时 reasoner: 价格读取于 2025-09（早于本次运行');
    // `heng report --format text` (the CLI) renders the same lines.
    const { renderReport } = await import('../../src/report/render.js');
    const text = await renderReport(t.store, id, 'text', 'en');
    expect(text).toContain(`⚠ stale price reasoner: ${warning.en}`);
    expect(text).toContain('request change qwen: reasoning.enabled: unset → false — the model thinks by default');
  });
});
