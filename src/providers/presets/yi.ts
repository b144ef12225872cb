// 01.AI (零一万物) Yi.
import { models, type Preset } from './types.js';

export const yi: Preset = {
  name: { zh: '零一万物 · Yi', en: '01.AI (Yi)' },
  baseUrl: 'https://api.lingyiwanwu.com/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter'] },
  models: { ...models(16_384, 'yi-lightning', 'yi-large') },
  docs: 'https://platform.lingyiwanwu.com/docs/api-reference',
};
