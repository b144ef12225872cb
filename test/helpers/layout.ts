// Layout checks of a report as it prints: the HTML is laid out by the same
// headless Chromium that prints the PDF, at the A4 text width with print
// media, and every table is measured.
//  - a cell overflows when its content is wider than its box
//    (scrollWidth > clientWidth);
//  - a table overflows when it is wider than the page's text width;
//  - a word is broken when one whitespace-free token of a cell (an id like
//    "sample-a", a figure, a CJK word like 未知) lies on more than one line
//    (its Range has client rects at different heights).
// The PDF's pages are then checked as images (pdftoppm): none is blank.
// (Chromium's print clips what is wider than the page, so overflow cannot
// be seen in the page images; it is measured in the layout instead.)
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchChromium } from '../../src/report/pdf.js';

const run = promisify(execFile);

/** A4 (210 mm) less the PDF's 12 mm side margins, in CSS px (96 per inch). */
export const PRINT_WIDTH_PX = Math.floor(((210 - 24) / 25.4) * 96);

export interface LayoutProblem {
  kind: 'cell-overflow' | 'table-overflow' | 'broken-word';
  text: string;
}

export async function layoutProblems(html: string): Promise<LayoutProblem[]> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: PRINT_WIDTH_PX, height: 1000 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    // page.evaluate runs even with page scripts disabled.
    return await page.evaluate((width) => {
      const out: Array<{ kind: 'cell-overflow' | 'table-overflow' | 'broken-word'; text: string }> = [];
      const left = document.body.getBoundingClientRect().left;
      for (const table of Array.from(document.querySelectorAll('table'))) {
        const r = table.getBoundingClientRect();
        if (r.right - left > width + 1) out.push({ kind: 'table-overflow', text: (table.textContent ?? '').slice(0, 80) });
      }
      for (const cell of Array.from(document.querySelectorAll('td, th')) as HTMLElement[]) {
        if (cell.scrollWidth > cell.clientWidth + 1) out.push({ kind: 'cell-overflow', text: (cell.textContent ?? '').slice(0, 80) });
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index ?? 0);
            range.setEnd(node, (m.index ?? 0) + m[0].length);
            const tops = new Set(
              Array.from(range.getClientRects())
                .filter((b) => b.width > 0)
                .map((b) => Math.round(b.top / 4)),
            );
            if (tops.size > 1) out.push({ kind: 'broken-word', text: m[0] });
          }
        }
      }
      return out;
    }, PRINT_WIDTH_PX);
  } finally {
    await browser.close();
  }
}

/** Width, height and 8-bit grey pixels of a binary PGM (P5) file. */
export function readPgm(buf: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = buf.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('not a binary PGM');
  return { width: Number(m[1]), height: Number(m[2]), pixels: buf.subarray(m[0].length) };
}

export interface PageImage {
  page: number;
  /** Share of pixels darker than paper. */
  ink: number;
}

/** Every page of a PDF as a grey image at `dpi`, measured. */
export async function pageImages(pdfFile: string, dir: string, dpi = 50): Promise<PageImage[]> {
  const prefix = path.join(dir, 'page');
  await run('pdftoppm', ['-gray', '-r', String(dpi), pdfFile, prefix]);
  const files = readdirSync(dir)
    .filter((f) => /^page-\d+\.pgm$/.test(f))
    .sort();
  return files.map((f) => {
    const { width, height, pixels } = readPgm(readFileSync(path.join(dir, f)));
    if (width * height !== pixels.length) throw new Error(`${f}: truncated image`);
    let ink = 0;
    for (const v of pixels) if (v < 245) ink++;
    return { page: Number(/(\d+)/.exec(f)![1]), ink: ink / pixels.length };
  });
}
