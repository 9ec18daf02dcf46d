import type { NDArray } from "../../backend/ndarray.js";
import { map } from "../../backend/kernels/unary.js";
import { roundHalfEven } from "../../backend/kernels/special.js";
import { erf } from "../../util/special.js";
import type { DType } from "../../util/dtype.js";
import { floatTypeOf, isFloat } from "../../util/dtype.js";
import type { OpResult } from "../node.js";

/**
 * Elementwise functions of one input, each with its derivative beside it: `f(x)` and
 * `df(x, y)` = dy/dx given x and y = f(x). Values are computed in double and rounded once to the
 * result's dtype (float32 for integer inputs, except the exact ones, which keep integers).
 */
interface UnaryMath {
  /** PyTorch's autograd node. */
  readonly node: string;
  readonly f: (x: number) => number;
  /** Derivative from the input and the output; absent: zero (piecewise-constant functions). */
  readonly df?: (x: number, y: number) => number;
  /** The result is exact for integers and keeps an integer dtype (floor, sign, ...). */
  readonly exact?: boolean;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const UNARY_MATH = {
  sin: { node: "SinBackward0", f: Math.sin, df: (x) => Math.cos(x) },
  cos: { node: "CosBackward0", f: Math.cos, df: (x) => -Math.sin(x) },
  tan: { node: "TanBackward0", f: Math.tan, df: (_, y) => 1 + y * y },
  asin: { node: "AsinBackward0", f: Math.asin, df: (x) => 1 / Math.sqrt(1 - x * x) },
  acos: { node: "AcosBackward0", f: Math.acos, df: (x) => -1 / Math.sqrt(1 - x * x) },
  atan: { node: "AtanBackward0", f: Math.atan, df: (x) => 1 / (1 + x * x) },
  sinh: { node: "SinhBackward0", f: Math.sinh, df: (x) => Math.cosh(x) },
  cosh: { node: "CoshBackward0", f: Math.cosh, df: (x) => Math.sinh(x) },
  log2: { node: "Log2Backward0", f: Math.log2, df: (x) => 1 / (x * LN2) },
  log10: { node: "Log10Backward0", f: Math.log10, df: (x) => 1 / (x * LN10) },
  log1p: { node: "Log1PBackward0", f: Math.log1p, df: (x) => 1 / (1 + x) },
  expm1: { node: "Expm1Backward0", f: Math.expm1, df: (_, y) => y + 1 },
  reciprocal: { node: "ReciprocalBackward0", f: (x) => 1 / x, df: (_, y) => -y * y },
  rsqrt: { node: "RsqrtBackward0", f: (x) => 1 / Math.sqrt(x), df: (_, y) => -0.5 * y * y * y },
  erf: { node: "ErfBackward0", f: erf, df: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x) },
  frac: { node: "FracBackward0", f: (x) => x - Math.trunc(x), df: () => 1 },
  sign: { node: "SignBackward0", f: Math.sign, exact: true },
  floor: { node: "FloorBackward0", f: Math.floor, exact: true },
  ceil: { node: "CeilBackward0", f: Math.ceil, exact: true },
  round: { node: "RoundBackward0", f: roundHalfEven, exact: true },
  trunc: { node: "TruncBackward0", f: Math.trunc, exact: true },
} satisfies Record<string, UnaryMath>;

export type UnaryMathName = keyof typeof UNARY_MATH;

/** y = f(x) elementwise; dx = g * df(x, y) (zeros for the piecewise-constant functions). */
export function unaryMath(x: NDArray, name: UnaryMathName): OpResult {
  const op: UnaryMath = UNARY_MATH[name];
  const exactInt = op.exact === true && !isFloat(x.dtype);
  return pointwise(x, op.f, op.df, exactInt ? x.dtype : floatTypeOf(x.dtype));
}

/**
 * y = f(x) elementwise in `dtype`, computed in double and rounded once; dx = g * df(x, y), or
 * zeros without a df.
 */
export function pointwise(
  x: NDArray,
  f: (x: number) => number,
  df: ((x: number, y: number) => number) | undefined,
  dtype: DType = floatTypeOf(x.dtype),
): OpResult {
  const out = map(x, f, dtype);
  return {
    out,
    backward: (g) => {
      const gx = map(g, () => 0);
      if (df === undefined) return [gx];
      const gd = g.data;
      const xd = x.data;
      const yd = out.data;
      const o = gx.data;
      for (let i = 0; i < o.length; i++) o[i] = gd[i] * df(xd[i], yd[i]);
      return [gx];
    },
  };
}
