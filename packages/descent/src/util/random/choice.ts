import type { Size } from "./size.js";
import { sizeOf } from "./size.js";

/** The draws `choiceIndices` needs (a `RandomState`; an interface to keep imports one-way). */
export interface ChoiceSource {
  randomSample(size: Size): Float64Array;
  randintFloat64(low: number, high: number, size: Size): Float64Array;
  permutation(n: number): Int32Array;
}

/** Options of `RandomState.choice`, numpy's `replace=True, p=None`. */
export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  replace?: boolean;
  /** Probabilities of each entry (must sum to 1 within sqrt(eps)); default uniform. */
  p?: ArrayLike<number> | null;
}

/**
 * numpy's legacy `RandomState.choice(a, size, replace, p)`, returning indices into the population
 * (the caller maps them to values). The four paths and their draws:
 * - replace, no p: `randint(0, n, size)`;
 * - replace, p: `cdf = cumsum(p) / cdf[-1]`, `u = random_sample(size)`,
 *   index = `searchsorted(cdf, u, side="right")`;
 * - no replace, no p: the first `size` entries of `permutation(n)`;
 * - no replace, p: repeat { draw `rand(size - found)`, zero the found entries of p, map through
 *   the cdf, keep new distinct indices in order of first appearance } until `size` are found.
 */
export function choiceIndices(
  rs: ChoiceSource,
  a: number | ArrayLike<number>,
  size: Size,
  { replace = true, p = null }: ChoiceOptions,
): Int32Array {
  const n = sizeOf("choice", size);
  let popSize: number;
  if (typeof a === "number") {
    if (!Number.isInteger(a)) throw new RangeError("choice: a must be 1-dimensional or an integer");
    popSize = a;
    if (popSize <= 0 && n !== 0) {
      throw new RangeError("choice: a must be greater than 0 unless no samples are taken");
    }
  } else {
    popSize = a.length;
    if (popSize === 0 && n !== 0) {
      throw new RangeError("choice: 'a' cannot be empty unless no samples are taken");
    }
  }
  const probs = p === null ? null : checkProbabilities(p, popSize);
  const out = new Int32Array(n);
  if (replace) {
    if (probs) {
      const cdf = normalisedCdf(probs);
      const u = rs.randomSample(n);
      for (let i = 0; i < n; i++) out[i] = searchsortedRight(cdf, u[i]);
    } else {
      const idx = rs.randintFloat64(0, popSize, n);
      for (let i = 0; i < n; i++) out[i] = idx[i];
    }
    return out;
  }
  if (n > popSize) {
    throw new RangeError(
      "choice: Cannot take a larger sample than population when 'replace=False'",
    );
  }
  if (!probs) return rs.permutation(popSize).slice(0, n);
  let nonZero = 0;
  for (let i = 0; i < popSize; i++) if (probs[i] > 0) nonZero++;
  if (nonZero < n) throw new RangeError("choice: Fewer non-zero entries in p than size");
  const q = Float64Array.from(probs);
  let found = 0;
  while (found < n) {
    const x = rs.randomSample(n - found);
    for (let i = 0; i < found; i++) q[out[i]] = 0;
    const cdf = normalisedCdf(q);
    const seen = new Set<number>();
    for (let i = 0; i < x.length; i++) {
      const k = searchsortedRight(cdf, x[i]);
      if (!seen.has(k)) {
        seen.add(k);
        out[found + seen.size - 1] = k;
      }
    }
    found += seen.size;
  }
  return out;
}

/** numpy's checks on p: 1-D of the population's size, no NaN, non-negative, Kahan sum 1 ± sqrt(eps). */
function checkProbabilities(p: ArrayLike<number>, popSize: number): Float64Array {
  if (p.length !== popSize) throw new RangeError("choice: 'a' and 'p' must have same size");
  const q = Float64Array.from(p);
  // Kahan (compensated) summation, as numpy's kahan_sum.
  let sum = q.length > 0 ? q[0] : 0;
  let c = 0;
  for (let i = 1; i < q.length; i++) {
    const y = q[i] - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  if (Number.isNaN(sum)) throw new RangeError("choice: probabilities contain NaN");
  if (q.some((v) => v < 0)) throw new RangeError("choice: probabilities are not non-negative");
  if (Math.abs(sum - 1) > Math.sqrt(Number.EPSILON)) {
    throw new RangeError("choice: probabilities do not sum to 1");
  }
  return q;
}

/** `cdf = cumsum(p); cdf /= cdf[-1]` (sequential sums, as numpy's add.accumulate). */
function normalisedCdf(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
  const total = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= total;
  return cdf;
}

/** The number of entries of sorted `cdf` that are <= x: `searchsorted(cdf, x, side="right")`. */
function searchsortedRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
