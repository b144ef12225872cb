// 360 智脑 (360GPT).
import { models, type Preset } from './types.js';

export const ai360: Preset = {
  name: { zh: '360 智脑', en: '360 AI Brain (360GPT)' },
  baseUrl: 'https://api.360.cn/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter', 'sensitive'], messages: /(敏感|违规|sensitive)/i },
  models: { ...models(8_000, '360gpt-pro', '360gpt-turbo'), ...models(32_000, '360gpt2-pro') },
  docs: 'https://ai.360.com/platform/docs/overview',
};
