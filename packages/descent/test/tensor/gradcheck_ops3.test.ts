import { einsum } from "../../src/tensor/index.js";
import { AWAY, gradcheckRows } from "../helpers/gradcheck.js";
import type { GradcheckRow } from "../helpers/gradcheck.js";

/**
 * Float64 central-difference gradient checks for norm's own backward (every p, away from the
 * points where it is not differentiable), dist, and einsum with '...' (broadcast operands).
 */

const ROWS: GradcheckRow[] = [
  { name: "norm fro", inputs: [[3, 4]], fn: (a) => a.norm() },
  { name: "norm 2 dim 1 keepdim", inputs: [[3, 4]], fn: (a) => a.norm(2, 1, true) },
  { name: "norm 1 dims [0,2]", inputs: [AWAY(2, 3, 2)], fn: (a) => a.norm(1, [0, 2]) },
  { name: "norm 1.5 dim 0", inputs: [AWAY(3, 2)], fn: (a) => a.norm(1.5, 0) },
  { name: "norm 0.5", inputs: [AWAY(5)], fn: (a) => a.norm(0.5) },
  { name: "norm -1 dim 1", inputs: [AWAY(2, 3)], fn: (a) => a.norm(-1, 1) },
  { name: "norm 3 dim -1", inputs: [AWAY(2, 4)], fn: (a) => a.norm(3, -1) },
  { name: "norm inf dim 0", inputs: [[4, 3]], fn: (a) => a.norm(Infinity, 0) },
  { name: "norm -inf", inputs: [[6]], fn: (a) => a.norm(-Infinity) },
  {
    name: "dist",
    inputs: [
      [2, 3],
      [2, 3],
    ],
    fn: (a, b) => a.dist(b),
  },
  { name: "dist p=1 broadcast", inputs: [AWAY(2, 3), [3]], fn: (a, b) => a.mul(2).dist(b, 1) },
  { name: "dist p=3", inputs: [[4], [4]], fn: (a, b) => a.dist(b, 3) },
  {
    name: "einsum ...ij,...jk->...ik broadcast",
    inputs: [
      [2, 1, 3, 4],
      [5, 4, 2],
    ],
    fn: (a, b) => einsum("...ij,...jk->...ik", a, b),
  },
  {
    name: "einsum b...i,b...i->b...",
    inputs: [
      [2, 3, 4],
      [2, 1, 4],
    ],
    fn: (a, b) => einsum("b...i,b...i->b...", a, b),
  },
  { name: "einsum i...->i", inputs: [[2, 3, 4]], fn: (a) => einsum("i...->i", a) },
];

gradcheckRows(ROWS);
