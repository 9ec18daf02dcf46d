import { F, tensor } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { gradcheckRows, POS } from "../helpers/gradcheck.js";
import type { GradcheckRow } from "../helpers/gradcheck.js";

/**
 * Float64 central-difference gradient checks of the loss primitives that carry their reduction
 * (MSE, smooth L1, Huber, BCE with logits, NLL, fused cross-entropy) and of KL divergence's xlogy
 * node, for each reduction, with every differentiable input checked (targets too, where PyTorch
 * differentiates them).
 */

const F64 = { dtype: "float64" } as const;
const REDUCTIONS = ["mean", "sum", "none"] as const;
const idx = tensor([0, 2, 1, 2], { dtype: "int32" });
const idx4d = tensor([0, 2, 1, 0, 1, 1, 2, 0], { dtype: "int32" }).view(2, 2, 2);
const weight = tensor([0.5, 2, 1.25], F64);
const soft = tensor(
  [
    [0.1, 0.9, 0.5],
    [1, 0, 0.3],
    [0.7, 0.2, 0.4],
    [0, 1, 0.6],
  ],
  F64,
);
const pair = [
  [4, 3],
  [4, 3],
];

const ROWS: GradcheckRow[] = REDUCTIONS.flatMap((reduction): GradcheckRow[] => [
  { name: `mseLoss ${reduction}`, inputs: pair, fn: (x, y) => F.mseLoss(x, y, { reduction }) },
  {
    name: `smoothL1Loss beta 0.5 ${reduction}`,
    inputs: pair,
    fn: (x, y) => F.smoothL1Loss(x, y, { reduction, beta: 0.5 }),
  },
  {
    name: `huberLoss delta 0.7 ${reduction}`,
    inputs: pair,
    fn: (x, y) => F.huberLoss(x, y, { reduction, delta: 0.7 }),
  },
  {
    name: `binaryCrossEntropyWithLogits weight posWeight ${reduction}`,
    inputs: [[4, 3]],
    fn: (x) =>
      F.binaryCrossEntropyWithLogits(x, soft, { reduction, weight, posWeight: weight.mul(1.5) }),
  },
  {
    name: `nllLoss weight ignoreIndex ${reduction}`,
    inputs: [[4, 3]],
    fn: (x) => F.nllLoss(x, idx, { reduction, weight, ignoreIndex: 1 }),
  },
  {
    name: `nllLoss [N, C, H, W] ${reduction}`,
    inputs: [[2, 3, 2, 2]],
    fn: (x) => F.nllLoss(x, idx4d, { reduction }),
  },
  {
    name: `nllLoss [N, C, L] (viewed as [N, C, 1, L]) ${reduction}`,
    inputs: [[2, 3, 4]],
    fn: (x) => F.nllLoss(x, idx4d.view(2, 4), { reduction }),
  },
  {
    name: `nllLoss one sample [C] ${reduction}`,
    inputs: [[3]],
    fn: (x) => F.nllLoss(x, tensor(2, { dtype: "int32" }), { reduction }),
  },
  {
    name: `crossEntropy fused, weight ignoreIndex ${reduction}`,
    inputs: [[4, 3]],
    fn: (x) => F.crossEntropy(x, idx, { reduction, weight, ignoreIndex: 2 }),
  },
  {
    name: `klDiv (xlogy node), target differentiated ${reduction}`,
    inputs: [[4, 3], POS(4, 3)],
    fn: (x: Tensor, y: Tensor) => F.klDiv(x, y, { reduction }),
  },
]);
ROWS.push({
  name: "klDiv batchmean, logTarget",
  inputs: pair,
  fn: (x, y) => F.klDiv(x, y, { reduction: "batchmean", logTarget: true }),
});

gradcheckRows(ROWS);
