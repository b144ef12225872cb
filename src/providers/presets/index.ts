// Vendor presets: base URL, auth, content-filter signals, default rate
// limits and context lengths. OpenAI-compatible vendors are plain data;
// a vendor with its own protocol supplies `create`. docs/providers.md lists
// each preset with the documentation it follows.
import type { Provider } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { createOpenAICompatible } from '../openai-compatible.js';

export interface Preset {
  name: { zh: string; en: string };
  /** OpenAI-compatible endpoint base (…/v1); absent for private deployments. */
  baseUrl?: string;
  /** Documented content-filter error codes. */
  filterCodes: Array<string | number>;
  /** Finish reasons that mean a block (default content_filter, sensitive). */
  filterFinishReasons?: string[];
  rateLimit?: { rpm?: number; tpm?: number };
  models: Record<string, { contextLength: number }>;
  /** Documentation the preset follows. */
  docs: string;
  /** A vendor protocol of its own (AK/SK, signatures, WebSocket…). */
  create?: (config: ProviderConfig) => Provider;
  /** Auth headers other than Bearer. */
  auth?: (config: ProviderConfig) => Record<string, string>;
  /** Endpoint other than baseUrl + /chat/completions. */
  url?: (config: ProviderConfig) => string;
}

const m = (ctx: number, ...names: string[]) => Object.fromEntries(names.map((n) => [n, { contextLength: ctx }]));

export const presets: Record<string, Preset> = {
  dashscope: {
    name: { zh: '阿里云百炼 · 通义千问', en: 'Alibaba Cloud DashScope (Qwen)' },
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    filterCodes: ['data_inspection_failed', 'DataInspectionFailed'],
    rateLimit: { rpm: 600 },
    models: { ...m(32_768, 'qwen-max'), ...m(131_072, 'qwen-plus', 'qwen-turbo', 'qwen3-235b-a22b', 'qwq-plus') },
    docs: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
  },
  qianfan: {
    name: { zh: '百度智能云千帆 · 文心（v2）', en: 'Baidu Qianfan ERNIE (v2, OpenAI-compatible)' },
    baseUrl: 'https://qianfan.baidubce.com/v2',
    filterCodes: [336003, 336501, 336502, 'content_filter'],
    rateLimit: { rpm: 300 },
    models: { ...m(128_000, 'ernie-4.5-turbo-128k', 'ernie-4.0-turbo-128k'), ...m(8_192, 'ernie-4.0-8k', 'ernie-speed-8k') },
    docs: 'https://cloud.baidu.com/doc/qianfan-api/s/3m7of64lb',
  },
  zhipu: {
    name: { zh: '智谱 · GLM', en: 'Zhipu AI (GLM)' },
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    filterCodes: [1301],
    filterFinishReasons: ['sensitive', 'content_filter'],
    rateLimit: { rpm: 300 },
    models: { ...m(128_000, 'glm-4-plus', 'glm-4-air', 'glm-4-flash', 'glm-4.5') },
    docs: 'https://open.bigmodel.cn/dev/api/normal-model/glm-4',
  },
  moonshot: {
    name: { zh: '月之暗面 · Kimi', en: 'Moonshot AI (Kimi)' },
    baseUrl: 'https://api.moonshot.cn/v1',
    filterCodes: ['content_filter'],
    rateLimit: { rpm: 200 },
    models: { ...m(8_192, 'moonshot-v1-8k'), ...m(32_768, 'moonshot-v1-32k'), ...m(131_072, 'moonshot-v1-128k', 'kimi-k2-0711-preview') },
    docs: 'https://platform.moonshot.cn/docs/api/chat',
  },
  deepseek: {
    name: { zh: '深度求索 · DeepSeek', en: 'DeepSeek' },
    baseUrl: 'https://api.deepseek.com/v1',
    filterCodes: ['content_filter'],
    models: { ...m(65_536, 'deepseek-chat', 'deepseek-reasoner') },
    docs: 'https://api-docs.deepseek.com/api/create-chat-completion',
  },
  ark: {
    name: { zh: '火山方舟 · 豆包', en: 'Volcengine Ark (Doubao)' },
    baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
    filterCodes: ['SensitiveContentDetected', 'InputTextSensitiveContentDetected', 'OutputTextSensitiveContentDetected'],
    rateLimit: { rpm: 1000 },
    models: { ...m(32_768, 'doubao-pro-32k', 'doubao-lite-32k'), ...m(131_072, 'doubao-1.5-pro-256k', 'doubao-seed-1.6') },
    docs: 'https://www.volcengine.com/docs/82379/1298454',
  },
  hunyuan: {
    name: { zh: '腾讯混元（OpenAI 兼容）', en: 'Tencent Hunyuan (OpenAI-compatible)' },
    baseUrl: 'https://api.hunyuan.cloud.tencent.com/v1',
    filterCodes: ['OperationDenied.RiskContent', 'content_filter'],
    filterFinishReasons: ['sensitive', 'content_filter'],
    rateLimit: { rpm: 300 },
    models: { ...m(32_000, 'hunyuan-turbo', 'hunyuan-standard', 'hunyuan-lite'), ...m(256_000, 'hunyuan-large', 'hunyuan-turbos-latest') },
    docs: 'https://cloud.tencent.com/document/product/1729/111007',
  },
  minimax: {
    name: { zh: 'MiniMax', en: 'MiniMax' },
    baseUrl: 'https://api.minimax.chat/v1',
    filterCodes: [1026, 1027],
    models: { ...m(245_760, 'abab6.5s-chat', 'MiniMax-Text-01') },
    docs: 'https://platform.minimaxi.com/document/ChatCompletion%20v2',
  },
  yi: {
    name: { zh: '零一万物 · Yi', en: '01.AI (Yi)' },
    baseUrl: 'https://api.lingyiwanwu.com/v1',
    filterCodes: ['content_filter'],
    models: { ...m(16_384, 'yi-lightning', 'yi-large') },
    docs: 'https://platform.lingyiwanwu.com/docs/api-reference',
  },
  stepfun: {
    name: { zh: '阶跃星辰 · Step', en: 'StepFun (Step)' },
    baseUrl: 'https://api.stepfun.com/v1',
    filterCodes: ['content_filter'],
    models: { ...m(8_000, 'step-1-8k'), ...m(32_000, 'step-1-32k', 'step-2-16k') },
    docs: 'https://platform.stepfun.com/docs/api-reference/chat/chat-completion-create',
  },
  baichuan: {
    name: { zh: '百川智能', en: 'Baichuan' },
    baseUrl: 'https://api.baichuan-ai.com/v1',
    filterCodes: ['content_filter'],
    models: { ...m(32_768, 'Baichuan4', 'Baichuan4-Turbo', 'Baichuan3-Turbo') },
    docs: 'https://platform.baichuan-ai.com/docs/api',
  },
  sensenova: {
    name: { zh: '商汤 · 日日新 SenseNova', en: 'SenseTime SenseNova' },
    baseUrl: 'https://api.sensenova.cn/compatible-mode/v1',
    filterCodes: ['content_filter'],
    models: { ...m(32_768, 'SenseChat-5', 'SenseChat-Turbo') },
    docs: 'https://platform.sensenova.cn/doc',
  },
  ai360: {
    name: { zh: '360 智脑', en: '360 AI Brain (360GPT)' },
    baseUrl: 'https://api.360.cn/v1',
    filterCodes: ['content_filter'],
    models: { ...m(8_000, '360gpt-pro', '360gpt-turbo') },
    docs: 'https://ai.360.com/platform/docs/overview',
  },
  spark: {
    name: { zh: '讯飞星火（HTTP）', en: 'iFlytek Spark (HTTP)' },
    baseUrl: 'https://spark-api-open.xf-yun.com/v1',
    filterCodes: [10013, 10014, 10019],
    models: { ...m(8_192, 'lite', 'generalv3', 'pro-128k', 'generalv3.5', '4.0Ultra') },
    docs: 'https://www.xfyun.cn/doc/spark/HTTP%E8%B0%83%E7%94%A8%E6%96%87%E6%A1%A3.html',
  },
  openai: {
    name: { zh: 'OpenAI', en: 'OpenAI' },
    baseUrl: 'https://api.openai.com/v1',
    filterCodes: ['content_filter', 'content_policy_violation'],
    models: { ...m(128_000, 'gpt-4o', 'gpt-4o-mini'), ...m(1_047_576, 'gpt-4.1', 'gpt-4.1-mini') },
    docs: 'https://platform.openai.com/docs/api-reference/chat',
  },
  azure: {
    name: { zh: 'Azure OpenAI', en: 'Azure OpenAI' },
    filterCodes: ['content_filter', 'ResponsibleAIPolicyViolation'],
    models: { ...m(128_000, 'gpt-4o', 'gpt-4o-mini') },
    docs: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
    // baseUrl is the resource endpoint; the model names the deployment.
    url: (c) => `${(c.baseUrl ?? '').replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(c.model)}/chat/completions?api-version=${String(c.apiVersion ?? '2024-10-21')}`,
    auth: (c): Record<string, string> => (c.apiKey ? { 'api-key': c.apiKey } : {}),
  },
  vllm: { name: { zh: 'vLLM 私有部署', en: 'vLLM (private)' }, filterCodes: [], models: {}, docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html' },
  ollama: { name: { zh: 'Ollama 私有部署', en: 'Ollama (private)' }, baseUrl: 'http://127.0.0.1:11434/v1', filterCodes: [], models: {}, docs: 'https://github.com/ollama/ollama/blob/main/docs/openai.md' },
  'llama-cpp': { name: { zh: 'llama.cpp server 私有部署', en: 'llama.cpp server (private)' }, baseUrl: 'http://127.0.0.1:8080/v1', filterCodes: [], models: {}, docs: 'https://github.com/ggml-org/llama.cpp/tree/master/tools/server' },
};

/** Fill a config from its preset: base URL, default rate limit. */
export function resolvePreset(config: ProviderConfig): ProviderConfig {
  const p = presets[config.preset!];
  return { ...config, baseUrl: config.baseUrl ?? p.baseUrl, rateLimit: config.rateLimit ?? p.rateLimit };
}

/** Build the provider for a preset entry. */
export function createFromPreset(config: ProviderConfig): Provider {
  const p = presets[config.preset!];
  if (p.create) return p.create(config);
  return createOpenAICompatible(config, {
    url: p.url?.(config),
    auth: p.auth,
    contentFilter: { codes: p.filterCodes, finishReasons: p.filterFinishReasons ?? ['content_filter', 'sensitive'] },
  });
}
