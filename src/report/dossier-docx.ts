// The dossier as a Word document (DOCX, via the `docx` library), built from
// the dossier's own HTML so the DOCX, the PDF and the HTML say the same
// thing. Only the small vocabulary the report renderers emit is read
// (headings, paragraphs, tables, preformatted text, inline bold, code and
// tone spans, SVG figures); text arrives unescaped into docx runs, which
// write it as XML text, so model output stays text. Charts become PNG images
// when a Chromium is available to draw them, else a note says the chart is in
// the PDF and HTML editions.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Lang } from './i18n.js';

export interface DocxOptions {
  title: string;
  footer: string;
  lang: Lang;
  /** SVG → PNG; default: the machine's Chromium, when there is one. */
  rasterize?: (svgs: string[]) => Promise<Array<{ png: Buffer; width: number; height: number } | null>>;
}

// A tiny tree of the report's HTML ------------------------------------------------

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = El | string;

const VOID = new Set(['br', 'meta', 'img', 'hr', 'input', 'link']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, k: string) => {
    if (k[0] === '#') return String.fromCodePoint(k[1] === 'x' || k[1] === 'X' ? Number.parseInt(k.slice(2), 16) : Number(k.slice(1)));
    return ENTITIES[k.toLowerCase()] ?? m;
  });
}

function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** Parses the report's HTML (well-formed, as html.ts writes it); an <svg> is kept whole as its source text. */
export function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  const re = /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(\/?)>|([^<]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.children.push(decodeEntities(m[5]));
      continue;
    }
    if (!m[2]) continue;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const el: El = { tag, attrs: parseAttrs(m[3]), children: [] };
    top.children.push(el);
    if (tag === 'svg') {
      const end = html.indexOf('</svg>', re.lastIndex);
      const stop = end < 0 ? html.length : end + '</svg>'.length;
      el.attrs['#source'] = html.slice(m.index, stop);
      re.lastIndex = stop;
    } else if (tag === 'style' || tag === 'title' || tag === 'script') {
      const close = new RegExp(`</${tag}>`, 'i');
      const rest = html.slice(re.lastIndex);
      const k = rest.search(close);
      re.lastIndex += k < 0 ? rest.length : k + tag.length + 3;
    } else if (!VOID.has(tag) && !m[4]) stack.push(el);
  }
  return root;
}

const classes = (el: El) => new Set((el.attrs.class ?? '').split(/\s+/).filter(Boolean));
const textOf = (n: Node): string => (typeof n === 'string' ? n : n.tag === 'br' ? '\n' : n.children.map(textOf).join(''));

// HTML → docx ---------------------------------------------------------------

const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'SimSun', cs: 'Calibri' };
const MONO = { ascii: 'Consolas', hAnsi: 'Consolas', eastAsia: 'SimSun', cs: 'Consolas' };
const TONES: Record<string, string> = { pass: '1A7F37', fail: 'CF222E', marginal: '9A6700', muted: '656D76', note: '656D76' };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'D0D7DE' };
/** A4 text width with 2 cm margins, in px at 96 dpi. */
const PAGE_WIDTH_PX = 642;

interface Style {
  bold?: boolean;
  mono?: boolean;
  color?: string;
  size?: number;
}

type Block = Paragraph | Table;

class Converter {
  private figures: string[] = [];
  private images: Array<{ png: Buffer; width: number; height: number } | null> = [];
  constructor(private readonly chartNote: string) {}

  /** Every SVG in document order (rasterized before the conversion). */
  collectSvgs(n: Node): string[] {
    if (typeof n === 'string') return this.figures;
    if (n.tag === 'svg') this.figures.push(n.attrs['#source']);
    else for (const c of n.children) this.collectSvgs(c);
    return this.figures;
  }

  setImages(images: Array<{ png: Buffer; width: number; height: number } | null>) {
    this.images = images;
  }

  private svgIndex = 0;

  runs(n: Node, style: Style): ParagraphChild[] {
    if (typeof n === 'string') {
      const text = n.replace(/\s+/g, ' ');
      return text ? [new TextRun({ text, bold: style.bold, font: style.mono ? MONO : FONT, color: style.color, size: style.size })] : [];
    }
    if (n.tag === 'br') return [new TextRun({ text: '', break: 1 })];
    if (n.tag === 'svg') return [this.image()];
    const cls = classes(n);
    const next: Style = { ...style };
    if (n.tag === 'b' || n.tag === 'strong' || n.tag === 'th') next.bold = true;
    if (n.tag === 'code') next.mono = true;
    for (const c of cls) if (TONES[c]) next.color = TONES[c];
    if (cls.has('pass') || cls.has('fail') || cls.has('marginal')) next.bold = true;
    const out = n.children.flatMap((c) => this.runs(c, next));
    // Inline blocks inside a cell or paragraph (a muted note under a name) start a line.
    if (n.tag === 'div' && out.length) out.unshift(new TextRun({ text: '', break: 1 }));
    return out;
  }

  private image(): ParagraphChild {
    const img = this.images[this.svgIndex++];
    if (!img) return new TextRun({ text: this.chartNote, italics: true, color: TONES.muted, font: FONT });
    const scale = Math.min(1, PAGE_WIDTH_PX / img.width);
    return new ImageRun({ type: 'png', data: img.png, transformation: { width: Math.round(img.width * scale), height: Math.round(img.height * scale) } });
  }

  blocks(n: Node, style: Style = {}): Block[] {
    if (typeof n === 'string') return n.trim() ? [new Paragraph({ children: this.runs(n, style) })] : [];
    const cls = classes(n);
    switch (n.tag) {
      case 'h1':
        return [new Paragraph({ heading: HeadingLevel.TITLE, children: this.runs(n, {}) })];
      case 'h2':
        return [new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, children: this.runs(n, {}) })];
      case 'h3':
        return [new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: this.runs(n, {}) })];
      case 'h4':
        return [new Paragraph({ heading: HeadingLevel.HEADING_3, keepNext: true, children: this.runs(n, {}) })];
      case 'p':
        return [new Paragraph({ alignment: cls.has('classification') ? AlignmentType.RIGHT : undefined, children: this.runs(n, cls.has('note') ? { color: TONES.note, size: 18 } : style) })];
      case 'pre':
        return [this.pre(textOf(n))];
      case 'table':
        return [this.table(n)];
      case 'figure':
        return [new Paragraph({ alignment: AlignmentType.CENTER, children: n.children.flatMap((c) => this.runs(c, {})) })];
      case 'head':
      case 'style':
      case 'title':
      case 'meta':
        return [];
      default: {
        // Containers (body, header, section, div): their children in order; loose inline content gathers into paragraphs.
        const out: Block[] = [];
        let inline: Node[] = [];
        const flush = () => {
          const runs = inline.flatMap((c) => this.runs(c, cls.has('label') ? { bold: true, size: 18 } : cls.has('muted') ? { color: TONES.muted } : style));
          if (runs.length && inline.some((c) => textOf(c).trim() || (typeof c !== 'string' && c.tag === 'svg'))) out.push(new Paragraph({ children: runs }));
          inline = [];
        };
        for (const c of n.children) {
          if (typeof c !== 'string' && BLOCK_TAGS.has(c.tag)) {
            flush();
            out.push(...this.blocks(c, style));
          } else inline.push(c);
        }
        flush();
        if (cls.has('cover')) out.push(new Paragraph({ children: [new PageBreak()] }));
        return out;
      }
    }
  }

  private pre(text: string): Paragraph {
    const lines = text.replace(/\n$/, '').split('\n');
    return new Paragraph({
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F6F8FA' },
      border: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
      children: lines.map((l, i) => new TextRun({ text: l, font: MONO, size: 18, break: i > 0 ? 1 : undefined })),
    });
  }

  private table(n: El): Table {
    const trs: El[] = [];
    const walk = (x: Node) => {
      if (typeof x === 'string') return;
      if (x.tag === 'tr') trs.push(x);
      else x.children.forEach(walk);
    };
    walk(n);
    const rows = trs.map((tr) => {
      const header = tr.children.every((c) => typeof c === 'string' || c.tag === 'th');
      const cells = tr.children.filter((c): c is El => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th'));
      return new TableRow({
        tableHeader: header,
        cantSplit: true,
        children: cells.map(
          (c) =>
            new TableCell({
              shading: c.tag === 'th' ? { type: ShadingType.CLEAR, color: 'auto', fill: 'F6F8FA' } : undefined,
              borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children: this.cellBlocks(c),
            }),
        ),
      });
    });
    return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
  }

  private cellBlocks(c: El): Paragraph[] {
    const style: Style = { size: 18, bold: c.tag === 'th' };
    const hasBlocks = c.children.some((x) => typeof x !== 'string' && (x.tag === 'table' || x.tag === 'pre' || x.tag === 'p'));
    if (!hasBlocks) return [new Paragraph({ children: c.children.flatMap((x) => this.runs(x, style)) })];
    const out = this.blocks({ tag: 'div', attrs: {}, children: c.children }, style).filter((b): b is Paragraph => b instanceof Paragraph);
    return out.length ? out : [new Paragraph({ children: [] })];
  }
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'pre', 'table', 'figure', 'section', 'header', 'div', 'body', 'head', 'style', 'title', 'meta']);

/** PNGs of SVGs drawn by the machine's Chromium; null for each when there is none. */
async function chromiumRasterize(svgs: string[]): Promise<Array<{ png: Buffer; width: number; height: number } | null>> {
  if (!svgs.length) return [];
  let launch: typeof import('./pdf.js').launchChromium;
  try {
    const pdf = await import('./pdf.js');
    pdf.findChromium();
    launch = pdf.launchChromium;
  } catch {
    return svgs.map(() => null);
  }
  const browser = await launch();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const out: Array<{ png: Buffer; width: number; height: number } | null> = [];
    for (const svg of svgs) {
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
      const el = page.locator('svg').first();
      const box = await el.boundingBox();
      if (!box) {
        out.push(null);
        continue;
      }
      out.push({ png: await el.screenshot({ type: 'png' }), width: Math.round(box.width), height: Math.round(box.height) });
    }
    return out;
  } finally {
    await browser.close();
  }
}

const CHART_NOTE: Record<Lang, string> = { zh: '（图表见 PDF 与 HTML 版本）', en: '(chart: see the PDF and HTML editions)' };

export async function htmlToDocx(html: string, opts: DocxOptions): Promise<Buffer> {
  const tree = parseHtml(html);
  const body = findFirst(tree, 'body') ?? tree;
  const conv = new Converter(CHART_NOTE[opts.lang]);
  const svgs = conv.collectSvgs(body);
  conv.setImages(await (opts.rasterize ?? chromiumRasterize)(svgs));
  const children = conv.blocks(body);
  const doc = new Document({
    title: opts.title,
    creator: 'Heng',
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${opts.footer}  `, size: 16, color: TONES.muted }),
                  new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16, color: TONES.muted }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function findFirst(n: Node, tag: string): El | null {
  if (typeof n === 'string') return null;
  if (n.tag === tag) return n;
  for (const c of n.children) {
    const f = findFirst(c, tag);
    if (f) return f;
  }
  return null;
}
