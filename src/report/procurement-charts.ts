// Charts of the procurement report, server-rendered SVG like the others.
import { radarLayout, renderSvg } from './charts.js';

/** One small radar per provider over the capability dimensions (scores in %), sized to fit its labels. */
export function profileRadar(dimensions: string[], name: string, values: Array<number | null>): string {
  const box = radarLayout(dimensions, { radius: 70, fontSize: 10, top: 22, bottom: 4 });
  return renderSvg(
    {
      title: { text: name, left: 'center', top: 0, textStyle: { fontSize: 13 } },
      radar: { indicator: dimensions.map((d) => ({ name: d, max: 100 })), radius: 70, center: box.center, axisName: { fontSize: 10 } },
      series: [{ type: 'radar', areaStyle: { opacity: 0.2 }, data: [{ name, value: values.map((v) => (v === null ? 0 : +(v * 100).toFixed(1))) }] }],
    },
    { width: box.width, height: box.height },
  );
}

/** Horizontal bars of a cost per provider; an unknown cost has no bar and says so. */
export function costBars(providers: string[], values: Array<number | null>, unknown: string, title: string): string {
  return renderSvg(
    {
      title: { text: title, left: 0, textStyle: { fontSize: 12 } },
      grid: { left: 120, right: 90, top: 32, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { formatter: '¥{value}' } },
      yAxis: { type: 'category', data: providers, inverse: true },
      series: [
        {
          type: 'bar',
          data: values.map((v) =>
            v === null
              ? { value: 0, label: { show: true, position: 'right', formatter: unknown } }
              : { value: +v.toPrecision(4), label: { show: true, position: 'right', formatter: `¥${v.toPrecision(3)}` } },
          ),
        },
      ],
    },
    { width: 720, height: Math.max(140, 60 + providers.length * 36) },
  );
}

/** p95 latency (left axis) and throughput (right axis) against concurrency, one line pair per provider. */
export function loadChart(
  series: Array<{ name: string; points: Array<{ concurrency: number; p95Ms: number | null; throughput: number }> }>,
  labels: { latency: string; throughput: string; concurrency: string },
): string {
  const ladder = [...new Set(series.flatMap((s) => s.points.map((p) => p.concurrency)))].sort((a, b) => a - b);
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 64, right: 64, top: 40, bottom: 40 },
      xAxis: { type: 'category', name: labels.concurrency, nameLocation: 'middle', nameGap: 26, data: ladder.map(String) },
      yAxis: [
        { type: 'value', name: labels.latency, axisLabel: { formatter: '{value} ms' } },
        { type: 'value', name: labels.throughput, splitLine: { show: false } },
      ],
      series: series.flatMap((s) => [
        { type: 'line', name: `${s.name} p95`, yAxisIndex: 0, data: ladder.map((c) => s.points.find((p) => p.concurrency === c)?.p95Ms ?? null) },
        { type: 'line', name: `${s.name} req/s`, yAxisIndex: 1, lineStyle: { type: 'dashed' }, data: ladder.map((c) => s.points.find((p) => p.concurrency === c)?.throughput ?? null) },
      ]),
    },
    { width: 880, height: 340 },
  );
}

/** p50 and p95 latency per provider from the run itself (when no load sweep exists). */
export function latencyBars(providers: string[], p50: Array<number | null>, p95: Array<number | null>): string {
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 120, right: 24, top: 32, bottom: 24 },
      xAxis: { type: 'value', axisLabel: { formatter: '{value} ms' } },
      yAxis: { type: 'category', data: providers, inverse: true },
      series: [
        { type: 'bar', name: 'p50', data: p50.map((v) => (v === null ? null : Math.round(v))) },
        { type: 'bar', name: 'p95', data: p95.map((v) => (v === null ? null : Math.round(v))) },
      ],
    },
    { width: 720, height: Math.max(160, 60 + providers.length * 44) },
  );
}
