import { NDArray } from "../../backend/ndarray.js";
import * as K from "../../backend/kernels/unary.js";
import { binary, MUL, DIV } from "../../backend/kernels/binary.js";
import { cast as castKernel } from "../../backend/kernels/cast.js";
import { kernels } from "../../backend/registry.js";
import type { DType, TypedArray } from "../../util/dtype.js";
import { allocate, floatTypeOf } from "../../util/dtype.js";
import { OUT, type OpResult } from "../node.js";
import { gradOut, type Reuse } from "../buffers.js";

/** Elementwise ops of one input: forward and backward side by side. */

const mulArr = (a: NDArray, b: NDArray) => binary(a, b, MUL, a.dtype, "mul");

/** kernel(x, out) into a new array of x's shape and `dtype`. */
function map1(x: NDArray, dtype: DType, kernel: (x: TypedArray, out: TypedArray) => void): NDArray {
  const out = new NDArray(allocate(dtype, x.size), x.shape);
  kernel(x.data, out.data);
  return out;
}

/**
 * kernel(a, g, out) for a backward, into g itself when the engine allows (`gradOut`: one
 * allocation fewer per step), else into a new array.
 */
function grad2(
  a: NDArray,
  g: NDArray,
  reuse: Reuse | undefined,
  kernel: (a: TypedArray, g: TypedArray, out: TypedArray) => void,
): NDArray {
  const out = gradOut(g, reuse);
  kernel(a.data, g.data, out.data);
  return out;
}

/** -x; dx = -g. */
export function neg(x: NDArray): OpResult {
  return { out: K.neg(x), backward: (g) => [K.neg(g)], saves: [] };
}

/** e^x; dx = g * e^x. */
export function exp(x: NDArray): OpResult {
  const out = map1(x, floatTypeOf(x.dtype), kernels.exp);
  return { out, backward: (g) => [mulArr(g, out)], saves: [OUT] };
}

/** ln x; dx = g / x. */
export function log(x: NDArray): OpResult {
  const out = K.log(x, floatTypeOf(x.dtype));
  return { out, backward: (g) => [binary(g, x, DIV, g.dtype, "log")] };
}

/** sqrt x; dx = g / (2 sqrt x). */
export function sqrt(x: NDArray): OpResult {
  const out = K.map(x, Math.sqrt, floatTypeOf(x.dtype));
  return {
    out,
    backward: (g) => [
      binary(
        g,
        K.map(out, (v) => 2 * v),
        DIV,
        g.dtype,
        "sqrt",
      ),
    ],
    saves: [OUT],
  };
}

/** |x|; dx = g * sign(x) (0 at 0, as PyTorch). */
export function abs(x: NDArray): OpResult {
  const out = K.map(x, Math.abs);
  return {
    out,
    backward: (g) => [
      mulArr(
        g,
        K.map(x, (v) => Math.sign(v), g.dtype),
      ),
    ],
  };
}

/** 1 / (1 + e^-x); dx = g * y * (1 - y). */
export function sigmoid(x: NDArray): OpResult {
  const out = map1(x, floatTypeOf(x.dtype), kernels.sigmoid);
  return {
    out,
    backward: (g, _, reuse) => [grad2(out, g, reuse, kernels.sigmoidGrad)],
    saves: [OUT],
  };
}

/** tanh x; dx = g * (1 - y^2). */
export function tanh(x: NDArray): OpResult {
  const out = K.tanh(x, floatTypeOf(x.dtype));
  return { out, backward: (g) => [K.tanhBackward(out, g)], saves: [OUT] };
}

/** max(x, 0); dx = g where x > 0 (read from the output, which is > 0 exactly there). */
export function relu(x: NDArray): OpResult {
  const out = map1(x, x.dtype, kernels.relu);
  return {
    out,
    backward: (g, _, reuse) => [grad2(out, g, reuse, kernels.reluGrad)],
    saves: [OUT],
  };
}

/** min(max(x, lo), hi); dx = g where lo <= x <= hi (PyTorch passes the gradient at the bounds). */
export function clamp(x: NDArray, lo: number, hi: number): OpResult {
  return {
    out: K.clamp(x, lo, hi),
    backward: (g) => [K.maskedGrad(x, g, (v) => v >= lo && v <= hi)],
  };
}

/** x ** p for a constant p; dx = g * p * x^(p-1). */
export function powScalar(x: NDArray, p: number): OpResult {
  // An integer tensor to a non-negative integer power stays integer, as in PyTorch.
  const dtype = Number.isInteger(p) && p >= 0 ? x.dtype : floatTypeOf(x.dtype);
  const out = K.map(x, (v) => Math.pow(v, p), dtype);
  return {
    out,
    backward: (g) => [
      mulArr(
        g,
        K.map(x, (v) => (p === 0 ? 0 : p * Math.pow(v, p - 1)), g.dtype),
      ),
    ],
  };
}

/** A copy with another dtype; the gradient is cast back (only between float types). */
export function cast(x: NDArray, to: DType): OpResult {
  return { out: castKernel(x, to), backward: (g) => [castKernel(g, x.dtype)], saves: [] };
}
