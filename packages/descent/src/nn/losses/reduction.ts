import type { Tensor } from "../../tensor/index.js";

/** How a loss reduces its per-element values: their mean (the default), their sum, or none (the values as they are). */
export type Reduction = "mean" | "sum" | "none";

export function checkReduction(r: unknown, op: string): Reduction {
  if (r === "mean" || r === "sum" || r === "none") return r;
  throw new TypeError(`${op}: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(r)}`);
}

export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? loss : reduction === "sum" ? loss.sum() : loss.mean();
}
