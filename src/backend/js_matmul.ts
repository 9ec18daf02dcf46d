import type { TypedArray } from "../util/dtype.js";

/** Reference matmul in plain TypeScript: i-k-j order so the inner loop runs along rows. */
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
  out.fill(0, oOff, oOff + m * n);
  if (!transB) {
    for (let i = 0; i < m; i++) {
      const orow = oOff + i * n;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
        if (av === 0) continue;
        const brow = bOff + p * n;
        for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j];
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const orow = oOff + i * n;
      for (let j = 0; j < n; j++) {
        const brow = bOff + j * k;
        let s = 0;
        if (transA) for (let p = 0; p < k; p++) s += a[aOff + p * m + i] * b[brow + p];
        else {
          const arow = aOff + i * k;
          for (let p = 0; p < k; p++) s += a[arow + p] * b[brow + p];
        }
        out[orow + j] = s;
      }
    }
  }
}
