// Tencent Hunyuan (腾讯混元) OpenAI-compatible endpoint, API key as Bearer.
// (The native TC3-signed API is a later, native preset.)
import { models, type Preset } from './types.js';

export const hunyuan: Preset = {
  name: { zh: '腾讯混元（OpenAI 兼容）', en: 'Tencent Hunyuan (OpenAI-compatible)' },
  baseUrl: 'https://api.hunyuan.cloud.tencent.com/v1',
  contentFilter: {
    codes: ['OperationDenied.RiskContent', 'content_filter', '2001'],
    finishReasons: ['sensitive', 'content_filter'],
  },
  errorCodes: {
    'AuthFailure.SignatureFailure': 'auth',
    'FailedOperation.ServiceNotActivated': 'auth',
    'ResourceInsufficient.ChargeResourceExhaust': 'auth',
    LimitExceeded: 'rate_limited',
    RequestLimitExceeded: 'rate_limited',
  },
  rateLimit: { rpm: 300 },
  models: { ...models(32_000, 'hunyuan-turbo', 'hunyuan-standard', 'hunyuan-lite'), ...models(256_000, 'hunyuan-large', 'hunyuan-turbos-latest') },
  docs: 'https://cloud.tencent.com/document/product/1729/111007',
};
