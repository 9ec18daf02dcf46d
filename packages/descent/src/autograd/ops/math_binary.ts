import { NDArray } from "../../backend/ndarray.js";
import { expandTo, sumToShape } from "../../backend/kernels/binary.js";
import { remainder as pyRemainder } from "../../backend/kernels/special.js";
import type { TypedArray } from "../../util/dtype.js";
import { floatTypeOf, resultType } from "../../util/dtype.js";
import { broadcastShapes } from "../../util/shape.js";
import type { OpResult } from "../node.js";

/**
 * Elementwise functions of two broadcast inputs, each with its partial derivatives beside it:
 * `f(a, b)`, `da(a, b)` = df/da and `db(a, b)` = df/db.
 */
interface BinaryMath {
  readonly f: (a: number, b: number) => number;
  readonly da: (a: number, b: number) => number;
  readonly db: (a: number, b: number) => number;
  /** Integer inputs give an integer result (fmod, remainder); otherwise float. */
  readonly keepsInt: boolean;
}

export const BINARY_MATH = {
  /** atan2(a, b): the angle of the point (b, a); d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2). */
  atan2: {
    f: Math.atan2,
    da: (a, b) => b / (a * a + b * b),
    db: (a, b) => -a / (a * a + b * b),
    keepsInt: false,
  },
  /** C's fmod: a - trunc(a / b) * b (sign of a); d/da = 1, d/db = -trunc(a / b). */
  fmod: { f: (a, b) => a % b, da: () => 1, db: (a, b) => -Math.trunc(a / b), keepsInt: true },
  /** Python's %: a - floor(a / b) * b (sign of b); d/da = 1, d/db = -floor(a / b). */
  remainder: { f: pyRemainder, da: () => 1, db: (a, b) => -Math.floor(a / b), keepsInt: true },
} satisfies Record<string, BinaryMath>;

export type BinaryMathName = keyof typeof BINARY_MATH;

/** The arrays' data, each materialised at the broadcast output shape. */
function expanded(arrays: NDArray[], shape: readonly number[], op: string): TypedArray[] {
  return arrays.map((x) => expandTo(x, shape, op).data);
}

/** out = f(a, b) with broadcasting; da = g * df/da, db = g * df/db, summed to each shape. */
export function binaryMath(a: NDArray, b: NDArray, name: BinaryMathName): OpResult {
  const op: BinaryMath = BINARY_MATH[name];
  const shape = broadcastShapes(a.shape, b.shape, name);
  const common = resultType(a.dtype, a.ndim, b.dtype, b.ndim);
  const out = NDArray.empty(op.keepsInt ? common : floatTypeOf(common), shape);
  const [ad, bd] = expanded([a, b], shape, name);
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = op.f(ad[i], bd[i]);
  return {
    out,
    backward: (g, needs) => {
      const grad = (p: (x: number, y: number) => number) => {
        const r = NDArray.empty(g.dtype, shape);
        for (let i = 0; i < r.size; i++) r.data[i] = g.data[i] * p(ad[i], bd[i]);
        return r;
      };
      return [
        needs[0] ? sumToShape(grad(op.da), a.shape) : null,
        needs[1] ? sumToShape(grad(op.db), b.shape) : null,
      ];
    },
  };
}

/**
 * lerp(start, end, weight) = start + weight * (end - start), in PyTorch's form (from the end
 * when weight >= 0.5, so weight 1 gives end exactly); d/dstart = g (1 - w), d/dend = g w,
 * d/dweight = g (end - start).
 */
export function lerp(start: NDArray, end: NDArray, weight: NDArray): OpResult {
  const shape = broadcastShapes(
    broadcastShapes(start.shape, end.shape, "lerp"),
    weight.shape,
    "lerp",
  );
  const [sd, ed, wd] = expanded([start, end, weight], shape, "lerp");
  const out = NDArray.empty(floatTypeOf(start.dtype), shape);
  const o = out.data;
  for (let i = 0; i < o.length; i++) {
    const w = wd[i];
    const d = ed[i] - sd[i];
    o[i] = Math.abs(w) < 0.5 ? sd[i] + w * d : ed[i] - d * (1 - w);
  }
  return {
    out,
    backward: (g) => {
      const gs = NDArray.empty(g.dtype, shape);
      const ge = NDArray.empty(g.dtype, shape);
      const gw = NDArray.empty(g.dtype, shape);
      for (let i = 0; i < g.size; i++) {
        gs.data[i] = g.data[i] * (1 - wd[i]);
        ge.data[i] = g.data[i] * wd[i];
        gw.data[i] = g.data[i] * (ed[i] - sd[i]);
      }
      return [sumToShape(gs, start.shape), sumToShape(ge, end.shape), sumToShape(gw, weight.shape)];
    },
  };
}
