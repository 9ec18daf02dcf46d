/** Scalar functions that `Math` lacks, used by the elementwise kernels (erf is in util/special.ts). */

/** Rounds half to even, as PyTorch's round (C's nearbyint): 0.5 -> 0, 1.5 -> 2, -2.5 -> -2. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's remainder: the result has the divisor's sign, as PyTorch's `remainder`. */
export function remainder(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && b < 0 !== m < 0 ? m + b : m;
}
