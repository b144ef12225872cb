// Volcengine Ark (火山方舟) / Doubao. `model` is a model id or an endpoint id
// (ep-…). Blocks: HTTP 400 with SensitiveContentDetected* / *SensitiveContentDetected
// / *RiskDetection codes.
import { models, type Preset } from './types.js';

export const ark: Preset = {
  name: { zh: '火山方舟 · 豆包', en: 'Volcengine Ark (Doubao)' },
  baseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
  contentFilter: {
    codes: ['SensitiveContentDetected', 'InputTextSensitiveContentDetected', 'OutputTextSensitiveContentDetected', 'InputTextRiskDetection', 'OutputTextRiskDetection'],
    codeMatch: /SensitiveContentDetected|TextRiskDetection/,
    finishReasons: ['content_filter'],
  },
  errorCodes: {
    AuthenticationError: 'auth',
    AccountOverdueError: 'auth',
    AccessDenied: 'auth',
    RateLimitExceeded: 'rate_limited',
    'RateLimitExceeded.EndpointRPMExceeded': 'rate_limited',
    'RateLimitExceeded.EndpointTPMExceeded': 'rate_limited',
    ServerOverloaded: 'rate_limited',
    InvalidEndpointOrModel: 'bad_request',
    'InvalidEndpointOrModel.NotFound': 'bad_request',
  },
  rateLimit: { rpm: 1000 },
  models: { ...models(32_768, 'doubao-pro-32k', 'doubao-lite-32k'), ...models(262_144, 'doubao-1.5-pro-256k', 'doubao-seed-1-6-250615') },
  docs: 'https://www.volcengine.com/docs/82379/1299023',
};
