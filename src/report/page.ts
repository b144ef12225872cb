// The page every HTML report is printed on: one self-contained document
// (inline CSS, SVG charts, no scripts, a CSP that forbids loading anything).
// The run report and the safety report differ only in header and sections.
import { escapeHtml as e } from './format.js';
import type { Lang } from './i18n.js';

export interface Page {
  lang: Lang;
  /** The <title>; escaped here. */
  title: string;
  /** Extra CSS after the shared report CSS. */
  css?: string;
  /** The <header>'s inner HTML, already escaped by the caller. */
  header: string;
  /** Sections made with `section()`. */
  sections: string[];
}

export function htmlPage(p: Page, baseCss: string): string {
  return `<!doctype html>
<html lang="${p.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(p.title)}</title>
<style>${baseCss}${p.css ?? ''}</style>
</head>
<body>
<header>${p.header}</header>
${p.sections.join('\n')}
</body>
</html>
`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${e(id)}"><h2>${e(title)}</h2>${body}</section>`;
}
