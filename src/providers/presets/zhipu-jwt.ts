// Zhipu AI (智谱) with the legacy JWT auth: the same endpoint, models and
// block signals as `zhipu`, the key `id.secret` signed into a short-lived
// HS256 token instead of being sent as it is.
import { createZhipuJwt } from '../native/zhipu-jwt.js';
import type { Preset } from './types.js';
import { zhipu } from './zhipu.js';

export const zhipuJwtPreset: Preset = {
  ...zhipu,
  name: { zh: '智谱 · GLM（JWT 鉴权）', en: 'Zhipu AI (GLM, JWT auth)' },
  docs: 'https://open.bigmodel.cn/dev/api/http-call/http-auth',
  create: (config, { rules }) =>
    createZhipuJwt(config, {
      url: `${(config.baseUrl ?? zhipu.baseUrl!).replace(/\/+$/, '')}/chat/completions`,
      contentFilter: zhipu.contentFilter,
      errorCodes: zhipu.errorCodes,
      streamUsage: zhipu.streamUsage,
      mapBody: zhipu.mapBody,
      rules,
      reasoning: zhipu.reasoning,
    }),
};
