// The text a reader sees in a DOCX: word/document.xml taken out of the ZIP
// with unzip, one line per paragraph (its runs joined), entities decoded.
// `cover` is the text before the first page break (the dossier's cover page).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const paragraphs = (xml: string): string =>
  xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export async function docxText(buf: Buffer, dir = mkdtempSync(path.join(tmpdir(), 'heng-docx-'))): Promise<{ xml: string; text: string; cover: string }> {
  const file = path.join(dir, `d-${Math.random().toString(36).slice(2)}.docx`);
  writeFileSync(file, buf);
  const { stdout: xml } = await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 64 * 1024 * 1024 });
  const pageBreak = xml.search(/<w:br w:type="page"\s*\/>/);
  return { xml, text: paragraphs(xml), cover: paragraphs(pageBreak < 0 ? xml : xml.slice(0, pageBreak)) };
}
