import { MT19937 } from "./mt19937.js";

/**
 * A seeded source of random numbers for tensor creation and initialisation, like
 * `torch.Generator`. Pass one explicitly (`{ generator }`) for reproducible, independent streams;
 * functions that take none use the default generator, which `manualSeed` reseeds.
 *
 * The streams are descent's own (MT19937 underneath): the same seed gives the same numbers in
 * Node and the browser, but not the same numbers as PyTorch's generator.
 */
export class Generator {
  private mt: MT19937;
  private spare: number | null = null;
  private seedValue: number;

  constructor(seed = 0) {
    this.seedValue = checkSeed(seed);
    this.mt = new MT19937(this.seedValue);
  }

  /** Reseeds this generator; returns it, like `torch.Generator.manual_seed`. */
  manualSeed(seed: number): this {
    this.seedValue = checkSeed(seed);
    this.mt.seed(this.seedValue);
    this.spare = null;
    return this;
  }

  /** The seed this generator was last seeded with (`torch.Generator.initial_seed`). */
  initialSeed(): number {
    return this.seedValue;
  }

  /** Uniform double in [0, 1). */
  random(): number {
    return this.mt.nextDouble();
  }

  /** Uniform float32-representable value in [0, 1): 24 random bits, so it never rounds up to 1. */
  randomFloat32(): number {
    return (this.mt.nextUint32() >>> 8) / 16777216;
  }

  /** Standard normal, by the Box-Muller transform (two draws per pair of values). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = this.mt.nextDouble();
    while (u === 0) u = this.mt.nextDouble();
    const v = this.mt.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [low, high), without modulo bias. */
  integer(low: number, high: number): number {
    const range = high - low;
    if (range <= 0) throw new RangeError(`randint: low (${low}) must be less than high (${high})`);
    if (range <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % range);
      let x = this.mt.nextUint32();
      while (x >= limit) x = this.mt.nextUint32();
      return low + (x % range);
    }
    return low + Math.floor(this.mt.nextDouble() * range);
  }
}

function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`manualSeed: seed must be an integer in [0, 2**32 - 1], got ${seed}`);
  }
  return seed;
}

/** The generator used when none is passed. */
export const defaultGenerator = new Generator(0);

/** Reseeds the default generator, like `torch.manual_seed`. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
