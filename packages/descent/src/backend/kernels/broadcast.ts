import type { TypedArray } from "../../util/dtype.js";
import { stridesOf } from "../../util/shape.js";

/**
 * Walks an output shape with two inputs broadcast against it, row by row. Dims of size 1 are
 * dropped and neighbouring dims that are contiguous in both inputs are merged, so the common
 * cases (same shape, scalar, row vector) become one long row or few rows.
 *
 * `row(aOff, aStep, bOff, bStep, oOff, n)` is called once per innermost row; steps are 0 or 1.
 */
export function forEachBroadcastRow(
  outShape: readonly number[],
  aShape: readonly number[],
  bShape: readonly number[],
  row: (aOff: number, aStep: number, bOff: number, bStep: number, oOff: number, n: number) => void,
): void {
  const nd = outShape.length;
  const aStr = alignedStrides(aShape, nd);
  const bStr = alignedStrides(bShape, nd);
  // Collect non-trivial dims, merging neighbours that stay contiguous.
  const dims: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < nd; i++) {
    const d = outShape[i];
    if (d === 1) continue;
    const k = dims.length - 1;
    if (k >= 0 && as[k] === aStr[i] * d && bs[k] === bStr[i] * d) {
      dims[k] *= d;
      as[k] = aStr[i];
      bs[k] = bStr[i];
    } else {
      dims.push(d);
      as.push(aStr[i]);
      bs.push(bStr[i]);
    }
  }
  if (dims.length === 0) {
    row(0, 0, 0, 0, 0, outShape.includes(0) ? 0 : 1);
    return;
  }
  for (const d of outShape) if (d === 0) return;
  const last = dims.length - 1;
  const n = dims[last];
  const aStep = as[last];
  const bStep = bs[last];
  if (last === 0) {
    row(0, aStep, 0, bStep, 0, n);
    return;
  }
  const idx = new Array<number>(last).fill(0);
  let aOff = 0;
  let bOff = 0;
  let oOff = 0;
  for (;;) {
    row(aOff, aStep, bOff, bStep, oOff, n);
    oOff += n;
    let k = last - 1;
    for (; k >= 0; k--) {
      idx[k]++;
      aOff += as[k];
      bOff += bs[k];
      if (idx[k] < dims[k]) break;
      aOff -= as[k] * dims[k];
      bOff -= bs[k] * dims[k];
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}

/** Strides of `shape` right-aligned to `nd` dims, 0 where the dim is broadcast (size 1 or absent). */
function alignedStrides(shape: readonly number[], nd: number): number[] {
  const s = stridesOf(shape);
  const out = new Array<number>(nd).fill(0);
  const off = nd - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : s[i];
  return out;
}

/**
 * Sums `g` (of shape `gShape`) down to `shape`, which broadcasts to `gShape`: the backward of
 * broadcasting. Writes into `out` (length numel(shape)), which must start zeroed.
 */
export function sumToShapeInto(
  g: TypedArray,
  gShape: readonly number[],
  shape: readonly number[],
  out: TypedArray,
): void {
  forEachBroadcastRow(gShape, gShape, shape, (gOff, _gs, oOff, oStep, _x, n) => {
    if (oStep === 0) {
      let s = 0;
      for (let i = 0; i < n; i++) s += g[gOff + i];
      out[oOff] += s;
    } else {
      for (let i = 0; i < n; i++) out[oOff + i] += g[gOff + i];
    }
  });
}
