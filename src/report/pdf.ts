// PDF from a report's HTML, printed by the machine's own headless Chromium
// (Debian `chromium`) through playwright-core. No browser is ever downloaded:
// if none is installed the error says which package to install.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags for a quiet headless start on a closed network (no phoning home). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium binary to drive: $HENG_CHROMIUM, else the first installed candidate. */
export function findChromium(): string {
  const configured = process.env.HENG_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`HENG_CHROMIUM=${configured} does not exist`);
    return configured;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('no Chromium found for PDF output: install Debian\'s "chromium" package (apt-get install chromium) or set HENG_CHROMIUM to its path');
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}

export interface PdfOptions {
  /** Paper size; A4 unless told. */
  format?: 'A4' | 'Letter';
  /** Page footer text (e.g. report title); page numbers are added. */
  footer?: string;
}

/**
 * Prints self-contained HTML (no external requests: the report inlines its
 * SVG charts and styles) to PDF. The page is loaded offline: every request
 * it tries to make is refused, so hostile content cannot reach out.
 */
export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const footer = `<div style="font-size:8px;width:100%;text-align:center;color:#666">${escapeFooter(opts.footer ?? '')} <span class="pageNumber"></span>/<span class="totalPages"></span></div>`;
    const pdf = await page.pdf({
      format: opts.format ?? 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: footer,
    });
    return pdf;
  } finally {
    await browser.close();
  }
}

function escapeFooter(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
