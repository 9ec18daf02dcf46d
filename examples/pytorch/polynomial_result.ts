/** What polynomial_nn.ts and polynomial_optim.ts share: their last line, and the test's weights. */
import type { nn } from "descent";
import { noGrad, tensor } from "descent";

/**
 * Prints `Result: y = b + w0 x + w1 x^2 + w2 x^3` from the linear layer (its parameters are
 * stored as `weight` and `bias`) and returns [b, w0, w1, w2].
 */
export function polynomialResult(linearLayer: nn.Linear, log: (line: string) => void): number[] {
  const r = [
    linearLayer.bias!.item(),
    linearLayer.weight.get(":", 0).item(),
    linearLayer.weight.get(":", 1).item(),
    linearLayer.weight.get(":", 2).item(),
  ];
  log(`Result: y = ${r[0]} + ${r[1]} x + ${r[2]} x^2 + ${r[3]} x^3`);
  return r;
}

/** Sets `nn.Linear(3, 1)`'s weight and bias from [w0, w1, w2, b] (PyTorch's initial values). */
export function setLinear(layer: nn.Linear, init: readonly number[]): void {
  noGrad(() => {
    layer.weight.copy_(tensor([init.slice(0, 3)]));
    layer.bias!.copy_(tensor([init[3]]));
  });
}
