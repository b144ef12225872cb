// Vendor presets, one file per vendor; docs/providers.md lists each with the
// documentation page it follows. `resolvePreset` fills a config from its
// preset; `createFromPreset` builds the provider (a preset's own `create`
// when it has one, else the OpenAI-compatible client with its quirks).
import { InputError } from '../../errors.js';
import type { Provider } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { createOpenAICompatible } from '../openai-compatible.js';
import { rulesFor } from '../rules.js';
import { scrubbed } from '../scrub.js';
import { ai360 } from './ai360.js';
import { anthropic } from './anthropic.js';
import { ark } from './ark.js';
import { azure } from './azure.js';
import { baichuan } from './baichuan.js';
import { dashscope } from './dashscope.js';
import { deepseek } from './deepseek.js';
import { gemini } from './gemini.js';
import { hunyuan } from './hunyuan.js';
import { hunyuanNative } from './hunyuan-native.js';
import { minimax } from './minimax.js';
import { moonshot } from './moonshot.js';
import { openai } from './openai.js';
import { llamaCpp, ollama, openaiCompatible, vllm } from './private.js';
import { qianfan } from './qianfan.js';
import { qianfanLegacy } from './qianfan-legacy.js';
import { sensenova } from './sensenova.js';
import { spark } from './spark.js';
import { sparkWs } from './spark-ws.js';
import { stepfun } from './stepfun.js';
import type { Preset } from './types.js';
import { yi } from './yi.js';
import { zhipu } from './zhipu.js';
import { zhipuJwtPreset } from './zhipu-jwt.js';

export type { Preset, ModelInfo, PresetExtras } from './types.js';

export const presets: Record<string, Preset> = {
  dashscope,
  qianfan,
  zhipu,
  moonshot,
  deepseek,
  ark,
  hunyuan,
  minimax,
  yi,
  stepfun,
  baichuan,
  sensenova,
  ai360,
  spark,
  openai,
  azure,
  vllm,
  ollama,
  'llama-cpp': llamaCpp,
  'openai-compatible': openaiCompatible,
  // Native protocols (src/providers/native/).
  'hunyuan-native': hunyuanNative,
  'zhipu-jwt': zhipuJwtPreset,
  anthropic,
  gemini,
  'qianfan-legacy': qianfanLegacy,
  'spark-ws': sparkWs,
};

/**
 * Fill a config from its preset: base URL, default rate limit, context
 * length. Fields the config sets always win; idempotent.
 */
export function resolvePreset(config: ProviderConfig): ProviderConfig {
  const preset = config.preset ? presets[config.preset] : undefined;
  if (!preset) return config;
  const out: ProviderConfig = { ...config };
  if (!out.baseUrl && preset.baseUrl) out.baseUrl = preset.baseUrl;
  if (!out.rateLimit && preset.rateLimit) out.rateLimit = { ...preset.rateLimit };
  const context = preset.models[config.model]?.contextLength;
  if (out.contextLength === undefined && context !== undefined) out.contextLength = context;
  return out;
}

/** Build the provider for a preset entry (resolving it first). */
export function createFromPreset(config: ProviderConfig): Provider {
  const provider = buildFromPreset(config);
  // Nothing a vendor returns keeps this provider's own secrets (echoed keys are replaced by a marker).
  return scrubbed(provider, [config.apiKey, config.secretKey]);
}

function buildFromPreset(config: ProviderConfig): Provider {
  const preset = config.preset ? presets[config.preset] : undefined;
  if (!preset) throw new InputError(`unknown preset "${config.preset}"`, { field: 'preset' }, 'run "heng providers" to list presets');
  const resolved = resolvePreset(config);
  // Azure deployments are named by the user: `family` says which model is behind one.
  const rules = rulesFor(preset.rules, typeof resolved.family === 'string' ? resolved.family : resolved.model);
  if (preset.create) return preset.create(resolved, { rules });
  if (!resolved.baseUrl)
    throw new InputError(
      `preset "${config.preset}" needs "baseUrl"`,
      { field: 'baseUrl' },
      config.preset === 'azure' ? 'your resource endpoint, e.g. https://<name>.openai.azure.com' : 'the address of your deployment, e.g. http://127.0.0.1:8000/v1',
    );
  return createOpenAICompatible(resolved, {
    url: preset.url?.(resolved),
    auth: preset.auth,
    contentFilter: preset.contentFilter,
    errorCodes: preset.errorCodes,
    streamUsage: preset.streamUsage,
    mapBody: preset.mapBody,
    rules,
    reasoning: preset.reasoning,
    retryFinishReasons: preset.retryFinishReasons,
  });
}
