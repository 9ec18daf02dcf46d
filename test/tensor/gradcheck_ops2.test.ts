import { tensor } from "../../src/tensor/index.js";
import { AWAY, POS, gradcheckRows } from "../helpers/gradcheck.js";
import type { GradcheckRow, Spec } from "../helpers/gradcheck.js";

/**
 * Float64 central-difference gradient checks for every differentiable function of issue 12, one
 * row each (the helpers' conventions: inputs uniform in [-2, 2) unless the row says otherwise).
 */

const IN = (lo: number, hi: number, ...shape: number[]): Spec => ({ shape, lo, hi });

const ROWS: GradcheckRow[] = [
  // elementwise
  { name: "sin", inputs: [[2, 3]], fn: (a) => a.sin() },
  { name: "cos", inputs: [[2, 3]], fn: (a) => a.cos() },
  { name: "tan", inputs: [IN(-1.2, 1.2, 2, 3)], fn: (a) => a.tan() },
  { name: "asin", inputs: [IN(-0.9, 0.9, 2, 3)], fn: (a) => a.asin() },
  { name: "acos", inputs: [IN(-0.9, 0.9, 2, 3)], fn: (a) => a.acos() },
  { name: "atan", inputs: [[2, 3]], fn: (a) => a.atan() },
  { name: "sinh", inputs: [[2, 3]], fn: (a) => a.sinh() },
  { name: "cosh", inputs: [[2, 3]], fn: (a) => a.cosh() },
  { name: "log2", inputs: [POS(2, 3)], fn: (a) => a.log2() },
  { name: "log10", inputs: [POS(2, 3)], fn: (a) => a.log10() },
  { name: "log1p", inputs: [IN(-0.8, 2, 2, 3)], fn: (a) => a.log1p() },
  { name: "expm1", inputs: [[2, 3]], fn: (a) => a.expm1() },
  { name: "reciprocal", inputs: [AWAY(2, 3)], fn: (a) => a.reciprocal() },
  { name: "rsqrt", inputs: [POS(2, 3)], fn: (a) => a.rsqrt() },
  { name: "erf", inputs: [IN(-3, 3, 2, 4)], fn: (a) => a.erf() },
  { name: "frac", inputs: [{ shape: [2, 3], lo: 0.1, hi: 0.9 }], fn: (a) => a.frac() },
  { name: "floor (zero gradient)", inputs: [IN(0.1, 0.9, 4)], fn: (a) => a.floor() },
  { name: "round (zero gradient)", inputs: [IN(0.1, 0.4, 4)], fn: (a) => a.round() },
  { name: "sign (zero gradient)", inputs: [AWAY(4)], fn: (a) => a.sign() },
  { name: "atan2", inputs: [[2, 3], AWAY(2, 3)], fn: (a, b) => a.atan2(b) },
  { name: "atan2 broadcast", inputs: [[3, 1], AWAY(4)], fn: (a, b) => a.atan2(b) },
  { name: "fmod", inputs: [IN(0.1, 0.9, 2, 3), IN(1.1, 2, 3)], fn: (a, b) => a.fmod(b) },
  { name: "remainder", inputs: [IN(0.1, 0.9, 4), IN(1.1, 2, 1)], fn: (a, b) => a.remainder(b) },
  { name: "lerp scalar weight", inputs: [[2, 3], [3]], fn: (a, b) => a.lerp(b, 0.3) },
  { name: "lerp tensor weight", inputs: [[2, 3], [3], [2, 1]], fn: (a, b, w) => a.lerp(b, w) },
  {
    name: "lerp weight above 0.5",
    inputs: [[4], [4]],
    fn: (a, b) => a.lerp(b, tensor([0.6, 0.9, 1, 1.5], { dtype: "float64" })),
  },
];

gradcheckRows(ROWS);
