import { NDArray } from "../../backend/ndarray.js";
import { kernels } from "../../backend/registry.js";
import { sumToShape } from "../../backend/kernels/binary.js";
import { cast } from "../../backend/kernels/cast.js";
import { floatTypeOf, promoteTypes } from "../../util/dtype.js";
import { broadcastShapes, fmtShape, numelOf, stridesOf } from "../../util/shape.js";
import type { OpResult } from "../node.js";

/**
 * Batched matmul: c[..., i, j] = a[..., i, k] * b[..., k, j], batch dims broadcast. With `transA`
 * a holds [..., K, M]; with `transB` b holds [..., N, K] (so backward needs no transpose copies).
 */
export function bmm(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
  const ra = a.ndim;
  const rb = b.ndim;
  const m = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  const aBatch = a.shape.slice(0, ra - 2);
  const bBatch = b.shape.slice(0, rb - 2);
  const batch = broadcastShapes(aBatch, bBatch, "matmul");
  const out = NDArray.empty(a.dtype, [...batch, m, n]);
  const mm = kernels.matmul;
  const count = numelOf(batch);
  if (count === 1) {
    mm(a.data, 0, b.data, 0, out.data, 0, m, k, n, transA, transB);
    return out;
  }
  const aIdx = batchOffsets(batch, aBatch, m * k);
  const bIdx = batchOffsets(batch, bBatch, k * n);
  for (let i = 0; i < count; i++) {
    mm(a.data, aIdx[i], b.data, bIdx[i], out.data, i * m * n, m, k, n, transA, transB);
  }
  return out;
}

/** Element offset of each broadcast batch entry in an input with batch shape `own`. */
function batchOffsets(batch: readonly number[], own: readonly number[], block: number): number[] {
  const count = numelOf(batch);
  const nd = batch.length;
  const s = stridesOf(own);
  const str = batch.map((_, i) => {
    const j = i - (nd - own.length);
    return j < 0 || own[j] === 1 ? 0 : s[j];
  });
  const offs = new Array<number>(count);
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < count; i++) {
    offs[i] = off * block;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += str[d];
      if (idx[d] < batch[d]) break;
      off -= str[d] * batch[d];
      idx[d] = 0;
    }
  }
  return offs;
}

/** Brings both inputs to one float dtype (matmul of int tensors computes in float32). */
function unify(a: NDArray, b: NDArray): [NDArray, NDArray] {
  const dt = floatTypeOf(promoteTypes(a.dtype, b.dtype));
  return [cast(a, dt), cast(b, dt)];
}

/** a @ b for a, b of at least 2 dims; da = g @ b^T, db = a^T @ g, summed over broadcast batches. */
export function matmul(a0: NDArray, b0: NDArray): OpResult {
  const [a, b] = unify(a0, b0);
  const k = a.shape[a.ndim - 1];
  if (b.shape[b.ndim - 2] !== k) {
    throw new RangeError(
      `matmul: shapes ${fmtShape(a0.shape)} and ${fmtShape(b0.shape)} cannot be multiplied ` +
        `(${k} columns in the first vs ${b.shape[b.ndim - 2]} rows in the second; they must be equal)`,
    );
  }
  const out = bmm(a, b, false, false);
  return {
    out,
    backward: (g, needs) => {
      const ga = needs[0] ? sumToShape(bmm(g, b, false, true), a.shape) : null;
      const gb = needs[1] ? sumToShape(bmm(a, g, true, false), b.shape) : null;
      return [ga, gb];
    },
  };
}

/**
 * Fused linear layer y = x W^T + b (x [N, in], W [out, in], b [out]): one matmul and a row add;
 * dx = g W, dW = g^T x, db = sum of g over rows. Fused because it is the hot path of every model.
 */
export function linear(x: NDArray, w: NDArray, bias: NDArray | null): OpResult {
  const nRows = x.size / x.shape[x.ndim - 1];
  const inF = w.shape[1];
  const outF = w.shape[0];
  const out = NDArray.empty(x.dtype, [...x.shape.slice(0, -1), outF]);
  kernels.linear(x.data, w.data, bias?.data ?? null, out.data, nRows, inF, outF);
  return {
    out,
    backward: (g, needs) => {
      let gx: NDArray | null = null;
      if (needs[0]) {
        gx = NDArray.empty(g.dtype, x.shape);
        kernels.matmul(g.data, 0, w.data, 0, gx.data, 0, nRows, outF, inF, false, false);
      }
      const gw = needs[1] ? NDArray.empty(g.dtype, w.shape) : null;
      const gb = bias !== null && needs[2] ? NDArray.empty(g.dtype, [outF]) : null;
      if (gw) kernels.linearGrad(g.data, x.data, nRows, inF, outF, gw.data, gb?.data ?? null);
      else if (gb) kernels.columnSums(g.data, nRows, outF, gb.data);
      return [gx, gw, gb];
    },
  };
}
