// SenseTime SenseNova (商汤日日新), OpenAI-compatible mode.
import { models, type Preset } from './types.js';

export const sensenova: Preset = {
  name: { zh: '商汤 · 日日新 SenseNova', en: 'SenseTime SenseNova' },
  baseUrl: 'https://api.sensenova.cn/compatible-mode/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter', 'sensitive'], messages: /(敏感|违规|sensitive)/i },
  models: { ...models(32_768, 'SenseChat-5', 'SenseChat-Turbo') },
  docs: 'https://platform.sensenova.cn/doc',
};
