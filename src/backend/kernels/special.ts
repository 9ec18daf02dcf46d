/** Scalar functions that `Math` lacks, to double precision, used by the elementwise kernels. */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function erf(x) = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt, to about 1e-15.
 * Below |x| = 2.5 the series e^(-x^2) sum 2^n x^(2n+1) / (2n+1)!! (all terms positive, so no
 * cancellation); above, 1 - erfc(x) with erfc from its continued fraction.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (!(a < 2.5)) {
    if (a !== a) return NaN;
    const r = 1 - erfcLarge(a);
    return x < 0 ? -r : r;
  }
  const x2 = a * a;
  let term = a;
  let sum = a;
  for (let n = 1; n < 100 && term > sum * 1e-17; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return x < 0 ? -r : r;
}

/** erfc(a) for a >= 2.5: e^(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))). */
function erfcLarge(a: number): number {
  if (a > 27) return 0;
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
  return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
}

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
