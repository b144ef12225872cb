// Charts rendered server-side to SVG with ECharts, so reports are single
// self-contained files that open offline.
import * as echarts from 'echarts';

export interface ChartSize {
  width?: number;
  height?: number;
}

export function renderSvg(option: echarts.EChartsOption, size: ChartSize = {}): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width ?? 720, height: size.height ?? 320 });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Bars with 95% interval whiskers: one bar per (category, series). */
export function scoreBars(categories: string[], series: Array<{ name: string; values: Array<{ score: number | null; ci95: [number, number] | null }> }>, size?: ChartSize): string {
  const n = series.length;
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 48 },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.flatMap((s, si) => [
        { type: 'bar', name: s.name, data: s.values.map((v) => (v.score === null ? null : +(v.score * 100).toFixed(1))) },
        {
          type: 'custom',
          name: s.name,
          data: s.values.map((v, i) => (v.ci95 ? [i, v.ci95[0] * 100, v.ci95[1] * 100] : [i, NaN, NaN])),
          renderItem: (params: any, api: any) => {
            const lo = api.value(1);
            if (Number.isNaN(lo)) return null;
            const bandWidth = api.size([1, 0])[0];
            const barGap = bandWidth / (n + 1);
            const x = api.coord([api.value(0), 0])[0] - bandWidth / 2 + barGap * (si + 1);
            const yLo = api.coord([0, lo])[1];
            const yHi = api.coord([0, api.value(2)])[1];
            const w = Math.min(8, barGap / 3);
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: x, y1: yLo, x2: x, y2: yHi }, style: { stroke: '#333', lineWidth: 1.2 } },
                { type: 'line', shape: { x1: x - w, y1: yLo, x2: x + w, y2: yLo }, style: { stroke: '#333' } },
                { type: 'line', shape: { x1: x - w, y1: yHi, x2: x + w, y2: yHi }, style: { stroke: '#333' } },
              ],
            };
          },
          z: 10,
        } as any,
      ]),
    },
    size,
  );
}

/** Stacked horizontal bars of outcome counts per provider. */
export function outcomeBars(providers: string[], outcomes: Array<{ name: string; values: number[]; color?: string }>, size?: ChartSize): string {
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 120, right: 16, top: 36, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: providers },
      series: outcomes.map((o) => ({ type: 'bar', stack: 'all', name: o.name, data: o.values, ...(o.color ? { itemStyle: { color: o.color } } : {}) })),
    },
    { height: Math.max(160, 60 + providers.length * 40), ...size },
  );
}

/** Width in px of a label at a font size: CJK characters are square, Latin about 0.6 em. */
export function labelWidth(label: string, fontSize: number): number {
  let w = 0;
  for (const ch of label) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.62;
  return Math.ceil(w);
}

/**
 * The size of a radar that fits its axis labels: the radius is fixed and the
 * canvas grows by the longest label on each side, so no label is clipped and
 * no space is wasted.
 */
export function radarLayout(dimensions: string[], opts: { radius: number; fontSize: number; top: number; bottom: number }): { width: number; height: number; center: [number, number] } {
  const longest = Math.max(0, ...dimensions.map((d) => labelWidth(d, opts.fontSize)));
  const side = longest + 16;
  const width = 2 * (opts.radius + side);
  const height = opts.top + 2 * opts.radius + 2 * (opts.fontSize + 14) + opts.bottom;
  return { width, height, center: [width / 2, opts.top + opts.fontSize + 14 + opts.radius] };
}

/** One radar of every provider over capability dimensions (scores in %). */
export function radar(dimensions: string[], series: Array<{ name: string; values: Array<number | null> }>, size?: ChartSize): string {
  const box = radarLayout(dimensions, { radius: 120, fontSize: 12, top: 0, bottom: 30 });
  return renderSvg(
    {
      legend: { bottom: 0 },
      radar: { indicator: dimensions.map((d) => ({ name: d, max: 100 })), radius: 120, center: box.center, axisName: { fontSize: 12 } },
      series: [{ type: 'radar', data: series.map((s) => ({ name: s.name, value: s.values.map((v) => (v === null ? 0 : +(v * 100).toFixed(1))) })) }],
    },
    { width: box.width, height: box.height, ...size },
  );
}
