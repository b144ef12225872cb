import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createLocalProvider, localFinishReason } from '../../src/providers/local.js';

describe('local GGUF provider', () => {
  it('names the missing model file clearly', async () => {
    let err: unknown;
    try {
      await createLocalProvider({ id: 'tiny', path: 'models/absent.gguf' }, '/nonexistent');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/local model file not found: \/nonexistent\/models\/absent\.gguf/);
    expect((err as Error).message).toMatch(/hint: set "path" to a \.gguf file/);
  });

  it('maps node-llama-cpp stop reasons: maxTokens → length, the end-of-generation token → stop', () => {
    expect(localFinishReason('maxTokens')).toBe('length');
    expect(localFinishReason('eogToken')).toBe('stop');
    expect(localFinishReason('stopGenerationTrigger')).toBe('stop');
    expect(localFinishReason('functionCalls')).toBe('tool_calls');
  });
});
