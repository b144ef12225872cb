// iFlytek Spark (讯飞星火) HTTP API, OpenAI-compatible, APIPassword as Bearer.
// Errors (HTTP 200 included) carry a numeric `code`: 10013 input and 10014
// output failed content review, 10019 the conversation tends to violations.
// (The WebSocket API is the `spark-ws` preset.)
import { models, type Preset } from './types.js';

export const spark: Preset = {
  name: { zh: '讯飞星火（HTTP）', en: 'iFlytek Spark (HTTP)' },
  baseUrl: 'https://spark-api-open.xf-yun.com/v1',
  contentFilter: { codes: ['10013', '10014', '10019'], finishReasons: ['content_filter'] },
  errorCodes: { '11200': 'auth', '11201': 'rate_limited', '11202': 'rate_limited', '11203': 'rate_limited' },
  models: { ...models(8_192, 'lite', 'generalv3', 'generalv3.5', '4.0Ultra'), ...models(131_072, 'pro-128k'), ...models(32_768, 'max-32k') },
  docs: 'https://www.xfyun.cn/doc/spark/HTTP%E8%B0%83%E7%94%A8%E6%96%87%E6%A1%A3.html',
};
