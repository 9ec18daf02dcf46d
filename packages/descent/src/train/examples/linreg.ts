/**
 * d2l's linear regression (sections 3.2-3.3): y = X w + b + noise with w = [2, -3.4], b = 4.2,
 * 1000 examples, a single Linear(2, 1) layer in a Sequential (state-dict keys `0.weight`,
 * `0.bias`, as d2l's `nn.Sequential(nn.Linear(2, 1))`), weights from N(0, 0.01^2), bias 0,
 * MSELoss, SGD lr 0.03, mini-batches of 10, 3 epochs.
 */
import { syntheticData } from "../../data/index.js";
import { Linear, Sequential, init } from "../../nn/index.js";
import type { Generator, Tensor } from "../../tensor/index.js";

/** d2l's true weights, `true_w = torch.tensor([2, -3.4])`. */
export const TRUE_W = [2, -3.4] as const;
/** d2l's true bias, `true_b = 4.2`. */
export const TRUE_B = 4.2;

/** d2l's `synthetic_data(true_w, true_b, 1000)`. */
export function linregData(generator?: Generator): { X: Tensor; y: Tensor } {
  return syntheticData([...TRUE_W], TRUE_B, 1000, { generator });
}

/** d2l 3.3's net: `nn.Sequential(nn.Linear(2, 1))`, weight ~ N(0, 0.01^2), bias 0. */
export function linregNet(generator?: Generator): Sequential {
  const fc = new Linear(2, 1, { generator });
  init.normal_(fc.weight, 0, 0.01, generator);
  init.zeros_(fc.bias!);
  return new Sequential(fc);
}
