// Volcengine Ark (火山方舟) / Doubao. `model` is a versioned model id
// (doubao-seed-1-6-250615: name + release date) or an endpoint id (ep-…);
// bare aliases (doubao-pro-32k) are what third-party proxies accept, and
// Ark answers them with InvalidEndpointOrModel.NotFound
// (https://www.volcengine.com/docs/82379/1299023). Blocks: HTTP 400 with SensitiveContentDetected* / *SensitiveContentDetected
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
  // Versioned ids (name + release date) as Ark serves them; Seed 2.0's dated ids were not found in a source we could read.
  models: {
    ...models(32_768, 'doubao-1-5-pro-32k-250115', 'doubao-1-5-lite-32k-250115'),
    ...models(262_144, 'doubao-1-5-pro-256k-250115', 'doubao-seed-1-6-250615', 'doubao-seed-1-6-251015', 'doubao-seed-1-6-flash-250828', 'doubao-seed-1-6-lite-251015', 'doubao-seed-1-8-251228'),
  },
  reasoning: 'thinking-type',
  modelWarning: (model) =>
    /^ep-/.test(model) || /-\d{6}$/.test(model)
      ? undefined
      : {
          zh: `方舟要求带版本号的模型 ID（如 doubao-seed-1-6-250615）或推理接入点 ID（ep-…）；"${model}" 可能被拒绝`,
          en: `Ark expects a versioned model id (e.g. doubao-seed-1-6-250615) or an endpoint id (ep-…); "${model}" will likely be refused`,
        },
  docs: 'https://www.volcengine.com/docs/82379/1299023',
};
