import type { TypedArray } from "../util/dtype.js";

/**
 * Reference matmul in plain TypeScript. Loop orders are chosen so the innermost loop always runs
 * along contiguous rows: i-k-j for A @ B, k-i-j for A^T @ B, and B^T is transposed once up front.
 */
export function jsMatmul(
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (transB) {
    // b holds [n, k]; make it [k, n] so the inner loop is contiguous.
    const bt = new (b.constructor as new (len: number) => TypedArray)(k * n);
    for (let j = 0; j < n; j++) {
      const row = bOff + j * k;
      for (let p = 0; p < k; p++) bt[p * n + j] = b[row + p];
    }
    b = bt;
    bOff = 0;
  }
  out.fill(0, oOff, oOff + m * n);
  if (transA) {
    // a holds [k, m]: walk it row by row.
    for (let p = 0; p < k; p++) {
      const arow = aOff + p * m;
      const brow = bOff + p * n;
      for (let i = 0; i < m; i++) {
        const av = a[arow + i];
        const orow = oOff + i * n;
        for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j];
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const orow = oOff + i * n;
    const arow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const av = a[arow + p];
      const brow = bOff + p * n;
      for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j];
    }
  }
}
