import { cat, einsum, meshgrid, tensor } from "../../src/tensor/index.js";
import * as F from "../../src/nn/functional.js";
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
  // reductions and scans
  { name: "var all", inputs: [[2, 3]], fn: (a) => a.var() },
  {
    name: "var dims [0,2] keepdim",
    inputs: [[2, 3, 2]],
    fn: (a) => a.var([0, 2], { keepdim: true }),
  },
  { name: "std dim 1 correction 0", inputs: [[3, 4]], fn: (a) => a.std(1, { correction: 0 }) },
  { name: "norm fro", inputs: [[3, 4]], fn: (a) => a.norm() },
  { name: "norm 1 dim 0", inputs: [AWAY(3, 4)], fn: (a) => a.norm(1, 0) },
  { name: "norm inf dim 1", inputs: [[3, 4]], fn: (a) => a.norm(Infinity, 1) },
  {
    name: "norm 3 dims [0,1] keepdim",
    inputs: [AWAY(2, 3, 2)],
    fn: (a) => a.norm(3, [0, 1], true),
  },
  { name: "prod all", inputs: [[2, 3]], fn: (a) => a.prod() },
  { name: "prod dim 1", inputs: [[2, 3, 2]], fn: (a) => a.prod(1) },
  {
    name: "prod with zeros in a lane",
    inputs: [[2, 3]],
    fn: (a) =>
      a
        .mul(
          tensor(
            [
              [1, 0, 1],
              [0, 0, 1],
            ],
            { dtype: "float64" },
          ),
        )
        .prod(1),
  },
  { name: "cumsum dim 0", inputs: [[4, 3]], fn: (a) => a.cumsum(0) },
  { name: "cumsum dim -1", inputs: [[2, 3, 4]], fn: (a) => a.cumsum(-1) },
  { name: "cumprod dim 1", inputs: [[2, 5]], fn: (a) => a.cumprod(1) },
  { name: "logsumexp dim 1", inputs: [[3, 4]], fn: (a) => a.logsumexp(1) },
  {
    name: "logsumexp dims [0,2] keepdim",
    inputs: [[2, 3, 2]],
    fn: (a) => a.logsumexp([0, 2], true),
  },
  { name: "dot", inputs: [[5], [5]], fn: (a, b) => a.dot(b) },
  { name: "mv", inputs: [[3, 4], [4]], fn: (a, b) => a.mv(b) },
  {
    name: "bmm",
    inputs: [
      [2, 3, 4],
      [2, 4, 2],
    ],
    fn: (a, b) => a.bmm(b),
  },
  { name: "outer", inputs: [[3], [4]], fn: (a, b) => a.outer(b) },
  { name: "trace", inputs: [[3, 4]], fn: (a) => a.trace() },
  { name: "tril", inputs: [[3, 4]], fn: (a) => a.tril() },
  { name: "triu diagonal -1 batched", inputs: [[2, 3, 3]], fn: (a) => a.triu(-1) },
  // sorting and selection
  { name: "sort values", inputs: [[3, 4]], fn: (a) => a.sort(1).values },
  { name: "sort dim 0 descending", inputs: [[3, 4]], fn: (a) => a.sort(0, true).values },
  { name: "topk", inputs: [[3, 5]], fn: (a) => a.topk(2).values },
  { name: "kthvalue keepdim", inputs: [[4, 3]], fn: (a) => a.kthvalue(2, 0, true).values },
  { name: "median all", inputs: [[3, 3]], fn: (a) => a.median() },
  { name: "median dim 1", inputs: [[3, 4]], fn: (a) => a.median(1).values },
  // einsum
  {
    name: "einsum ij,jk->ik",
    inputs: [
      [3, 4],
      [4, 2],
    ],
    fn: (a, b) => einsum("ij,jk->ik", a, b),
  },
  {
    name: "einsum bn,anm->bam",
    inputs: [
      [2, 3],
      [4, 3, 2],
    ],
    fn: (a, b) => einsum("bn,anm->bam", a, b),
  },
  { name: "einsum i,i->", inputs: [[5], [5]], fn: (a, b) => einsum("i,i->", a, b) },
  // shape
  { name: "repeat", inputs: [[2, 3]], fn: (a) => a.repeat(2, 1, 3) },
  { name: "tile", inputs: [[3]], fn: (a) => a.tile([2, 2]) },
  { name: "flip", inputs: [[2, 3, 4]], fn: (a) => a.flip([0, 2]) },
  { name: "roll", inputs: [[2, 3, 4]], fn: (a) => a.roll([-1, 5], [0, 2]) },
  { name: "roll flattened", inputs: [[2, 3]], fn: (a) => a.roll(2) },
  {
    name: "chunk, pieces reused",
    inputs: [[2, 7]],
    fn: (a) => {
      const [p, q, r] = a.chunk(3, 1);
      return cat([r, p.mul(q)], 1);
    },
  },
  { name: "split sections", inputs: [[2, 3, 4]], fn: (a) => a.split([1, 3], -1)[1] },
  {
    name: "unbind",
    inputs: [[3, 2]],
    fn: (a) => {
      const [p, q, r] = a.unbind();
      return p.mul(q).add(r);
    },
  },
  { name: "movedim", inputs: [[2, 3, 4]], fn: (a) => a.movedim([0, 1], [2, 0]) },
  { name: "unflatten", inputs: [[2, 6]], fn: (a) => a.unflatten(1, [3, -1]) },
  { name: "broadcastTo", inputs: [[3, 1]], fn: (a) => a.broadcastTo([2, 3, 4]) },
  {
    name: "meshgrid xy",
    inputs: [[3], [2]],
    fn: (a, b) => {
      const [x, y] = meshgrid([a, b], { indexing: "xy" });
      return x.mul(y);
    },
  },
  // activations (nn.functional)
  { name: "F.leakyRelu", inputs: [AWAY(2, 3)], fn: (a) => F.leakyRelu(a, 0.2) },
  { name: "F.elu", inputs: [AWAY(2, 3)], fn: (a) => F.elu(a, 0.5) },
  { name: "F.gelu", inputs: [[2, 4]], fn: (a) => F.gelu(a) },
  { name: "F.gelu tanh", inputs: [[2, 4]], fn: (a) => F.gelu(a, { approximate: "tanh" }) },
  { name: "F.silu", inputs: [[2, 3]], fn: (a) => F.silu(a) },
  {
    name: "F.softplus",
    inputs: [IN(-4, 4, 2, 3)],
    fn: (a) => F.softplus(a, { beta: 2, threshold: 5 }),
  },
  { name: "F.mish", inputs: [[2, 3]], fn: (a) => F.mish(a) },
  { name: "F.hardtanh", inputs: [IN(-3, 3, 8)], fn: (a) => F.hardtanh(a, -0.95, 1.05) },
  { name: "F.relu6", inputs: [IN(-2, 8, 8)], fn: (a) => F.relu6(a.mul(0.999).add(0.0007)) },
  { name: "F.logsigmoid", inputs: [[2, 3]], fn: (a) => F.logsigmoid(a) },
  { name: "F.softsign", inputs: [AWAY(2, 3)], fn: (a) => F.softsign(a) },
];

gradcheckRows(ROWS);
