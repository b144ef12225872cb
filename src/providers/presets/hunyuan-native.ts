// Tencent Hunyuan (腾讯混元) native API with TC3-HMAC-SHA256 signing:
// apiKey = SecretId, secretKey = SecretKey. Same models and block signals
// as the OpenAI-compatible `hunyuan` preset.
import { createHunyuanNative, HUNYUAN_ENDPOINT } from '../native/hunyuan.js';
import { hunyuan } from './hunyuan.js';
import type { Preset } from './types.js';

export const hunyuanNative: Preset = {
  name: { zh: '腾讯混元（原生 API，TC3 签名）', en: 'Tencent Hunyuan (native API, TC3 signature)' },
  baseUrl: HUNYUAN_ENDPOINT,
  contentFilter: hunyuan.contentFilter,
  errorCodes: hunyuan.errorCodes,
  rateLimit: hunyuan.rateLimit,
  models: hunyuan.models,
  docs: 'https://cloud.tencent.com/document/api/1729/105701',
  rules: hunyuan.rules,
  create: (config, { rules }) => createHunyuanNative(config, { signals: hunyuanNative.contentFilter, codeMap: hunyuanNative.errorCodes, rules }),
};
