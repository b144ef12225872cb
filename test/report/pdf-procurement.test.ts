// The procurement report of the demo run printed to PDF by headless Chromium
// (Debian chromium via playwright-core), in zh-CN and en. Page 1 is rendered
// to an image and checked not to be blank; the PNGs are kept under
// test-artifacts/ for a person to look at. Page 1 is the cover.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../src/cli/commands/demo.js';
import { loadConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { renderReport } from '../../src/report/render.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { testDb } from '../helpers/test-db.js';

const run = promisify(execFile);
const ARTIFACTS = path.resolve('test-artifacts');
let store: Store;
let runId: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'heng-pdf-'));
  store = await openStore(await testDb(dir, 'h.db'));
  runId = (await executeRun({ store, loaded: loadConfig(DEMO_CONFIG) })).runId;
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(() => store.close());

/** Width, height and 8-bit grey pixels of a binary PGM (P5) file. */
function readPgm(buf: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = buf.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('not a binary PGM');
  return { width: Number(m[1]), height: Number(m[2]), pixels: buf.subarray(m[0].length) };
}

it.each(['zh', 'en'] as const)(
  'prints the demo procurement report to PDF in %s, page 1 not blank',
  async (lang) => {
    const pdf = await renderReport(store, runId, 'pdf', lang);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(dir, `report-${lang}.pdf`);
    writeFileSync(file, pdf);

    // Page 1 as PNG (kept) and as grey PGM (measured): same renderer, same page.
    const png = path.join(ARTIFACTS, `procurement-report-${lang}-page1`);
    await run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, png]);
    expect(readFileSync(`${png}.png`).subarray(1, 4).toString()).toBe('PNG');
    const pgm = path.join(dir, `page1-${lang}`);
    await run('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, pgm]);
    const { width, height, pixels } = readPgm(readFileSync(`${pgm}.pgm`));
    expect(width * height).toBe(pixels.length);
    // A4 at 50 dpi is about 413 × 585.
    expect(width).toBeGreaterThan(380);
    let ink = 0;
    let text = 0;
    for (const v of pixels) {
      if (v < 245) ink++;
      if (v < 110) text++;
    }
    expect(ink / pixels.length).toBeGreaterThan(0.03); // not a blank page
    expect(text / pixels.length).toBeGreaterThan(0.005); // dark, text-coloured pixels exist
    expect(ink / pixels.length).toBeLessThan(0.6); // nor a page of solid colour

    // Page 1 is the dossier's cover with its approval block; page 2 opens with the summary, in the asked language.
    const { stdout } = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-']);
    const { stdout: page2 } = await run('pdftotext', ['-f', '2', '-l', '2', '-layout', file, '-']);
    if (lang === 'zh') {
      expect(stdout).toContain('选型采购报告');
      expect(stdout).toContain('编制');
      expect(page2).toContain('结论与建议');
    } else {
      expect(stdout).toContain('procurement report');
      expect(stdout).toContain('Prepared by');
      expect(page2).toContain('Summary and recommendation');
    }
    expect(page2).toContain('sample-a');
  },
  120_000,
);
