// The dossier's private-deployment section: each `deployment:` option sized
// from its load sweep and the workload (src/cost/deployment.ts), its
// break-even against every API candidate with a known price, and a chart of
// the monthly bill against daily users for every option.
import { apiMonthly, deploymentMonthly, evaluateDeployment, type ApiOption, type DeploymentOption, type DeploymentResult, type MeasuredThroughput } from '../cost/deployment.js';
import type { Procurement } from '../scorecard/procurement.js';
import { renderSvg } from './charts.js';
import { dossierMessages, fill } from './dossier-i18n.js';
import { escapeHtml as e, money } from './format.js';
import { table } from './html.js';
import type { Lang } from './i18n.js';

/** The knee step of a provider's newest load sweep as a throughput, or why there is none. */
export function kneeThroughput(p: Procurement, provider: string): MeasuredThroughput | 'no-load' | 'overloaded' {
  const load = p.loads.find((l) => l.runProvider === provider);
  if (!load?.steps.length) return 'no-load';
  // Knee not reached: the sweep scaled to its last step, which is then what one replica is known to sustain.
  const step = load.knee.concurrency !== null ? load.steps.find((s) => s.concurrency === load.knee.concurrency) : load.knee.reason === 'not-reached' ? load.steps[load.steps.length - 1] : undefined;
  if (!step) return 'overloaded';
  return { rps: step.throughputRps, count: Math.round(step.throughputRps * (step.durationMs / 1000)), concurrency: step.concurrency };
}

export function deploymentResults(p: Procurement, options: readonly DeploymentOption[]): Array<{ option: DeploymentOption; result: DeploymentResult | 'no-load' | 'overloaded' }> {
  const selfHosted = new Set(options.map((o) => o.provider));
  const apis: ApiOption[] = p.costs
    .filter((c) => !selfHosted.has(c.provider))
    .map((c) => ({ provider: c.provider, costPerConversationCny: c.costPer1000ConversationsCny === null ? null : c.costPer1000ConversationsCny / 1000 }));
  return options.map((option) => {
    const t = kneeThroughput(p, option.provider);
    return { option, result: typeof t === 'string' || !p.workload ? (typeof t === 'string' ? t : 'no-load') : evaluateDeployment(option, p.workload, t, apis) };
  });
}

const range = (lo: number, hi: number, f: (x: number) => string) => (lo === hi ? '' : ` <span class="muted">[${e(f(lo))}, ${e(f(hi))}]</span>`);
const users = (x: number | null) => (x === null ? '—' : Math.ceil(x).toLocaleString('en-US'));

export function deploymentSection(p: Procurement, options: readonly DeploymentOption[], lang: Lang): string {
  const x = dossierMessages[lang];
  if (!p.workload) return `<p class="note">${e(x.noDeploymentWorkload)}</p>`;
  const w = p.workload;
  const all = deploymentResults(p, options);
  const out: string[] = [];
  for (const { option, result } of all) if (typeof result === 'string') out.push(`<p class="note">${e(fill(result === 'no-load' ? x.noDeploymentLoad : x.overloaded, { p: option.provider }))}</p>`);
  const done = all.filter((r): r is { option: DeploymentOption; result: DeploymentResult } => typeof r.result !== 'string');
  if (!done.length) return out.join('');
  const num = (v: number) => v.toFixed(2);
  out.push(
    table(
      [x.deploymentOption, x.cards, x.kneeThroughput, x.peakRps, x.replicas],
      done.map(({ option, result: r }) => [
        e(option.id),
        option.server.cards === undefined ? '—' : String(option.server.cards),
        `${e(num(r.throughput.rps))}${range(r.throughputCi95[0], r.throughputCi95[1], num)}`,
        e(num(r.peakRps)),
        `<b>${r.replicas}</b>${range(r.replicasInterval[0], r.replicasInterval[1], String)}`,
      ]),
    ),
    table(
      [x.deploymentOption, x.perReplicaMonthly, x.fixedMonthly, x.deploymentMonthly, x.per1000],
      done.map(({ option, result: r }) => [
        e(option.id),
        e(money(r.perReplicaMonthlyCny)),
        e(money(r.fixedMonthlyCny)),
        `<b>${e(money(r.monthlyCny))}</b>${range(r.monthlyInterval[0], r.monthlyInterval[1], money)}`,
        `${e(money(r.costPer1000ConversationsCny))}${range(r.costPer1000Interval[0], r.costPer1000Interval[1], money)}`,
      ]),
    ),
  );
  const apis = p.costs.filter((c) => !options.some((o) => o.provider === c.provider) && c.costPer1000ConversationsCny !== null);
  const beRows = done.flatMap(({ option, result: r }) =>
    r.breakEven.map((b) => {
      const api = apis.find((a) => a.provider === b.api)!;
      const lo = b.interval[0];
      const hi = b.interval[1];
      return [
        e(option.id),
        e(b.api),
        e(money(apiMonthly(api.costPer1000ConversationsCny! / 1000, w, w.dailyUsers))),
        b.dailyUsers === null ? e(x.never) : `<b>${e(users(b.dailyUsers))}</b>${lo !== null && hi !== null ? range(lo, hi, users) : ''}`,
      ];
    }),
  );
  if (beRows.length) out.push(table([x.deploymentOption, x.api, x.apiMonthly, x.breakEven], beRows));
  out.push(`<figure>${costVsUsers(done, apis, w, x)}</figure>`);
  out.push(`<p class="note">${e(x.deploymentNote)}</p>`);
  return out.join('');
}

/** Monthly bill against daily users: a line through zero per API, a staircase per deployment (one step per replica). */
function costVsUsers(
  done: Array<{ option: DeploymentOption; result: DeploymentResult }>,
  apis: Procurement['costs'],
  w: NonNullable<Procurement['workload']>,
  x: (typeof dossierMessages)['en'],
): string {
  const marks = done.flatMap((d) => d.result.breakEven.map((b) => b.dailyUsers ?? 0));
  const xMax = Math.max(2 * w.dailyUsers, 1.3 * Math.max(0, ...marks));
  const n = 120;
  const xs = Array.from({ length: n + 1 }, (_, i) => Math.round((xMax * i) / n));
  const series = [
    ...apis.map((a) => ({ type: 'line', name: a.provider, showSymbol: false, data: xs.map((u) => [u, Math.round(apiMonthly(a.costPer1000ConversationsCny! / 1000, w, u))]) })),
    ...done.map((d) => ({
      type: 'line',
      name: d.option.id,
      showSymbol: false,
      lineStyle: { width: 2.5 },
      data: xs.filter((u) => u > 0).map((u) => [u, Math.round(deploymentMonthly(d.option, w, u, d.result.throughput.rps))]),
    })),
  ];
  return renderSvg(
    {
      legend: { top: 0 },
      grid: { left: 80, right: 24, top: 36, bottom: 44 },
      xAxis: { type: 'value', name: x.dailyUsers, nameLocation: 'middle', nameGap: 28, max: xs[xs.length - 1] },
      yAxis: { type: 'value', name: x.monthlyCost, axisLabel: { formatter: '¥{value}' } },
      series: [
        ...series,
        {
          type: 'line',
          name: '',
          data: [],
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#656d76' }, data: [{ xAxis: w.dailyUsers }], label: { formatter: `${w.dailyUsers}` } },
        },
      ],
    } as never,
    { width: 700, height: 320 },
  );
}
