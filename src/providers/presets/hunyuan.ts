// Tencent Hunyuan (腾讯混元) OpenAI-compatible endpoint, API key as Bearer
// (the native TC3-signed API is `hunyuan-native`). A block is finish_reason
// `sensitive`, or the error OperationDenied.TextIllegalDetected ("the text
// contains illegal information, the review failed"; Tencent's SDK error
// list: https://github.com/TencentCloud/tencentcloud-sdk-go/blob/master/tencentcloud/hunyuan/v20230901/errors.go).
// Seed must be within 1–10000 (ChatCompletions parameters).
import { models, type Preset } from './types.js';

export const hunyuan: Preset = {
  name: { zh: '腾讯混元（OpenAI 兼容）', en: 'Tencent Hunyuan (OpenAI-compatible)' },
  baseUrl: 'https://api.hunyuan.cloud.tencent.com/v1',
  contentFilter: {
    codes: ['OperationDenied.TextIllegalDetected', 'OperationDenied.ImageIllegalDetected', 'content_filter', '2001'],
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
  rules: [{ models: /./, seed: { min: 1, max: 10_000 }, temperature: { min: 0, max: 2 }, source: 'https://cloud.tencent.com/document/api/1729/105701' }],
  docs: 'https://cloud.tencent.com/document/product/1729/111007',
};
