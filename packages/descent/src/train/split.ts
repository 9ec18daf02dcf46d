import type { Generator, Tensor } from "../tensor/index.js";
import { randperm } from "../tensor/index.js";

/**
 * Splits rows into a training and a validation part: `valFraction` of the rows (rounded, at least
 * one when the fraction is > 0), chosen by a random permutation from `generator`.
 *
 * PyTorch: `torch.utils.data.random_split(dataset, [1 - f, f])`.
 */
export function trainValSplit(
  x: Tensor,
  y: Tensor,
  valFraction: number,
  generator?: Generator,
): { train: { x: Tensor; y: Tensor }; val: { x: Tensor; y: Tensor } | null } {
  if (!(valFraction >= 0 && valFraction < 1)) {
    throw new RangeError(`val split must be in [0, 1), got ${valFraction}`);
  }
  const n = x.shape[0];
  if (valFraction === 0) return { train: { x, y }, val: null };
  const nVal = Math.max(1, Math.round(n * valFraction));
  if (nVal >= n)
    throw new RangeError(`val split ${valFraction} leaves no training rows (${n} rows)`);
  const order = Array.from(randperm(n, { generator }).toTypedArray());
  const val = order.slice(0, nVal).sort((a, b) => a - b);
  const train = order.slice(nVal).sort((a, b) => a - b);
  return {
    train: { x: x.indexSelect(0, train), y: y.indexSelect(0, train) },
    val: { x: x.indexSelect(0, val), y: y.indexSelect(0, val) },
  };
}
