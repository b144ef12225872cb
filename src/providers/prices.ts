// Dated price tables: CNY per million tokens, with the page each figure was
// read from. Prices change: re-check before a decision, or set `price:` on
// the provider entry (which always wins). A model with no known price costs
// "unknown", never 0.
import type { Usage } from '../types.js';
import type { Price } from './config.js';

/** USD prices are converted at this rate (CNY per USD, rounded; the month it was taken); the converted entries say so. */
export const USD_CNY = 7.2;
export const USD_CNY_DATE = '2025-06';

const cny = (input: number, output: number, date: string, source: string, cached?: number): Price => ({
  inputPerMillion: input,
  outputPerMillion: output,
  ...(cached !== undefined ? { cachedInputPerMillion: cached } : {}),
  currency: 'CNY',
  date,
  source,
});
const usd = (input: number, output: number, date: string, source: string, cached?: number): Price =>
  cny(input * USD_CNY, output * USD_CNY, date, `${source} (USD × ${USD_CNY}, rate of ${USD_CNY_DATE})`, cached === undefined ? undefined : cached * USD_CNY);

const ALIYUN = 'https://help.aliyun.com/zh/model-studio/models';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const ZHIPU = 'https://open.bigmodel.cn/pricing';
const MOONSHOT = 'https://platform.moonshot.cn/docs/pricing/chat';
const ARK = 'https://www.volcengine.com/docs/82379/1099320';
const HUNYUAN = 'https://cloud.tencent.com/document/product/1729/97731';
const QIANFAN = 'https://cloud.baidu.com/doc/WENXINWORKSHOP/s/hlrk4akp7';
const OPENAI = 'https://openai.com/api/pricing';
const ANTHROPIC = 'https://platform.claude.com/docs/zh-CN/about-claude/pricing';
const GEMINI = 'https://ai.google.dev/gemini-api/docs/pricing';

export const PRICES: Record<string, Record<string, Price>> = {
  dashscope: {
    'qwen-max': cny(2.4, 9.6, '2025-06', ALIYUN),
    'qwen-plus': cny(0.8, 2, '2025-06', ALIYUN),
    'qwen-turbo': cny(0.3, 0.6, '2025-06', ALIYUN),
  },
  deepseek: {
    // The V3.2 price (2025-09-29 cut): one price for both modes; the reasoner is the thinking mode.
    'deepseek-chat': cny(2, 3, '2025-09', DEEPSEEK, 0.2),
    'deepseek-reasoner': cny(2, 3, '2025-09', DEEPSEEK, 0.2),
  },
  zhipu: {
    'glm-4-plus': cny(5, 5, '2025-06', ZHIPU),
    'glm-4-air': cny(0.5, 0.5, '2025-06', ZHIPU),
    'glm-4-flash': cny(0, 0, '2025-06', ZHIPU),
  },
  moonshot: {
    'moonshot-v1-8k': cny(2, 10, '2025-06', MOONSHOT),
    'moonshot-v1-32k': cny(5, 20, '2025-06', MOONSHOT),
    'moonshot-v1-128k': cny(10, 30, '2025-06', MOONSHOT),
  },
  hunyuan: {
    'hunyuan-turbo': cny(15, 50, '2025-06', HUNYUAN),
    'hunyuan-standard': cny(0.8, 2, '2025-06', HUNYUAN),
    'hunyuan-lite': cny(0, 0, '2025-06', HUNYUAN),
  },
  qianfan: {
    'ernie-4.0-8k': cny(30, 90, '2025-06', QIANFAN),
    'ernie-speed-8k': cny(0, 0, '2025-06', QIANFAN),
  },
  openai: {
    'gpt-4o': usd(2.5, 10, '2025-06', OPENAI, 1.25),
    'gpt-4o-mini': usd(0.15, 0.6, '2025-06', OPENAI, 0.075),
    'gpt-4.1': usd(2, 8, '2025-06', OPENAI, 0.5),
    'gpt-4.1-mini': usd(0.4, 1.6, '2025-06', OPENAI, 0.1),
    'gpt-5': usd(1.25, 10, '2025-11', OPENAI, 0.125),
    'gpt-5.1': usd(1.25, 10, '2025-11', OPENAI, 0.125),
    'gpt-5-mini': usd(0.25, 2, '2025-11', OPENAI, 0.025),
  },
  // Cache writes (1.25× input for 5 min) have no column here: they are billed at the input price, a slight underestimate.
  anthropic: {
    'claude-opus-4-5': usd(5, 25, '2025-11', ANTHROPIC, 0.5),
    'claude-opus-4-1': usd(15, 75, '2026-11', ANTHROPIC, 1.5),
    'claude-sonnet-4-5': usd(3, 15, '2026-11', ANTHROPIC, 0.3),
    'claude-haiku-4-5': usd(1, 5, '2026-11', ANTHROPIC, 0.1),
  },
  // Prompts up to 200k tokens (2.5 Pro bills longer prompts higher); thinking tokens are output.
  gemini: {
    'gemini-2.5-pro': usd(1.25, 10, '2026-06', GEMINI, 0.125),
    'gemini-2.5-flash': usd(0.3, 2.5, '2025-10', GEMINI, 0.03),
    'gemini-2.5-flash-lite': usd(0.1, 0.4, '2025-10', GEMINI, 0.01),
    'gemini-3-pro-preview': usd(2, 12, '2025-11', GEMINI, 0.2),
  },
};

// A vendor's native-protocol presets bill as its OpenAI-compatible one.
PRICES['hunyuan-native'] = PRICES.hunyuan;
PRICES['zhipu-jwt'] = PRICES.zhipu;
PRICES['qianfan-legacy'] = PRICES.qianfan;

/** A preset whose prices are not in the table: when that was last looked at, and where to read them. */
export interface UnknownPrice {
  date: string;
  source: string;
  why: string;
}

/**
 * Presets (or their remaining models) without figures: their cost is
 * reported as unknown. Set `price:` on the provider entry from the page.
 */
export const UNPRICED: Record<string, UnknownPrice> = {
  dashscope: { date: '2025-06', source: ALIYUN, why: 'only qwen-max/plus/turbo were recorded; qwen3 / qwen3-max are tiered by input length' },
  zhipu: { date: '2025-06', source: ZHIPU, why: 'GLM-4.5 / 4.6 / 4.7 prices are tiered by input and output length' },
  moonshot: { date: '2026-12', source: MOONSHOT, why: 'kimi-k2.5 / k2.6 / k2-thinking prices could not be read from a stored copy of the page' },
  ark: { date: '2026-12', source: ARK, why: 'doubao-1.5 / seed prices are tiered by input length; the alias prices (doubao-pro-32k) were dropped with the aliases' },
  hunyuan: { date: '2025-06', source: HUNYUAN, why: 'hunyuan-large / turbos prices were not recorded' },
  qianfan: { date: '2025-06', source: QIANFAN, why: 'only ERNIE 4.0 8K and Speed 8K were recorded' },
  minimax: { date: '2025-06', source: 'https://platform.minimaxi.com/document/Price', why: 'not recorded' },
  yi: { date: '2025-06', source: 'https://platform.lingyiwanwu.com/docs/pricing', why: 'not recorded' },
  stepfun: { date: '2025-06', source: 'https://platform.stepfun.com/docs/pricing/details', why: 'not recorded' },
  baichuan: { date: '2025-06', source: 'https://platform.baichuan-ai.com/price', why: 'not recorded' },
  sensenova: { date: '2025-06', source: 'https://platform.sensenova.cn/pricing', why: 'not recorded' },
  ai360: { date: '2025-06', source: 'https://ai.360.com/platform/docs/overview', why: 'not recorded' },
  spark: { date: '2025-06', source: 'https://xinghuo.xfyun.cn/sparkapi', why: 'sold as token packages per model, not a per-token list price' },
  azure: { date: '2025-06', source: 'https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/', why: 'depends on region and deployment type' },
};
UNPRICED['hunyuan-native'] = UNPRICED.hunyuan;
UNPRICED['zhipu-jwt'] = UNPRICED.zhipu;
UNPRICED['qianfan-legacy'] = UNPRICED.qianfan;
UNPRICED['spark-ws'] = UNPRICED.spark;

/** A price read longer ago than this is flagged for re-checking (`heng providers`, reports). */
export const STALE_PRICE_DAYS = 90;

/**
 * How many days ago a price was read, when its date says (YYYY-MM counts from
 * the month's first day, the oldest it can be); undefined for prices set in
 * the config (date "config": the user's own, e.g. negotiated).
 */
export function priceAgeDays(price: Pick<Price, 'date'>, now: Date = new Date()): number | undefined {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(price.date);
  if (!m) return undefined;
  const read = Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1);
  return Math.max(0, Math.floor((now.getTime() - read) / 86_400_000));
}

/** A stale price: how old it was and what to say (zh, en). */
export interface PriceWarning {
  days: number;
  zh: string;
  en: string;
}

/**
 * The one rule for a stale price: older than STALE_PRICE_DAYS at `asOf`
 * (now, for `heng providers`; the run's start, for every report surface);
 * undefined when fresh, undated or set in the config.
 */
export function stalePriceWarning(price: Pick<Price, 'date' | 'source'> | undefined | null, asOf: Date = new Date(), when: 'now' | 'run' = 'now'): PriceWarning | undefined {
  const days = price ? priceAgeDays(price, asOf) : undefined;
  if (!price || days === undefined || days <= STALE_PRICE_DAYS) return undefined;
  const run = when === 'run';
  return {
    days,
    zh: `价格读取于 ${price.date}（${run ? `早于本次运行 ${days} 天` : `${days} 天前`}，超过 ${STALE_PRICE_DAYS} 天），请按 ${price.source} 核对，或在配置中设置 price`,
    en: `price read ${price.date} (${days} days ${run ? 'before the run' : 'ago'}, over ${STALE_PRICE_DAYS}): re-check ${price.source} or set "price:" in the config`,
  };
}

/** A run provider's stored price (JSON) → its warning as of the run's start, or null. Every report surface and the API read this. */
export function runPriceWarning(price: Record<string, unknown> | null | undefined, runCreatedAt: string): PriceWarning | null {
  if (!price || typeof price.date !== 'string') return null;
  return stalePriceWarning({ date: price.date, source: String(price.source ?? '—') }, new Date(runCreatedAt), 'run') ?? null;
}

/** The price of a model: the config's override, else the table, else undefined (unknown). */
export function priceFor(preset: string, model: string, override?: Price): Price | undefined {
  return override ?? PRICES[preset]?.[model];
}

/**
 * CNY for one answer: cached input at the cached price where there is one,
 * reasoning tokens as output (vendors bill them so). Undefined = unknown.
 */
export function costCny(usage: Usage, price: Price | undefined): number | undefined {
  if (!price) return undefined;
  const cached = price.cachedInputPerMillion !== undefined ? (usage.cachedInputTokens ?? 0) : 0;
  const fresh = usage.inputTokens - cached;
  return (fresh * price.inputPerMillion + cached * (price.cachedInputPerMillion ?? 0) + usage.outputTokens * price.outputPerMillion) / 1e6;
}
