import type { Tensor } from "../../tensor/index.js";
import { Tensor as T } from "../../tensor/index.js";
import * as P from "../../autograd/ops/pointwise_loss.js";
import { fmtShape } from "../../util/shape.js";
import { logsigmoid } from "../functional_activation.js";
import type { Reduction } from "./reduction.js";
import { checkReduction, reduce } from "./reduction.js";

/** Regression, divergence and ranking losses (`F.l1Loss`, ...), with PyTorch's semantics. */

function checkPair(input: Tensor, target: Tensor, op: string): void {
  if (input.shape.join() !== target.shape.join())
    throw new RangeError(
      `${op}: target shape ${fmtShape(target.shape)} differs from input shape ${fmtShape(input.shape)}; ` +
        "they must be equal (reshape the target, e.g. y.view(-1, 1))",
    );
  for (const [t, what] of [
    [input, "input"],
    [target, "target"],
  ] as const) {
    if (t.dtype !== "float32" && t.dtype !== "float64")
      throw new TypeError(`${op}: ${what} must be a float tensor, got ${t.dtype} (use .float())`);
  }
}

/** One pointwise-loss node on (input, target cast to input's dtype), reduced. */
function pointwise(
  input: Tensor,
  target: Tensor,
  loss: P.PointwiseLoss,
  name: string,
  reduction: Reduction,
): Tensor {
  checkPair(input, target, name);
  const t = target.to(input.dtype);
  return reduce(T.apply(name, P.pointwiseLoss(input.value, t.value, loss), [input, t]), reduction);
}

type R = { reduction?: Reduction };

/** Mean absolute error: l = |x - y|, reduced. PyTorch: `F.l1_loss`. */
export function l1Loss(input: Tensor, target: Tensor, opts: R = {}): Tensor {
  const r = checkReduction(opts.reduction ?? "mean", "l1Loss");
  return pointwise(input, target, P.L1, "l1Loss", r);
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
  return pointwise(input, target, P.smoothL1(beta), "smoothL1Loss", r);
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
  return pointwise(input, target, P.huber(delta), "huberLoss", r);
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
  const l = pointwise(input, target, opts.logTarget ? P.KL_DIV_LOG_TARGET : P.KL_DIV, "klDiv", r);
  return rd === "batchmean" && input.ndim > 0 ? l.div(input.shape[0]) : l;
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
  return reduce(
    input1
      .sub(input2)
      .mul(y.neg())
      .add(opts.margin ?? 0)
      .clamp(0),
    r,
  );
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
