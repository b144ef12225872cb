// A GGUF model in-process via node-llama-cpp on the CPU: for air-gapped
// sites and for checking a local build. One sequence, so concurrency 1.
// Prompts are formatted with the model's own chat template (the GGUF's
// tokenizer.chat_template, or the specialised wrapper node-llama-cpp knows
// for its family), never a generic one that would skew its scores; the
// finish reason is the real one (`length` when maxTokens cut the answer).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { CallContext, ChatRequest, Provider, ProviderResult } from '../types.js';

export interface LocalConfig {
  id: string;
  path?: string;
  model?: string;
  contextSize?: number;
}

/** What formats a local model's prompts: the wrapper node-llama-cpp resolves and the GGUF's own template (hash), if it has one. */
export interface ChatTemplateIdentity {
  wrapper: string;
  templateSha256: string | null;
}

/**
 * A local GGUF model. Reads the file's metadata (not its weights) first, so
 * the provider's identity names the chat template its prompts are formatted
 * with: a different template is a different provider for the response cache
 * and the run record.
 */
export async function createLocalProvider(config: LocalConfig, baseDir: string): Promise<Provider & { chatTemplate: ChatTemplateIdentity }> {
  const modelPath = config.path ? path.resolve(baseDir, config.path) : undefined;
  if (!modelPath || !existsSync(modelPath)) throw new InputError(`local model file not found: ${modelPath ?? '(no path)'}`, { field: 'path' }, 'set "path" to a .gguf file on this machine');
  const chatTemplate = await chatTemplateOf(modelPath);
  let loading: Promise<Loaded> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const load = () => (loading ??= loadModel(modelPath, config.contextSize ?? 2048, chatTemplate));
  return {
    id: config.id,
    model: config.model ?? path.basename(modelPath),
    identity: `local:${path.basename(modelPath)}:chat=${chatTemplate.wrapper}${chatTemplate.templateSha256 ? `:${chatTemplate.templateSha256.slice(0, 16)}` : ''}`,
    chatTemplate,
    complete(req: ChatRequest, ctx: CallContext) {
      // One context sequence: serialise requests.
      const next = queue.then(() => generate(load, req, ctx));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (loading) await (await loading).dispose();
    },
  };
}

/** The GGUF's `tokenizer.chat_template` and the wrapper node-llama-cpp resolves from the metadata (as it does at load). */
async function chatTemplateOf(modelPath: string): Promise<ChatTemplateIdentity> {
  const { readGgufFileInfo, resolveChatWrapper } = await import('node-llama-cpp');
  const fileInfo = await readGgufFileInfo(modelPath, { readTensorInfo: false });
  const template = (fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer?.chat_template;
  const wrapper = resolveChatWrapper({ fileInfo, filename: path.basename(modelPath) });
  return {
    // Without a fallback there is always one; the General wrapper is what loading falls back to.
    wrapper: wrapper?.wrapperName ?? 'General',
    templateSha256: typeof template === 'string' ? createHash('sha256').update(template).digest('hex') : null,
  };
}

interface Loaded {
  llama: any;
  model: any;
  context: any;
  /** The chat wrapper resolved from the model (its template), reused for every prompt. */
  chatWrapper: any;
  dispose(): Promise<void>;
}

async function loadModel(modelPath: string, contextSize: number, expected: ChatTemplateIdentity): Promise<Loaded> {
  const { getLlama, resolveChatWrapper } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as any });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize, sequences: 1 });
  const chatWrapper = resolveChatWrapper(model);
  // The identity promised this wrapper: answers formatted with another would be recorded under the wrong name.
  if (chatWrapper.wrapperName !== expected.wrapper) {
    await Promise.all([context.dispose(), model.dispose()]);
    await llama.dispose();
    throw new Error(`the loaded model formats prompts with ${chatWrapper.wrapperName}, not the ${expected.wrapper} its metadata named`);
  }
  return {
    llama,
    model,
    context,
    chatWrapper,
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

async function generate(load: () => Promise<Loaded>, req: ChatRequest, ctx: CallContext): Promise<ProviderResult> {
  const start = performance.now();
  try {
    const { model, context, chatWrapper } = await load();
    const { LlamaChatSession } = await import('node-llama-cpp');
    const sequence = context.getSequence();
    try {
      const system = req.messages
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n');
      const turns = req.messages.filter((m) => m.role !== 'system');
      const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: system || undefined, chatWrapper });
      const history = session.getChatHistory();
      for (const m of turns.slice(0, -1)) history.push(m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] });
      session.setChatHistory(history);
      let ttft: number | undefined;
      const timeout = AbortSignal.timeout(ctx.timeoutMs);
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
      const { responseText: text, stopReason } = await session.promptWithMeta(turns[turns.length - 1]?.content ?? '', {
        maxTokens: req.maxTokens,
        temperature: req.temperature ?? 0,
        seed: req.seed,
        signal,
        onTextChunk: () => {
          ttft ??= performance.now() - start;
        },
      });
      const totalMs = performance.now() - start;
      const inputTokens = model.tokenize(req.messages.map((m) => m.content).join('\n')).length;
      const outputTokens = model.tokenize(text).length;
      const genMs = ttft !== undefined ? totalMs - ttft : totalMs;
      return {
        status: 'ok',
        text,
        finishReason: localFinishReason(stopReason),
        usage: { inputTokens, outputTokens },
        timing: { totalMs, ttftMs: ttft, tokensPerSecond: genMs > 0 ? (outputTokens / genMs) * 1000 : undefined },
      };
    } finally {
      sequence.dispose();
    }
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError';
    return { status: timedOut ? 'timeout' : 'server_error', text: '', timing: { totalMs: performance.now() - start }, error: { message: e.message } };
  }
}

/** node-llama-cpp's stop reason → the OpenAI finish reason Heng stores. */
export function localFinishReason(stopReason: string): string {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'functionCalls') return 'tool_calls';
  return 'stop'; // eogToken, stopGenerationTrigger, customStopTrigger
}
