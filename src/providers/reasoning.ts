// `reasoning:` on a provider entry (on/off, effort, budget tokens) → the
// fields each vendor documents for it. One style per preset (preset data);
// a preset without a documented switch refuses the setting with a clear
// error rather than ignoring it.
import { InputError } from '../errors.js';

export interface ReasoningConfig {
  /** Thinking on or off (models that can switch). */
  enabled?: boolean;
  /** OpenAI-style effort; Gemini 3 thinking level. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Thinking budget in tokens (Anthropic, Gemini 2.5, Qwen3). */
  budgetTokens?: number;
}

/**
 * How a vendor switches reasoning on the OpenAI wire:
 * - `openai`: `reasoning_effort` (https://platform.openai.com/docs/api-reference/chat/create)
 * - `qwen`: `enable_thinking` + `thinking_budget` (https://help.aliyun.com/zh/model-studio/deep-thinking)
 * - `thinking-type`: `thinking: {type: enabled|disabled}` (Zhipu GLM-4.5+, Ark Doubao seed, Moonshot kimi-k2.5+:
 *   https://platform.kimi.ai/docs/api/models-overview ; Zhipu and Ark: their chat API pages, the presets' `docs`)
 * Native protocols map it themselves (Anthropic `thinking`, Gemini `thinkingConfig`).
 */
export type ReasoningStyle = 'openai' | 'qwen' | 'thinking-type';

/** Body fields for `reasoning:` in a style, or an InputError when the preset has no documented switch. */
export function reasoningFields(style: ReasoningStyle | undefined, r: ReasoningConfig | undefined, preset: string | undefined): Record<string, unknown> {
  if (!r) return {};
  switch (style) {
    case 'openai': {
      const effort = r.effort ?? (r.enabled === false ? 'minimal' : undefined);
      return effort ? { reasoning_effort: effort } : {};
    }
    case 'qwen':
      return { enable_thinking: r.enabled ?? true, ...(r.budgetTokens !== undefined ? { thinking_budget: r.budgetTokens } : {}) };
    case 'thinking-type':
      return { thinking: { type: r.enabled === false ? 'disabled' : 'enabled' } };
    default:
      throw new InputError(
        `preset "${preset ?? '(none)'}" has no documented reasoning switch`,
        { field: 'reasoning' },
        'choose the vendor\'s thinking model id instead, or send the vendor\'s own field through "params"',
      );
  }
}
