// iFlytek Spark (讯飞星火) WebSocket API with the HMAC-SHA256-signed URL:
// apiKey = APIKey, secretKey = APISecret, appId = APPID; `model` is the
// domain (lite, generalv3, pro-128k, generalv3.5, max-32k, 4.0Ultra), whose
// path is known (or set `wsPath:`). Blocks: header.code 10013 (input failed
// review), 10014 (output failed review), 10019 (tends to violations),
// 10021 (input review failed).
import { createSparkWs, SPARK_WS_BASE_URL } from '../native/spark-ws.js';
import { models, type Preset } from './types.js';

export const sparkWs: Preset = {
  name: { zh: '讯飞星火（WebSocket，HMAC 签名）', en: 'iFlytek Spark (WebSocket, HMAC-signed URL)' },
  baseUrl: SPARK_WS_BASE_URL,
  contentFilter: { codes: ['10013', '10014', '10019', '10021'] },
  errorCodes: {
    '11200': 'auth',
    '10015': 'auth',
    '10016': 'auth',
    '11201': 'rate_limited',
    '11202': 'rate_limited',
    '11203': 'rate_limited',
    '10006': 'rate_limited',
    '10007': 'rate_limited',
    '10110': 'rate_limited',
    '10003': 'bad_request',
    '10004': 'bad_request',
    '10005': 'bad_request',
    '10163': 'bad_request',
    '10907': 'bad_request',
  },
  models: { ...models(8_192, 'lite', 'generalv3', 'generalv3.5', '4.0Ultra'), ...models(131_072, 'pro-128k'), ...models(32_768, 'max-32k') },
  docs: 'https://www.xfyun.cn/doc/spark/Web.html',
  create: (config, { rules }) => createSparkWs(config, { signals: sparkWs.contentFilter, codeMap: sparkWs.errorCodes, rules }),
};
