import type { Tensor } from "../../tensor/index.js";
import { Tensor as T } from "../../tensor/index.js";
import * as P from "../../autograd/ops/pointwise_loss.js";
import { fmtShape } from "../../util/shape.js";
import { logsigmoid } from "../functional_activation.js";
import type { Reduction } from "./reduction.js";
import { checkReduction, reduce } from "./reduction.js";
import { clampMin, scalarOp } from "./scalar_ops.js";
import { checkFloat, promotedLossDtype, sameShape } from "./loss_checks.js";

/**
 * Regression, divergence and ranking losses (`F.l1Loss`, ...), with PyTorch's semantics and
 * graphs: a loss that is one node in PyTorch (MSE, smooth L1, Huber) is one primitive with its
 * reduction; the others are composed of the ops PyTorch composes them of.
 */

function checkPair(input: Tensor, target: Tensor, op: string): void {
  sameShape(input, target, op);
  checkFloat(input, "input", op);
  checkFloat(target, "target", op);
}

/**
 * One pointwise-loss node with its reduction, on both sides cast to `dtype` (each cast is a node
 * of its own, so a side's gradient comes back in its own dtype).
 */
function pointwise(
  input: Tensor,
  target: Tensor,
  dtype: "float32" | "float64",
  loss: P.PointwiseLoss,
  name: string,
  reduction: Reduction,
): Tensor {
  const [x, t] = [input.to(dtype), target.to(dtype)];
  return T.apply(name, P.pointwiseLoss(x.value, t.value, loss, reduction), [x, t]);
}

type R = { reduction?: Reduction };

/**
 * Mean absolute error: l = |x - y|, reduced, in the promoted dtype (see `promotedLossDtype`).
 * PyTorch: `F.l1_loss` (abs of the difference, reduced).
 */
export function l1Loss(input: Tensor, target: Tensor, opts: R = {}): Tensor {
  const r = checkReduction(opts.reduction ?? "mean", "l1Loss");
  sameShape(input, target, "l1Loss");
  const dtype = promotedLossDtype(input, target, "l1Loss");
  return reduce(input.to(dtype).sub(target.to(dtype)).abs(), r);
}

function checkNonNegative(v: number, what: string, op: string): number {
  if (!(typeof v === "number" && v >= 0 && Number.isFinite(v)))
    throw new RangeError(`${op}: ${what} must be a finite number >= 0, got ${v}`);
  return v;
}

/**
 * l = 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2 (d = x - y); beta = 0 is L1.
 * PyTorch: `F.smooth_l1_loss(input, target, beta=1.0)`.
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  opts: R & { beta?: number } = {},
): Tensor {
  const r = checkReduction(opts.reduction ?? "mean", "smoothL1Loss");
  const beta = checkNonNegative(opts.beta ?? 1, "beta", "smoothL1Loss");
  sameShape(input, target, "smoothL1Loss");
  const dtype = promotedLossDtype(input, target, "smoothL1Loss");
  return pointwise(input, target, dtype, P.smoothL1(beta), "SmoothL1LossBackward0", r);
}

/**
 * l = 0.5 d^2 where |d| < delta, else delta (|d| - delta / 2) (d = x - y).
 * PyTorch: `F.huber_loss(input, target, delta=1.0)`.
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  opts: R & { delta?: number } = {},
): Tensor {
  const r = checkReduction(opts.reduction ?? "mean", "huberLoss");
  const delta = checkNonNegative(opts.delta ?? 1, "delta", "huberLoss");
  if (delta === 0) throw new RangeError("huberLoss: delta must be > 0, got 0");
  // PyTorch's huber_loss computes in the input's float dtype, the target cast to it.
  sameShape(input, target, "huberLoss");
  checkFloat(input, "input", "huberLoss");
  const dtype = input.dtype as "float32" | "float64";
  return pointwise(input, target, dtype, P.huber(delta), "HuberLossBackward0", r);
}

/** `klDiv`'s reductions: the usual ones and "batchmean" (the sum divided by the batch size). */
export type KLReduction = Reduction | "batchmean";

/**
 * Kullback-Leibler divergence of the target from the input: l = y (ln y - x), with x
 * log-probabilities and y probabilities (or log-probabilities with `logTarget`: l = e^y (y - x)).
 * `reduction: "batchmean"` (sum / batch size) is the divergence's definition; "mean" divides by
 * the number of elements, as PyTorch's default does. PyTorch:
 * `F.kl_div(input, target, reduction='mean', log_target=False)`.
 */
export function klDiv(
  input: Tensor,
  target: Tensor,
  opts: { reduction?: KLReduction; logTarget?: boolean } = {},
): Tensor {
  const rd = opts.reduction ?? "mean";
  const r = rd === "batchmean" ? "sum" : checkReduction(rd, "klDiv");
  checkPair(input, target, "klDiv");
  // PyTorch's composition: e^y (y - x), or xlogy(y, y) - y x
  const y = target.to(input.dtype);
  const l = opts.logTarget
    ? y.exp().mul(y.sub(input))
    : T.apply("XlogyBackward0", P.pointwiseLoss(y.value, y.value, P.XLOGY), [y, y]).sub(
        y.mul(input),
      );
  const red = reduce(l, r);
  return rd === "batchmean" && input.ndim > 0 ? red.div(input.shape[0]) : red;
}

/**
 * l = max(0, -y (x1 - x2) + margin), y = 1 where x1 should rank higher, -1 where x2 should.
 * PyTorch: `F.margin_ranking_loss(input1, input2, target, margin=0)`.
 */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  opts: R & { margin?: number } = {},
): Tensor {
  const op = "marginRankingLoss";
  const r = checkReduction(opts.reduction ?? "mean", op);
  if (input1.shape.join() !== input2.shape.join() || input1.shape.join() !== target.shape.join())
    throw new RangeError(
      `${op}: input1 ${fmtShape(input1.shape)}, input2 ${fmtShape(input2.shape)} and target ${fmtShape(target.shape)} must have the same shape`,
    );
  const y = target.to(input1.dtype);
  // PyTorch's composition: (-y (x1 - x2) + margin).clamp_min(0)
  return reduce(clampMin(scalarOp(y.neg().mul(input1.sub(input2)), "add", opts.margin ?? 0), 0), r);
}

/**
 * Multi-label one-versus-all loss on logits x [N, C] and 0/1 targets y [N, C]:
 * l_n = -1/C sum_c w_c [y log sigmoid(x) + (1 - y) log sigmoid(-x)], reduced over N.
 * PyTorch: `F.multilabel_soft_margin_loss(input, target, weight=None)`.
 */
export function multilabelSoftMarginLoss(
  input: Tensor,
  target: Tensor,
  opts: R & { weight?: Tensor | null } = {},
): Tensor {
  const op = "multilabelSoftMarginLoss";
  const r = checkReduction(opts.reduction ?? "mean", op);
  checkPair(input, target, op);
  if (input.ndim !== 2)
    throw new RangeError(`${op}: input must be [N, C], got ${fmtShape(input.shape)}`);
  const y = target.to(input.dtype);
  let l = y
    .mul(logsigmoid(input))
    .add(y.rsub(1).mul(logsigmoid(input.neg())))
    .neg();
  if (opts.weight) l = l.mul(opts.weight.to(input.dtype));
  return reduce(l.sum(1).div(input.shape[1]), r);
}
