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

/**
 * A name or other text from a config, data set or model as literal Markdown
 * (every Markdown surface uses it for every name: provider, task, subject,
 * group, judge, run name): no raw HTML, no links or emphasis, no table break.
 */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~!#]/g, '\\$&')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (it begins with
 * = + - @, a tab or a carriage return: model output can, e.g.
 * =HYPERLINK(…)) is neutralised as OWASP recommends: a leading single quote,
 * and the cell quoted. Numbers are written as numbers (-0.5 stays a number).
 */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A difference of two shares, with its sign: "+12.5 pp". */
export const signedPoints = (x: number | null, digits = 1) => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(digits)} pp`);
export const pointsInterval = (c: [number, number] | null) => (c ? `[${signedPoints(c[0])}, ${signedPoints(c[1])}]` : '—');
/** p-values: three significant digits, tiny ones as "<0.001". */
export const pValue = (p: number | null) => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toPrecision(3).replace(/\.?0+$/, ''));

/**
 * Money as a committee reads it: two decimals with thousands separators
 * (¥636.48, ¥12,345.60); amounts under one yuan keep two significant digits
 * so a unit price never shows as ¥0.00 (¥0.0031).
 */
export function money(x: number | null, unknown = 'unknown'): string {
  if (x === null) return unknown;
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a > 0 && a < 0.995) return `${sign}¥${a < 0.01 ? a.toPrecision(2) : a.toFixed(a < 0.1 ? 3 : 2)}`;
  return `${sign}¥${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * An instant in a time zone, as "2026-12-07 19:59 (UTC+08:00)": the zone's
 * wall clock with its offset, so no reader has to convert from UTC.
 */
export function localTime(iso: string | null | undefined, timeZone: string, opts: { seconds?: boolean; dateOnly?: boolean } = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (opts.dateOnly) return date;
  const offset = parts.timeZoneName === 'GMT' ? 'UTC+00:00' : String(parts.timeZoneName).replace('GMT', 'UTC');
  return `${date} ${parts.hour}:${parts.minute}${opts.seconds ? `:${parts.second}` : ''} (${offset})`;
}
