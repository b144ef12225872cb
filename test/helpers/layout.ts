// Layout checks of a report as it prints: the HTML is laid out by the same
// headless Chromium that prints the PDF, at the A4 text width with print
// media, and every table is measured.
//  - a cell overflows when its content is wider than its box
//    (scrollWidth > clientWidth);
//  - a table overflows when it is wider than the page's text width;
//  - a word is broken when one whitespace-free token of a cell (an id like
//    "sample-a", a figure, a CJK word like 未知) lies on more than one line
//    (its Range has client rects at different heights).
// The PDF's pages are then checked as images (pdftoppm): none is blank, and
// no text spills out of a table cell: the HTML is printed twice, as it is
// and with every cell clipping what overflows it (`overflow:hidden`, which
// moves nothing else), and both are rendered with pdftoppm; a pixel whose
// grey differs by more than a shade is ink outside a cell (overflowedPages).
// (Chromium's print clips what is wider than the page, so a table wider
// than the page cannot be seen in the page images; it is measured in the
// layout instead.)
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { htmlToPdf, launchChromium } from '../../src/report/pdf.js';

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

/** Every page of a PDF as 8-bit grey pixels at `dpi` (pdftoppm), in page order. */
export async function pagePixels(pdfFile: string, dir: string, dpi: number): Promise<Array<{ width: number; height: number; pixels: Buffer }>> {
  mkdirSync(dir, { recursive: true });
  await run('pdftoppm', ['-gray', '-r', String(dpi), pdfFile, path.join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => /^page-\d+\.pgm$/.test(f))
    .sort()
    .map((f) => readPgm(readFileSync(path.join(dir, f))));
}

/** The stylesheet of the clipped copy: every cell hides what overflows its box. */
export const CLIP_CELLS = '<style>td,th{overflow:hidden!important}</style>';

/**
 * Grey levels by which a pixel must differ to count. A clip's edge shades
 * the anti-aliased pixels of a border or a background under it by a few
 * levels (measured: at most 15 on the dossier); a glyph clipped away takes
 * its ink (tens to hundreds of levels) with it.
 */
export const INK_DIFFERENCE = 48;

export interface Overflow {
  page: number;
  /** Pixels that differ between the page as printed and its clipped copy. */
  pixels: number;
}

/**
 * Pages where text or drawing lies outside a table cell, seen in the page
 * images: the HTML printed as it is and with every cell clipped
 * (CLIP_CELLS), each page rendered by pdftoppm at `dpi`, compared pixel by
 * pixel. Clipping moves nothing, so the two agree wherever every cell holds
 * its content; any pixel whose ink differs (INK_DIFFERENCE) is overflow.
 */
export async function overflowedPages(html: string, dir: string, dpi = 72): Promise<Overflow[]> {
  const work = mkdtempSync(path.join(dir, 'clip-'));
  const styled = (css: string) => (html.includes('</head>') ? html.replace('</head>', `${css}</head>`) : `${css}${html}`);
  const [asIs, clip] = await Promise.all([htmlToPdf(html, { footer: 'layout' }), htmlToPdf(styled(CLIP_CELLS), { footer: 'layout' })]);
  writeFileSync(path.join(work, 'as-is.pdf'), asIs);
  writeFileSync(path.join(work, 'clipped.pdf'), clip);
  const a = await pagePixels(path.join(work, 'as-is.pdf'), path.join(work, 'as-is'), dpi);
  const b = await pagePixels(path.join(work, 'clipped.pdf'), path.join(work, 'clipped'), dpi);
  if (a.length !== b.length) throw new Error(`clipping the cells changed the page count (${a.length} → ${b.length})`);
  const out: Overflow[] = [];
  a.forEach((p, i) => {
    const q = b[i];
    if (p.width !== q.width || p.height !== q.height) throw new Error(`page ${i + 1}: sizes differ`);
    let diff = 0;
    for (let k = 0; k < p.pixels.length; k++) if (Math.abs(p.pixels[k] - q.pixels[k]) > INK_DIFFERENCE) diff++;
    if (diff) out.push({ page: i + 1, pixels: diff });
  });
  return out;
}
