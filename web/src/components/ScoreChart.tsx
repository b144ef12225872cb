// Horizontal bars of score with the 95% interval drawn as a line, rendered
// by ECharts to SVG. Labels are provider/task ids (text, never HTML: the
// tooltip is off so no label is ever parsed as markup).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart } from 'echarts/charts';
import { GridComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, CustomChart, GridComponent, TitleComponent, SVGRenderer]);

export interface Bar {
  label: string;
  score: number | null;
  ci95: [number, number] | null;
}

export function ScoreChart({ title, bars }: { title: string; bars: Bar[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const labels = bars.map((b) => b.label);
    chart.setOption({
      // No animation: the chart is final as soon as it is drawn (screenshots, print).
      animation: false,
      title: { text: title, textStyle: { fontSize: 13 } },
      grid: { left: 140, right: 30, top: 36, bottom: 24 },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: [
        { type: 'bar', data: bars.map((b) => (b.score === null ? null : +(100 * b.score).toFixed(2))), itemStyle: { color: '#3b6ea8' }, barMaxWidth: 22 },
        {
          type: 'custom',
          data: bars.map((b, i) => (b.ci95 ? [i, 100 * b.ci95[0], 100 * b.ci95[1]] : [i, NaN, NaN])),
          renderItem: (_params: unknown, api: any) => {
            const lo = api.value(1);
            if (Number.isNaN(lo)) return null;
            const y = api.value(0);
            const a = api.coord([lo, y]);
            const b = api.coord([api.value(2), y]);
            const style = { stroke: '#111', lineWidth: 1.5 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
                { type: 'line', shape: { x1: a[0], y1: a[1] - 5, x2: a[0], y2: a[1] + 5 }, style },
                { type: 'line', shape: { x1: b[0], y1: b[1] - 5, x2: b[0], y2: b[1] + 5 }, style },
              ],
            };
          },
          encode: { x: [1, 2], y: 0 },
          z: 10,
        },
      ],
    });
    return () => chart.dispose();
  }, [title, bars]);
  return <div className="chart" ref={ref} style={{ height: 60 + 34 * bars.length }} />;
}
