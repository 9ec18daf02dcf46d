import type { ChoiceOptions } from "./choice.js";
import { choiceIndices } from "./choice.js";
import { preciseLog } from "./log.js";
import { MT19937 } from "./mt19937.js";
import type { MutableArrayLike, Param, SliceableArray, Size } from "./size.js";
import { sizeOf } from "./size.js";

export type { ChoiceOptions } from "./choice.js";
export type { MutableArrayLike, Param, SliceableArray, Size } from "./size.js";

/**
 * A port of numpy's legacy `np.random.RandomState`: the same integer seed gives bit-for-bit the
 * same numbers as numpy (the "legacy" streams that numpy freezes for backward compatibility, and
 * that scikit-learn's `random_state=` arguments use).
 *
 * Underneath is MT19937: `nextUint32` is one 32-bit word, `nextDouble` is numpy's
 * `random_sample` (53 bits from two words), `nextGauss` is numpy's `legacy_gauss` (the polar
 * Marsaglia method, which caches the second value of each pair). Sampling methods take a `size`
 * (a count or a shape; its product is the number of values) and return a flat typed array in C
 * (row-major) order.
 *
 * ```ts
 * const rs = new RandomState(42);      // np.random.RandomState(42)
 * rs.rand(3);                          // rs.rand(3)  -> Float64Array [0.3745..., 0.9507..., 0.7319...]
 * rs.randint(0, 10, [2, 2]);           // rs.randint(0, 10, size=(2, 2)), flat Int32Array
 * ```
 *
 * A `RandomState` is explicit state: pass it where randomness is needed; there is no global one.
 */
export class RandomState {
  private readonly mt = new MT19937();
  private hasGauss = false;
  private gauss = 0;

  /**
   * `seed`: an integer in [0, 2**32 - 1] (numpy's `init_genrand` seeding), an array of such
   * integers (`init_by_array`), or null/undefined for a fresh, unpredictable state (seeded from
   * `crypto.getRandomValues` where available, else from the clock and `Math.random`).
   */
  constructor(seed?: number | ArrayLike<number> | null) {
    this.seed(seed);
  }

  /** Reseeds in place, like `RandomState.seed(seed)`; clears the cached normal value. */
  seed(seed?: number | ArrayLike<number> | null): void {
    if (seed === undefined || seed === null) {
      this.mt.seedByArray(entropy());
    } else if (typeof seed === "number") {
      checkSeedWord(seed);
      this.mt.seed(seed);
    } else {
      if (seed.length === 0) throw new RangeError("RandomState: Seed must be non-empty");
      for (let i = 0; i < seed.length; i++) checkSeedWord(seed[i]);
      this.mt.seedByArray(seed);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** A copy of the full state, like `get_state()`: the 624-word key, position and gauss cache. */
  getState(): RandomStateSnapshot {
    return {
      key: this.mt.key.slice(),
      pos: this.mt.pos,
      hasGauss: this.hasGauss,
      gauss: this.gauss,
    };
  }

  /** Restores a state from `getState()`, like `set_state(state)`. */
  setState(state: RandomStateSnapshot): void {
    if (state.key.length !== 624) throw new RangeError("setState: key must have 624 words");
    this.mt.key.set(state.key);
    this.mt.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.gauss;
  }

  // ---- scalar draws -------------------------------------------------------------------------

  /** One 32-bit unsigned integer: numpy's `next_uint32`. */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** One double in [0, 1) with 53 random bits: `(a * 2**26 + b) / 2**53`, `a`, `b` 27 and 26 bits. */
  nextDouble(): number {
    return this.mt.nextDouble();
  }

  /**
   * One standard normal value, numpy's `legacy_gauss`. Polar method: draw `x1, x2` uniform in
   * (-1, 1) until `0 < r2 = x1² + x2² < 1`, then `f = sqrt(-2 ln(r2) / r2)`; return `f * x2` and
   * keep `f * x1` for the next call. The log is correctly rounded (`preciseLog`), so values are
   * bit-identical to numpy on glibc except for ~0.1% of pairs where glibc's own `log` is off by
   * one ulp (then they differ by an ulp or two).
   */
  nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.mt.nextDouble() - 1.0;
      x2 = 2.0 * this.mt.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * preciseLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * A uniform integer in [0, max], numpy's `random_interval` (used by `shuffle`): draw words,
   * keep the bits under the smallest all-ones mask >= max, reject values above max. Ranges up to
   * 2**32 - 1 use one 32-bit word a try, larger ones a 64-bit value (high word first).
   * `max` must be a non-negative safe integer.
   */
  randomInterval(max: number): number {
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`randomInterval: max must be a safe integer >= 0, got ${max}`);
    }
    if (max === 0) return 0;
    return max <= 0xffffffff ? this.masked32(max) : this.masked64(max);
  }

  /**
   * One integer in [low, high), like `randint(low, high)` with numpy's default int64 dtype
   * (masked rejection; a range of exactly 2**32 takes one raw word, a range of one takes none).
   */
  integer(low: number, high: number): number {
    const rng = boundedRange("randint", low, high);
    return low + this.boundedDraw(rng);
  }

  private boundedDraw(rng: number): number {
    if (rng === 0) return 0;
    if (rng === 0xffffffff) return this.mt.nextUint32();
    return rng < 0xffffffff ? this.masked32(rng) : this.masked64(rng);
  }

  private masked32(rng: number): number {
    const mask = mask32(rng);
    let v: number;
    do v = (this.mt.nextUint32() & mask) >>> 0;
    while (v > rng);
    return v;
  }

  private masked64(rng: number): number {
    // mask = 2**bits - 1 >= rng, split in high and low words (rng < 2**53, exact in doubles).
    const maskHi = mask32(Math.floor(rng / 0x100000000));
    let v: number;
    do {
      const hi = (this.mt.nextUint32() & maskHi) >>> 0;
      const lo = this.mt.nextUint32();
      v = hi * 0x100000000 + lo;
    } while (v > rng);
    return v;
  }

  // ---- arrays of floats ---------------------------------------------------------------------

  /** `size` doubles in [0, 1): `random_sample(size)` (alias `random`). Default one value. */
  randomSample(size: Size = 1): Float64Array {
    const out = new Float64Array(sizeOf("randomSample", size));
    for (let i = 0; i < out.length; i++) out[i] = this.mt.nextDouble();
    return out;
  }

  /** `rand(d0, d1, ...)`: uniform [0, 1) values of shape `[d0, d1, ...]`, flat. */
  rand(...dims: number[]): Float64Array {
    return this.randomSample(dims.length === 0 ? 1 : dims);
  }

  /**
   * Uniform on [low, high): `low + (high - low) * u`, like `uniform(low=0.0, high=1.0, size)`.
   * Throws, as numpy, when `high - low` is not finite.
   */
  uniform(low = 0.0, high = 1.0, size: Size = 1): Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError("uniform: Range exceeds valid bounds");
    const out = new Float64Array(sizeOf("uniform", size));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.mt.nextDouble();
    return out;
  }

  /** Standard normal values, `standard_normal(size)`, by `nextGauss` (legacy polar method). */
  standardNormal(size: Size = 1): Float64Array {
    const out = new Float64Array(sizeOf("standardNormal", size));
    for (let i = 0; i < out.length; i++) out[i] = this.nextGauss();
    return out;
  }

  /** `randn(d0, d1, ...)`: standard normal values of shape `[d0, d1, ...]`, flat. */
  randn(...dims: number[]): Float64Array {
    return this.standardNormal(dims.length === 0 ? 1 : dims);
  }

  /**
   * Normal values `loc + scale * g` (g from `nextGauss`), like `normal(loc=0.0, scale=1.0, size)`.
   * `loc` and `scale` are numbers or 1-D arrays broadcast, numpy-style, along the last axis of
   * `size` (length 1 or that axis' length): `normal(centers[i], std, [n, nFeatures])` draws row
   * by row. Without `size`, the output has the arrays' length (1 for scalars).
   */
  normal(loc: Param = 0.0, scale: Param = 1.0, size?: Size): Float64Array {
    const locs = typeof loc === "number" ? [loc] : loc;
    const scales = typeof scale === "number" ? [scale] : scale;
    for (let i = 0; i < scales.length; i++) {
      if (!(scales[i] >= 0)) throw new RangeError(`normal: scale < 0 (got ${scales[i]})`);
    }
    const n = size === undefined ? Math.max(locs.length, scales.length) : sizeOf("normal", size);
    const last = size === undefined ? n : typeof size === "number" ? size : (size.at(-1) ?? 1);
    for (const [name, p] of [
      ["loc", locs],
      ["scale", scales],
    ] as const) {
      if (p.length !== 1 && p.length !== last) {
        throw new RangeError(
          `normal: ${name} of length ${p.length} does not broadcast to size ${JSON.stringify(size ?? n)}`,
        );
      }
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = last === 0 ? 0 : i % last;
      const l = locs.length === 1 ? locs[0] : locs[c];
      const s = scales.length === 1 ? scales[0] : scales[c];
      out[i] = l + s * this.nextGauss();
    }
    return out;
  }

  // ---- arrays of integers -------------------------------------------------------------------

  /**
   * Uniform integers in [low, high) (or [0, low) when `high` is omitted), like numpy's legacy
   * `randint(low, high=None, size)` with its default int64 dtype: masked rejection sampling with
   * 32-bit draws when `high - low - 1 < 2**32`, 64-bit draws otherwise. Values must fit in int32
   * here; use `randintFloat64` for wider ranges.
   */
  randint(low: number, high?: number | null, size: Size = 1): Int32Array {
    const [lo, hi] = high === undefined || high === null ? [0, low] : [low, high];
    if (lo < -0x80000000 || hi - 1 > 0x7fffffff) {
      throw new RangeError(`randint: [${lo}, ${hi}) does not fit in int32; use randintFloat64`);
    }
    return Int32Array.from(this.randintFloat64(lo, hi, size));
  }

  /** `randint` for any range of safe integers (|values| < 2**53), returned as exact doubles. */
  randintFloat64(low: number, high?: number | null, size: Size = 1): Float64Array {
    const [lo, hi] = high === undefined || high === null ? [0, low] : [low, high];
    const rng = boundedRange("randint", lo, hi);
    const out = new Float64Array(sizeOf("randint", size));
    for (let i = 0; i < out.length; i++) out[i] = lo + this.boundedDraw(rng);
    return out;
  }

  /**
   * Shuffles `x` in place along its first axis and returns it, like `shuffle(x)`: Fisher-Yates
   * from the end, `for i = n-1 .. 1: j = randomInterval(i); swap rows i and j`. A row is
   * `rowSize` consecutive elements (`x.shape[1:]`'s product for an n-D array; 1 for 1-D).
   */
  shuffle<A extends MutableArrayLike>(x: A, rowSize = 1): A {
    if (!Number.isInteger(rowSize) || rowSize < 1 || x.length % rowSize !== 0) {
      throw new RangeError(`shuffle: length ${x.length} is not a multiple of rowSize ${rowSize}`);
    }
    const n = x.length / rowSize;
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      if (j === i) continue;
      for (let k = 0; k < rowSize; k++) {
        const t = x[i * rowSize + k];
        x[i * rowSize + k] = x[j * rowSize + k];
        x[j * rowSize + k] = t;
      }
    }
    return x;
  }

  /**
   * `permutation(n)`: a shuffled `[0, 1, ..., n-1]`. `permutation(x, rowSize)`: a shuffled copy
   * of `x` (rows of `rowSize` elements), `x` untouched. Same draws as `shuffle`.
   */
  permutation(n: number): Int32Array;
  permutation<A extends SliceableArray>(x: A, rowSize?: number): A;
  permutation(x: number | SliceableArray, rowSize = 1): Int32Array | SliceableArray {
    if (typeof x === "number") {
      const n = sizeOf("permutation", x);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      return this.shuffle(out);
    }
    return this.shuffle(x.slice() as SliceableArray, rowSize);
  }

  /**
   * Random samples from `a`, like `choice(a, size, replace=True, p=None)`: with a number `a`,
   * indices in [0, a); with an array, its values. See `choiceIndices` for the four algorithms.
   */
  choice(a: number, size?: Size, options?: ChoiceOptions): Int32Array;
  choice(a: ArrayLike<number>, size?: Size, options?: ChoiceOptions): Float64Array;
  choice(
    a: number | ArrayLike<number>,
    size: Size = 1,
    options: ChoiceOptions = {},
  ): Int32Array | Float64Array {
    const idx = choiceIndices(this, a, size, options);
    if (typeof a === "number") return idx;
    return Float64Array.from(idx, (i) => a[i]);
  }
}

/** What `getState` returns: MT19937's key and position, and the cached normal value. */
export interface RandomStateSnapshot {
  key: Uint32Array;
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

/**
 * scikit-learn's `check_random_state`: a `RandomState` passes through (draws advance it), a
 * number seeds a new one, and null/undefined gives a fresh unseeded state. (sklearn returns
 * numpy's global singleton for None; descent keeps no global state, so each call is independent.)
 */
export function checkRandomState(seed?: number | RandomState | null): RandomState {
  if (seed === undefined || seed === null) return new RandomState();
  if (seed instanceof RandomState) return seed;
  if (typeof seed === "number" && Number.isInteger(seed)) return new RandomState(seed);
  throw new TypeError(`${String(seed)} cannot be used to seed a RandomState instance`);
}

/** The smallest all-ones 32-bit mask >= x (numpy's `gen_mask`, low word). */
function mask32(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/** `high - 1 - low` for randint on [low, high), with numpy's errors. */
function boundedRange(op: string, low: number, high: number): number {
  // The values low .. high - 1 must be safe integers (|v| < 2**53), exact in doubles.
  if (!Number.isSafeInteger(low) || !Number.isInteger(high) || !Number.isSafeInteger(high - 1)) {
    throw new RangeError(`${op}: low and high - 1 must be safe integers, got ${low} and ${high}`);
  }
  if (low >= high) throw new RangeError(`${op}: ${low === 0 ? "high <= 0" : "low >= high"}`);
  const rng = high - 1 - low;
  if (rng > Number.MAX_SAFE_INTEGER) throw new RangeError(`${op}: range exceeds 2**53`);
  return rng;
}

function checkSeedWord(s: number): void {
  if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
    throw new RangeError(`RandomState: Seed must be between 0 and 2**32 - 1, got ${s}`);
  }
}

/** Four unpredictable 32-bit words for an unseeded state. */
function entropy(): Uint32Array {
  const words = new Uint32Array(4);
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): unknown } }).crypto;
  if (c?.getRandomValues) {
    c.getRandomValues(words);
  } else {
    const t = Date.now();
    words[0] = t >>> 0;
    words[1] = Math.floor(t / 0x100000000) >>> 0;
    words[2] = (Math.random() * 0x100000000) >>> 0;
    words[3] = (Math.random() * 0x100000000) >>> 0;
  }
  return words;
}
