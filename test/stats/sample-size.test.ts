import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../src/stats/normal.js';
import { sampleSizePaired, sampleSizeUnpaired } from '../../src/stats/sample-size.js';

describe('normal distribution', () => {
  it('matches standard values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-5)).toBeCloseTo(2.866515718791939e-7, 18);
  });
});

describe('sample size', () => {
  it('unpaired: 0.80 vs 0.85 needs 906 items per provider at α 0.05, power 0.8', () => {
    // (1.95996·√(2·0.825·0.175) + 0.84162·√(0.16 + 0.1275))² / 0.05² = 905.4
    expect(sampleSizeUnpaired(0.8, 0.85)).toBe(906);
    expect(sampleSizeUnpaired(0.85, 0.8)).toBe(906);
  });

  it('paired: discordance 0.2 needs 626 items', () => {
    // (1.95996·√0.2 + 0.84162·√(0.2 − 0.0025))² / 0.0025 = 625.5
    expect(sampleSizePaired(0.8, 0.85, 0.2)).toBe(626);
  });

  it('behaves sensibly', () => {
    const base = sampleSizeUnpaired(0.8, 0.85);
    expect(sampleSizeUnpaired(0.8, 0.9)).toBeLessThan(base); // bigger margin, fewer items
    expect(sampleSizeUnpaired(0.8, 0.85, { power: 0.9 })).toBeGreaterThan(base);
    expect(sampleSizeUnpaired(0.8, 0.85, { alpha: 0.01 })).toBeGreaterThan(base);
    // Pairing with few disagreements is far cheaper than independent samples.
    expect(sampleSizePaired(0.8, 0.85, 0.1)).toBeLessThan(sampleSizePaired(0.8, 0.85, 0.3));
    expect(sampleSizePaired(0.8, 0.85, 0.1)).toBeLessThan(base);
    expect(() => sampleSizePaired(0.8, 0.85, 0.01)).toThrow(RangeError);
    expect(() => sampleSizeUnpaired(0.8, 0.8)).toThrow(RangeError);
  });
});
