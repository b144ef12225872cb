// Seeded pseudo-random numbers for every resampling in Heng. Statistics must
// be reproducible: the same seed gives the same bootstrap, so a report can be
// regenerated bit for bit. Nothing statistical uses Math.random.
//
// Generator: xoshiro128** (Blackman & Vigna 2018), 128-bit state, seeded by
// running splitmix32 over the 32-bit seed so that nearby seeds (0, 1, 2, …)
// still give unrelated streams.

export type Seed = number | string;

const TWO_POW_32 = 4294967296;

/** FNV-1a over the UTF-8 bytes: a stable 32-bit number for a string seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Folds any seed into 32 bits: strings are hashed, integers keep all 53 bits. */
function seedTo32(seed: Seed): number {
  if (typeof seed === 'string') return hashSeed(seed);
  if (!Number.isSafeInteger(seed)) return hashSeed(String(seed));
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b9)) >>> 0;
}

/** splitmix32: only used to spread the seed over the 128-bit state. */
function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    const mix = splitmix32(seedTo32(seed));
    this.s0 = mix();
    this.s1 = mix();
    this.s2 = mix();
    this.s3 = mix();
    // An all-zero state would emit zeros forever; splitmix cannot give four
    // zeros in a row, but guard anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, bound), exactly unbiased (rejection sampling). */
  int(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > TWO_POW_32) {
      throw new RangeError(`Rng.int: bound must be an integer in [1, 2^32], got ${bound}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return draw % bound;
  }
}

export function createRng(seed: Seed): Rng {
  return new Rng(seed);
}

/** Fisher–Yates shuffle into a new array; the input is left untouched. */
export function shuffled<T>(values: readonly T[], rng: Rng): T[] {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
