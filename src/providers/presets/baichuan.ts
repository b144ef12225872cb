// Baichuan (百川智能).
import { models, type Preset } from './types.js';

export const baichuan: Preset = {
  name: { zh: '百川智能', en: 'Baichuan' },
  baseUrl: 'https://api.baichuan-ai.com/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter', 'sensitive'], messages: /(敏感|违规|sensitive)/i },
  models: { ...models(32_768, 'Baichuan4', 'Baichuan4-Turbo', 'Baichuan4-Air', 'Baichuan3-Turbo') },
  docs: 'https://platform.baichuan-ai.com/docs/api',
};
