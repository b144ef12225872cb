// `heng run --dry-run`: what a run would send, before anything is sent.
// From the prepared run (tasks loaded and every item checked against every
// scorer, providers set up): requests per provider, input tokens counted
// with the engine's own estimator on the exact prompts, the output budget
// (run.maxTokens per request), the cost from the price table, and the time
// the configured rate limits allow at the least. Nothing is sent, no run is
// created.
import type { PreparedRun } from '../engine/prepare.js';
import { estimateTokens } from '../engine/tokens.js';
import type { Price } from '../providers/config.js';

export interface ProviderPlan {
  provider: string;
  model: string;
  /** Items × repeats, summed over tasks. */
  units: number;
  /** Requests without retries: one per turn of every unit. */
  requests: number;
  /** Estimated prompt tokens over all requests (earlier answers of multi-turn items not counted). */
  inputTokens: number;
  /** Upper bound on output tokens: run.maxTokens per request. */
  maxOutputTokens: number;
  price: Price | null;
  /** Input tokens only (every answer empty) … every answer at maxTokens; null without a price. */
  costCny: { low: number; high: number } | null;
  concurrency: number;
  rateLimit: { rpm?: number; tpm?: number } | null;
  /** The least time the rate limits allow (s); null when no rate limit is configured. */
  minSeconds: number | null;
}

export interface RunPlan {
  tasks: Array<{ id: string; items: number }>;
  repeats: number;
  maxTokens: number;
  cache: boolean;
  providers: ProviderPlan[];
  /** Providers run side by side: the slowest one's bound. */
  minSeconds: number | null;
  /** Judges are asked per answer; their requests are not estimated here. */
  judges: string[];
}

export function planRun(prep: Pick<PreparedRun, 'tasks' | 'providers' | 'judges' | 'options'>): RunPlan {
  const { repeats, maxTokens } = prep.options;
  // Tokens per task: the same prompts go to every provider.
  let requestsPerRepeat = 0;
  let inputPerRepeat = 0;
  for (const task of prep.tasks)
    for (const item of task.items) {
      const messages = task.prompt(item);
      let prefix = messages.map((m) => m.content).join('');
      inputPerRepeat += estimateTokens(prefix);
      requestsPerRepeat++;
      for (const turn of task.followUps?.(item) ?? []) {
        prefix += turn;
        inputPerRepeat += estimateTokens(prefix);
        requestsPerRepeat++;
      }
    }
  const units = prep.tasks.reduce((n, t) => n + t.items.length, 0) * repeats;
  const providers = prep.providers.map((s): ProviderPlan => {
    const requests = requestsPerRepeat * repeats;
    const inputTokens = inputPerRepeat * repeats;
    const maxOutputTokens = requests * maxTokens;
    const price = s.price ?? null;
    const costCny = price ? { low: (inputTokens * price.inputPerMillion) / 1e6, high: (inputTokens * price.inputPerMillion + maxOutputTokens * price.outputPerMillion) / 1e6 } : null;
    const rl = s.rateLimit ?? null;
    const bounds = [rl?.rpm ? (requests / rl.rpm) * 60 : 0, rl?.tpm ? ((inputTokens + maxOutputTokens) / rl.tpm) * 60 : 0];
    return {
      provider: s.provider.id,
      model: s.provider.model,
      units,
      requests,
      inputTokens,
      maxOutputTokens,
      price,
      costCny,
      concurrency: s.concurrency,
      rateLimit: rl,
      minSeconds: rl && (rl.rpm || rl.tpm) ? Math.max(...bounds) : null,
    };
  });
  const limited = providers.filter((p) => p.minSeconds !== null);
  return {
    tasks: prep.tasks.map((t) => ({ id: t.id, items: t.items.length })),
    repeats,
    maxTokens,
    cache: prep.options.cache,
    providers,
    minSeconds: limited.length ? Math.max(...limited.map((p) => p.minSeconds!)) : null,
    judges: prep.judges.map((j) => j.provider.id),
  };
}

const WORDS = {
  en: {
    title: 'dry run: nothing is sent, no run is created',
    tasks: 'tasks',
    items: 'items',
    repeats: 'repeats',
    checked: 'every item checked against every scorer: ok',
    head: ['provider', 'model', 'requests', 'input tokens', 'output ≤', 'cost (CNY)', 'time ≥'],
    unknownPrice: 'unknown price',
    noLimit: 'no rate limit ({c} at a time)',
    total: 'total cost {low} – {high} CNY (input only … every answer at maxTokens = {max}); time ≥ {time} (providers run side by side)',
    totalNoTime: 'total cost {low} – {high} CNY (input only … every answer at maxTokens = {max}); no rate limit configured: time depends on response times',
    someUnknown: 'providers without a price are not in the total: {list}',
    judges: 'LLM-judge requests ({list}) come on top and are not estimated here',
    cache: 'the response cache is on: answers already cached cost nothing and are not re-timed',
  },
  zh: {
    title: '试运行：不发送任何请求，也不创建运行',
    tasks: '任务',
    items: '题',
    repeats: '重复次数',
    checked: '已按全部评分器逐题检查：无问题',
    head: ['模型服务', '模型', '请求数', '输入词元', '输出上限', '费用（元）', '最短用时'],
    unknownPrice: '价格未知',
    noLimit: '未设速率限制（并发 {c}）',
    total: '总费用 {low} – {high} 元（仅计输入 … 每个回答都达到输出上限 {max}）；最短用时 {time}（各模型服务并行）',
    totalNoTime: '总费用 {low} – {high} 元（仅计输入 … 每个回答都达到输出上限 {max}）；未设速率限制：用时取决于响应速度',
    someUnknown: '以下模型服务没有价格，未计入总费用：{list}',
    judges: '大模型裁判（{list}）的请求另计，此处未估算',
    cache: '响应缓存已开启：已缓存的回答不产生费用，也不重新计时',
  },
};

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
const money = (x: number) => x.toFixed(2);

export function durationText(seconds: number, lang: 'zh' | 'en'): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (lang === 'zh') return h ? `${h} 小时 ${m} 分` : m ? `${m} 分 ${r} 秒` : `${r} 秒`;
  return h ? `${h} h ${m} min` : m ? `${m} min ${r} s` : `${r} s`;
}

export function planText(plan: RunPlan, lang: 'zh' | 'en'): string {
  const w = WORDS[lang];
  const lines = [w.title, `${w.tasks}: ${plan.tasks.map((t) => `${t.id} (${t.items} ${w.items})`).join(', ')}; ${w.repeats}: ${plan.repeats}`, w.checked, ''];
  const rows = [
    w.head,
    ...plan.providers.map((p) => [
      p.provider,
      p.model,
      String(p.requests),
      String(p.inputTokens),
      String(p.maxOutputTokens),
      p.costCny ? `${money(p.costCny.low)} – ${money(p.costCny.high)}` : w.unknownPrice,
      p.minSeconds === null ? fill(w.noLimit, { c: p.concurrency }) : durationText(p.minSeconds, lang),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) lines.push(`  ${r.map((x, i) => x.padEnd(widths[i])).join('  ')}`.trimEnd());
  const priced = plan.providers.filter((p) => p.costCny);
  const low = priced.reduce((s, p) => s + p.costCny!.low, 0);
  const high = priced.reduce((s, p) => s + p.costCny!.high, 0);
  lines.push('');
  lines.push(
    plan.minSeconds === null
      ? fill(w.totalNoTime, { low: money(low), high: money(high), max: plan.maxTokens })
      : fill(w.total, { low: money(low), high: money(high), max: plan.maxTokens, time: durationText(plan.minSeconds, lang) }),
  );
  const unpriced = plan.providers.filter((p) => !p.costCny).map((p) => p.provider);
  if (unpriced.length) lines.push(fill(w.someUnknown, { list: unpriced.join(', ') }));
  if (plan.judges.length) lines.push(fill(w.judges, { list: plan.judges.join(', ') }));
  if (plan.cache) lines.push(w.cache);
  return `${lines.join('\n')}\n`;
}
