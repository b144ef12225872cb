import { describe, expect, it } from 'vitest';
import type { Price } from '../../src/providers/config.js';
import { costCny, PRICES, priceFor, USD_CNY } from '../../src/providers/prices.js';

const price: Price = { inputPerMillion: 4, outputPerMillion: 16, cachedInputPerMillion: 1, currency: 'CNY', date: '2025-06', source: 'test' };

describe('costCny', () => {
  it('bills fresh input, cached input at the cached price, and output (reasoning included) — by hand', () => {
    // 1,000,000 input of which 200,000 cached; 500,000 output of which 300,000 reasoning.
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 200_000, outputTokens: 500_000, reasoningTokens: 300_000 };
    expect(costCny(usage, price)).toBeCloseTo(800_000 * 4e-6 + 200_000 * 1e-6 + 500_000 * 16e-6, 10); // 3.2 + 0.2 + 8 = 11.4
    expect(costCny(usage, price)).toBeCloseTo(11.4, 10);
  });

  it('cached tokens cost the normal input price when the vendor has no cached price', () => {
    const { cachedInputPerMillion: _drop, ...noCache } = price;
    expect(costCny({ inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 0 }, noCache)).toBeCloseTo(0.004, 10);
  });

  it('unknown price → undefined, never 0', () => {
    expect(costCny({ inputTokens: 10, outputTokens: 10 }, undefined)).toBeUndefined();
    expect(costCny({ inputTokens: 10, outputTokens: 10 }, priceFor('vllm', 'my-model'))).toBeUndefined();
  });

  it('a free model really costs 0', () => {
    expect(costCny({ inputTokens: 10, outputTokens: 10 }, priceFor('zhipu', 'glm-4-flash'))).toBe(0);
  });
});

describe('priceFor', () => {
  it('the config override wins over the table; unknown preset or model → undefined', () => {
    expect(priceFor('deepseek', 'deepseek-chat', price)).toBe(price);
    expect(priceFor('deepseek', 'deepseek-chat')).toMatchObject({ currency: 'CNY', inputPerMillion: 2, outputPerMillion: 3, cachedInputPerMillion: 0.2 });
    expect(priceFor('nope', 'x')).toBeUndefined();
    expect(priceFor('deepseek', 'nope')).toBeUndefined();
  });

  it('every entry is dated, sourced, in CNY; USD entries say the rate they used', () => {
    for (const [preset, models] of Object.entries(PRICES)) {
      for (const [model, p] of Object.entries(models)) {
        expect(p.currency, `${preset}/${model}`).toBe('CNY');
        expect(p.date).toMatch(/^\d{4}-\d{2}/);
        expect(p.source).toMatch(/^https:\/\//);
      }
    }
    expect(priceFor('openai', 'gpt-4o')!.inputPerMillion).toBeCloseTo(2.5 * USD_CNY, 10);
    expect(priceFor('openai', 'gpt-4o')!.source).toContain(`USD × ${USD_CNY}`);
  });
});

describe('price coverage', () => {
  it('every model of every preset has a dated price, or its preset says since when it is unknown and where to read it', async () => {
    const { presets } = await import('../../src/providers/presets/index.js');
    const { UNPRICED } = await import('../../src/providers/prices.js');
    const missing: string[] = [];
    for (const [id, preset] of Object.entries(presets)) {
      for (const model of Object.keys(preset.models)) {
        if (priceFor(id, model)) continue;
        const gap = UNPRICED[id];
        if (!gap || !/^\d{4}-\d{2}/.test(gap.date) || !/^https:\/\//.test(gap.source)) missing.push(`${id}/${model}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('Anthropic and Gemini are converted from USD at the stated rate', () => {
    expect(priceFor('anthropic', 'claude-sonnet-4-5')).toMatchObject({ inputPerMillion: 3 * USD_CNY, outputPerMillion: 15 * USD_CNY, cachedInputPerMillion: 0.3 * USD_CNY });
    expect(priceFor('gemini', 'gemini-2.5-pro')!.source).toMatch(/ai\.google\.dev.*USD × 7\.2, rate of \d{4}-\d{2}/);
    // 1M input + 1M output on Haiku 4.5: $1 + $5 = $6.
    expect(costCny({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, priceFor('anthropic', 'claude-haiku-4-5'))).toBeCloseTo(6 * USD_CNY, 10);
  });
});
