// Dated price tables: CNY per million tokens, with the page each figure was
// read from. Prices change: re-check before a decision, or set `price:` on
// the provider entry (which always wins). A model with no known price costs
// "unknown", never 0.
import type { Usage } from '../types.js';
import type { Price } from './config.js';

/** USD prices are converted at this rate; the converted entries say so. */
export const USD_CNY = 7.2;

const cny = (input: number, output: number, date: string, source: string, cached?: number): Price => ({
  inputPerMillion: input,
  outputPerMillion: output,
  ...(cached !== undefined ? { cachedInputPerMillion: cached } : {}),
  currency: 'CNY',
  date,
  source,
});
const usd = (input: number, output: number, date: string, source: string, cached?: number): Price =>
  cny(input * USD_CNY, output * USD_CNY, date, `${source} (USD × ${USD_CNY})`, cached === undefined ? undefined : cached * USD_CNY);

const ALIYUN = 'https://help.aliyun.com/zh/model-studio/models';
const DEEPSEEK = 'https://api-docs.deepseek.com/quick_start/pricing';
const ZHIPU = 'https://open.bigmodel.cn/pricing';
const MOONSHOT = 'https://platform.moonshot.cn/docs/pricing/chat';
const ARK = 'https://www.volcengine.com/docs/82379/1099320';
const HUNYUAN = 'https://cloud.tencent.com/document/product/1729/97731';
const QIANFAN = 'https://cloud.baidu.com/doc/WENXINWORKSHOP/s/hlrk4akp7';
const OPENAI = 'https://openai.com/api/pricing';

export const PRICES: Record<string, Record<string, Price>> = {
  dashscope: {
    'qwen-max': cny(2.4, 9.6, '2025-06', ALIYUN),
    'qwen-plus': cny(0.8, 2, '2025-06', ALIYUN),
    'qwen-turbo': cny(0.3, 0.6, '2025-06', ALIYUN),
  },
  deepseek: {
    'deepseek-chat': cny(2, 8, '2025-06', DEEPSEEK, 0.5),
    'deepseek-reasoner': cny(4, 16, '2025-06', DEEPSEEK, 1),
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
  ark: {
    'doubao-pro-32k': cny(0.8, 2, '2025-06', ARK),
    'doubao-lite-32k': cny(0.3, 0.6, '2025-06', ARK),
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
  },
};

// A vendor's native-protocol presets bill as its OpenAI-compatible one.
PRICES['hunyuan-native'] = PRICES.hunyuan;
PRICES['zhipu-jwt'] = PRICES.zhipu;

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
