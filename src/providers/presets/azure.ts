// Azure OpenAI. `baseUrl` is the resource endpoint (https://<name>.openai.azure.com),
// `model` names the deployment, the key goes in the `api-key` header and
// `apiVersion` (default below) in the query. Blocks: finish_reason
// `content_filter`, or HTTP 400 with code `content_filter` (inner code
// ResponsibleAIPolicyViolation).
import type { ProviderConfig } from '../config.js';
import { OPENAI_REASONING_RULES } from './openai.js';
import { models, type Preset } from './types.js';

export const AZURE_API_VERSION = '2024-10-21';

export const azure: Preset = {
  name: { zh: 'Azure OpenAI（微软）', en: 'Azure OpenAI' },
  url: (c: ProviderConfig) =>
    `${(c.baseUrl ?? '').replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(c.model)}/chat/completions?api-version=${encodeURIComponent(String(c.apiVersion ?? AZURE_API_VERSION))}`,
  auth: (c: ProviderConfig): Record<string, string> => (c.apiKey ? { 'api-key': c.apiKey } : {}),
  contentFilter: { codes: ['content_filter', 'ResponsibleAIPolicyViolation'], finishReasons: ['content_filter'] },
  errorCodes: { '401': 'auth', DeploymentNotFound: 'bad_request' },
  models: { ...models(128_000, 'gpt-4o', 'gpt-4o-mini'), ...models(1_047_576, 'gpt-4.1') },
  // Reasoning deployments: https://learn.microsoft.com/azure/ai-foundry/openai/how-to/reasoning (same rules as OpenAI's).
  rules: [{ ...OPENAI_REASONING_RULES, source: 'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/reasoning' }],
  reasoning: 'openai',
  docs: 'https://learn.microsoft.com/azure/ai-foundry/openai/reference',
};
