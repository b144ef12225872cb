// StepFun (阶跃星辰) Step.
import { models, type Preset } from './types.js';

export const stepfun: Preset = {
  name: { zh: '阶跃星辰 · Step', en: 'StepFun (Step)' },
  baseUrl: 'https://api.stepfun.com/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter'], messages: /(敏感|违规|content filter|sensitive)/i },
  models: { ...models(8_000, 'step-1-8k'), ...models(32_000, 'step-1-32k'), ...models(16_000, 'step-2-16k') },
  docs: 'https://platform.stepfun.com/docs/api-reference/chat/chat-completion-create',
};
