// Number formatting shared by every renderer, so a figure reads the same in
// the terminal, Markdown and HTML.
export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
export const ci = (c: [number, number] | null) => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '—');
export const ms = (x: number | null) => (x === null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
export const cny = (x: number | null, unknown = 'unknown') => (x === null ? unknown : `¥${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(4)}`);

/**
 * A latency figure with what it leaves out: answers served from the response
 * cache were timed in an earlier run (src/store/timing.ts), so the figure is
 * marked with their count, `note` worded by the caller ("{n} from cache, not timed").
 */
export const timedMs = (x: number | null, cached: number | undefined, note: string) => (cached ? `${ms(x)} (${note.replace('{n}', String(cached))})` : ms(x));

export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A difference of two shares, with its sign: "+12.5 pp". */
export const signedPoints = (x: number | null, digits = 1) => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(digits)} pp`);
export const pointsInterval = (c: [number, number] | null) => (c ? `[${signedPoints(c[0])}, ${signedPoints(c[1])}]` : '—');
/** p-values: three significant digits, tiny ones as "<0.001". */
export const pValue = (p: number | null) => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toPrecision(3).replace(/\.?0+$/, ''));
