import { NDArray } from "../../backend/ndarray.js";
import * as K from "../../backend/kernels/binary.js";
import { neg } from "../../backend/kernels/unary.js";
import { floatTypeOf, resultType } from "../../util/dtype.js";
import { broadcastShapes } from "../../util/shape.js";
import { OUT, type OpResult } from "../node.js";

/** Binary arithmetic with broadcasting. Each gradient is summed back to its input's shape. */

function check(a: NDArray, b: NDArray, op: string): void {
  broadcastShapes(a.shape, b.shape, op);
}

/** The result dtype (0-d operands do not widen, as in PyTorch). */
const dtypeOf = (a: NDArray, b: NDArray) => resultType(a.dtype, a.ndim, b.dtype, b.ndim);

/** a + b; d/da = g, d/db = g. */
export function add(a: NDArray, b: NDArray): OpResult {
  check(a, b, "add");
  const out = K.binary(a, b, K.ADD, dtypeOf(a, b), "add");
  return {
    out,
    backward: (g) => [K.sumToShape(g, a.shape), K.sumToShape(g, b.shape)],
    saves: [],
  };
}

/** a - b; d/da = g, d/db = -g. */
export function sub(a: NDArray, b: NDArray): OpResult {
  check(a, b, "sub");
  const out = K.binary(a, b, K.SUB, dtypeOf(a, b), "sub");
  return {
    out,
    backward: (g) => [K.sumToShape(g, a.shape), K.sumToShape(neg(g), b.shape)],
    saves: [],
  };
}

/** a * b; d/da = g * b, d/db = g * a. */
export function mul(a: NDArray, b: NDArray): OpResult {
  check(a, b, "mul");
  const out = K.binary(a, b, K.MUL, dtypeOf(a, b), "mul");
  return {
    out,
    backward: (g) => [
      K.sumToShape(K.binary(g, b, K.MUL, g.dtype, "mul"), a.shape),
      K.sumToShape(K.binary(g, a, K.MUL, g.dtype, "mul"), b.shape),
    ],
  };
}

/** a / b (true division, always floating); d/da = g / b, d/db = -g * a / b^2 = -g * out / b. */
export function div(a: NDArray, b: NDArray): OpResult {
  check(a, b, "div");
  const out = K.binary(a, b, K.DIV, floatTypeOf(dtypeOf(a, b)), "div");
  return {
    out,
    backward: (g) => {
      const ga = K.binary(g, b, K.DIV, g.dtype, "div");
      const gb = neg(K.binary(ga, out, K.MUL, g.dtype, "div"));
      return [K.sumToShape(ga, a.shape), K.sumToShape(gb, b.shape)];
    },
    saves: [1, OUT],
  };
}

/** a ** b; d/da = g * b * a^(b-1) (0 where b = 0), d/db = g * out * ln(a) (0 where a = 0, b >= 0). */
export function pow(a: NDArray, b: NDArray): OpResult {
  check(a, b, "pow");
  const dtype = dtypeOf(a, b);
  const out = K.binary(a, b, K.POW, dtype, "pow");
  return {
    out,
    backward: (g) => {
      const da = K.binary(g, K.binary(a, b, K.POW_DBASE, g.dtype, "pow"), K.MUL, g.dtype, "pow");
      const db = K.binary(g, K.binary(a, b, K.POW_DEXP, g.dtype, "pow"), K.MUL, g.dtype, "pow");
      return [K.sumToShape(da, a.shape), K.sumToShape(db, b.shape)];
    },
  };
}

/** Elementwise maximum / minimum; the gradient goes to the chosen input (split evenly on ties). */
export function extremum(a: NDArray, b: NDArray, isMax: boolean): OpResult {
  const op = isMax ? "maximum" : "minimum";
  check(a, b, op);
  const dtype = dtypeOf(a, b);
  const out = K.binary(a, b, isMax ? K.MAXIMUM : K.MINIMUM, dtype, op);
  return {
    out,
    backward: (g) => {
      const ae = K.expandTo(a, out.shape, op);
      const be = K.expandTo(b, out.shape, op);
      const ga = NDArray.empty(g.dtype, out.shape);
      const gb = NDArray.empty(g.dtype, out.shape);
      for (let i = 0; i < g.size; i++) {
        const x = ae.data[i];
        const y = be.data[i];
        const w = x === y ? 0.5 : (isMax ? x > y : x < y) ? 1 : 0;
        ga.data[i] = g.data[i] * w;
        gb.data[i] = g.data[i] * (1 - w);
      }
      return [K.sumToShape(ga, a.shape), K.sumToShape(gb, b.shape)];
    },
  };
}

/** where(cond, a, b): gradient flows to a where cond holds and to b elsewhere. */
export function where(cond: NDArray, a: NDArray, b: NDArray): OpResult {
  const out = K.where(cond, a, b, dtypeOf(a, b), "where");
  return {
    out,
    backward: (g) => {
      const c = K.expandTo(cond, out.shape, "where");
      const ga = NDArray.empty(g.dtype, out.shape);
      const gb = NDArray.empty(g.dtype, out.shape);
      for (let i = 0; i < g.size; i++) {
        if (c.data[i]) ga.data[i] = g.data[i];
        else gb.data[i] = g.data[i];
      }
      return [null, K.sumToShape(ga, a.shape), K.sumToShape(gb, b.shape)];
    },
    saves: [0],
  };
}
