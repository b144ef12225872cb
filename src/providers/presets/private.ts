// Private deployments speaking the OpenAI wire format: no key needed, no
// vendor content filter (a block there is the deployment's own guard).
import { type Preset } from './types.js';

const none = { codes: ['content_filter'], finishReasons: ['content_filter'] };

export const vllm: Preset = {
  name: { zh: 'vLLM 私有部署', en: 'vLLM (private deployment)' },
  contentFilter: none,
  models: {},
  keyless: true,
  docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
};

export const ollama: Preset = {
  name: { zh: 'Ollama 私有部署', en: 'Ollama (private deployment)' },
  baseUrl: 'http://127.0.0.1:11434/v1',
  contentFilter: none,
  models: {},
  keyless: true,
  docs: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
};

export const llamaCpp: Preset = {
  name: { zh: 'llama.cpp server 私有部署', en: 'llama.cpp server (private deployment)' },
  baseUrl: 'http://127.0.0.1:8080/v1',
  contentFilter: none,
  models: {},
  keyless: true,
  docs: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
};

export const openaiCompatible: Preset = {
  name: { zh: '通用 OpenAI 兼容接口', en: 'Generic OpenAI-compatible endpoint' },
  contentFilter: { codes: ['content_filter', 'data_inspection_failed', 'DataInspectionFailed', 'sensitive'], finishReasons: ['content_filter', 'sensitive'] },
  models: {},
  docs: 'https://platform.openai.com/docs/api-reference/chat',
};
