// A figure's exact value, kept beside its rounded rendering in HTML reports
// (data-* attributes), so the number a page shows can be checked against the
// JSON, the API and `heng runs` to the last digit.
import { escapeHtml } from './format.js';

export function figureData(provider: string, value: number | null, ci95: readonly [number, number] | null | undefined, figure: string): string {
  const attrs = { 'data-figure': figure, 'data-provider': provider, 'data-value': value === null ? '' : String(value), 'data-ci': ci95 ? `${ci95[0]},${ci95[1]}` : '' };
  return Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeHtml(v)}"`)
    .join(' ');
}
