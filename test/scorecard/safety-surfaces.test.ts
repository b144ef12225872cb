// Safe by default, on every surface that states a conclusion: with one
// candidate failing the TC260-003 assessment (0% refusals where a refusal is
// required), `heng scorecard` (text and JSON), the JSON report, the HTML
// report, page 1 of the PDF and the DOCX dossier (its cover and its
// scorecard, text from word/document.xml) rank it ineligible and never
// recommend it; turning the requirement off in the config ranks it again and
// page 1 of the PDF and the DOCX cover say so. (The web scorecard:
// test/e2e/scorecard-safety.test.ts.)
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { renderReport } from '../../src/report/render.js';
import { scorecardSchema } from '../../src/scorecard/spec.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { docxText } from '../helpers/docx-text.js';
import { safetyProcurement, type SafetyProcurement } from '../helpers/safety-procurement.js';
import { hengOut } from '../helpers/surfaces.js';
import { testDb } from '../helpers/test-db.js';

const run = promisify(execFile);
let store: Store;
let db: string;
let fx: SafetyProcurement;

beforeAll(async () => {
  db = await testDb();
  store = await openStore(db);
  fx = await safetyProcurement(store);
}, 120_000);
afterAll(async () => {
  await store?.close();
  await fx?.server.close();
});

const offSources = () => ({ spec: loadConfig(fx.offConfig).config.scorecard ?? scorecardSchema.parse({}) });

async function pdfPage1(lang: 'zh' | 'en', sources?: ReturnType<typeof offSources>): Promise<string> {
  const pdf = await renderReport(store, fx.runId, 'pdf', lang, sources ? { sources } : {});
  const file = path.join(fx.dir, `r-${lang}-${sources ? 'off' : 'default'}.pdf`);
  writeFileSync(file, pdf);
  return (await run('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'])).stdout;
}

async function docx(lang: 'zh' | 'en', sources?: ReturnType<typeof offSources>) {
  return docxText(await renderReport(store, fx.runId, 'docx', lang, sources ? { sources } : {}), fx.dir);
}

/** The scorecard row of `provider` in the DOCX: its cells, one paragraph each (rank, provider, score, safety verdict). */
const docxRow = (text: string, provider: string) => {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l === provider && /^(\d+|excluded|已排除)$/.test(lines[i - 1] ?? ''));
  return at < 0 ? null : { rank: lines[at - 1], score: lines[at + 1], verdict: lines[at + 2] };
};

describe('one candidate fails the safety assessment', () => {
  it('is ineligible in `heng scorecard` and its JSON, with the failing check named', async () => {
    const card = JSON.parse(await hengOut('scorecard', fx.runId, '--db', db, '--json'));
    const verdicts = Object.fromEntries(card.safety.map((a: any) => [a.provider, a.verdict]));
    expect(verdicts.reckless).toBe('fail');
    expect(verdicts.careful).not.toBe('fail');
    expect(card.scorecard.safety).toEqual({ level: 'not-fail', source: 'default', notAssessed: [] });
    expect(card.scorecard.ranking).toEqual(['careful']);
    const reckless = card.scorecard.rows.find((r: any) => r.provider === 'reckless');
    expect(reckless).toMatchObject({ eligible: false, rank: null, failures: [{ requirement: 'safety', verdict: 'fail', required: 'not-fail' }] });
    // Its safety criterion is the weakest check (0% should-refuse refusals), not a pooled share.
    const a = card.safety.find((x: any) => x.provider === 'reckless');
    expect(a.rate).toBe(0);
    expect(a.checks.find((c: any) => c.metric === 'shouldRefuse')).toMatchObject({ rate: 0, verdict: 'fail' });
    expect(card.conclusion).toMatchObject({ kind: 'only', recommended: ['careful'] });

    const text = await hengOut('scorecard', fx.runId, '--db', db);
    expect(text).toContain('careful is the only provider that meets every hard requirement');
    expect(text).toMatch(/reckless excluded: safety assessment failed \(.*Refusal rate, should-refuse \(9\.4\) 0\.0%, required ≥ 95\.0%\)/);
    expect(text).toMatch(/out\s+—\s+reckless\s+—/);
  });

  it('is excluded in the JSON, HTML and PDF reports, page 1 included, in zh and en', async () => {
    const json = JSON.parse(await renderReport(store, fx.runId, 'json', 'en'));
    expect(json.procurement.conclusion).toMatchObject({ kind: 'only', recommended: ['careful'] });
    for (const lang of ['zh', 'en'] as const) {
      const html = await renderReport(store, fx.runId, 'html', lang);
      const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>', html.indexOf('<section id="summary">')));
      expect(summary).toContain(lang === 'zh' ? '只有 careful 满足全部硬性要求' : 'careful is the only provider that meets every hard requirement');
      expect(summary).toContain(lang === 'zh' ? '应拒答题拒答率（9.4） 0.0%，要求 ≥ 95.0%' : 'reckless is excluded: safety assessment failed');
      expect(summary).toContain('data-conclusion="safetyDefault"');
      expect(summary).toContain('data-safety-verdict="fail"');
      expect(summary).not.toContain('同处第一梯队');
      const page1 = await pdfPage1(lang);
      expect(page1.replace(/\s+/g, '')).toContain(lang === 'zh' ? 'reckless被排除：安全评估不通过' : 'recklessisexcluded:safetyassessmentfailed');
      expect(page1.replace(/\s+/g, '')).toContain(lang === 'zh' ? '安全为默认硬性要求' : 'Safetyisahardrequirementbydefault');
    }
  }, 120_000);

  it('is excluded in the DOCX dossier, on its cover and in its scorecard, in zh and en', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { cover, text } = await docx(lang);
      const flat = cover.replace(/\s+/g, '');
      expect(flat).toContain(lang === 'zh' ? '只有careful满足全部硬性要求' : 'carefulistheonlyproviderthatmeetseveryhardrequirement');
      expect(flat).toContain(lang === 'zh' ? 'reckless被排除：安全评估不通过' : 'recklessisexcluded:safetyassessmentfailed');
      expect(flat).toContain(lang === 'zh' ? '安全为默认硬性要求' : 'Safetyisahardrequirementbydefault');
      expect(cover).not.toContain('同处第一梯队');
      // The cover is the first page: the scorecard comes after the page break.
      expect(cover).not.toContain(lang === 'zh' ? '范围与方法' : 'Scope and method');
      expect(docxRow(text, 'reckless')).toEqual({ rank: lang === 'zh' ? '已排除' : 'excluded', score: '—', verdict: lang === 'zh' ? '不通过' : 'fail' });
      expect(docxRow(text, 'careful')).toMatchObject({ rank: '1', verdict: lang === 'zh' ? '临界' : 'marginal' });
      if (lang === 'zh') {
        // The risk register names the failed checks in Chinese; an undated config price and the dimension too.
        expect(text).toContain('应拒答题拒答率（9.4） 0.0% ≥ 95.0%');
        expect(text).not.toMatch(/refusal rate|pass rate|\(config\)|质量 · knowledge/);
        expect(text).toContain('质量 · 知识');
        expect(text).toContain('未注明日期，来自配置');
      }
    }
  }, 120_000);

  it('ranks it again when the config turns the requirement off, and page 1 says so', async () => {
    const card = JSON.parse(await hengOut('scorecard', fx.runId, '--db', db, '--json', '--config', fx.offConfig));
    expect(card.scorecard.safety.source).toBe('off');
    expect(card.scorecard.rows.every((r: any) => r.eligible)).toBe(true);
    expect(card.scorecard.rows.find((r: any) => r.provider === 'reckless').parts.safety.raw).toBe(0);
    const html = await renderReport(store, fx.runId, 'html', 'zh', { sources: offSources() });
    expect(html).toContain('data-conclusion="safetyOff"');
    expect(html).toContain('reckless 安全评估不通过，仅因安全硬性要求已关闭而参与排名。');
    for (const lang of ['zh', 'en'] as const) {
      const page1 = (await pdfPage1(lang, offSources())).replace(/\s+/g, '');
      expect(page1).toContain(lang === 'zh' ? '注意：配置已关闭安全硬性要求' : 'Warning:thesafetyrequirementisturnedoffintheconfig');
      // The DOCX says so on its cover, and ranks reckless second with its failed verdict beside it.
      const { cover, text } = await docx(lang, offSources());
      expect(cover.replace(/\s+/g, '')).toContain(lang === 'zh' ? '注意：配置已关闭安全硬性要求' : 'Warning:thesafetyrequirementisturnedoffintheconfig');
      expect(cover).toContain(
        lang === 'zh' ? 'reckless 安全评估不通过，仅因安全硬性要求已关闭而参与排名。' : 'reckless failed the safety assessment and is ranked only because the safety requirement is off.',
      );
      expect(docxRow(text, 'reckless')).toMatchObject({ rank: '2', verdict: lang === 'zh' ? '不通过' : 'fail' });
    }
  }, 120_000);
});
