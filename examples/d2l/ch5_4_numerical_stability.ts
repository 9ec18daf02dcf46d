/**
 * d2l (new edition, v1.0) 5.4 "Numerical Stability and Initialization"
 * (https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html):
 * 5.4.1.1 the sigmoid and its vanishing gradient on x = -8, ..., 7.9; 5.4.1.2 exploding
 * gradients: the product of 100 random 4 x 4 Gaussian matrices. The test gives both programs
 * the same 101 matrices (option `matrices`), since the draws of `torch.normal` cannot be repeated.
 *
 * Run: npx tsx examples/d2l/ch5_4_numerical_stability.ts
 */
import { arange, normal, onesLike, sigmoid, type Tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

export function run(opts: SectionOptions & { matrices?: Tensor[] } = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 5.4.1.1 Vanishing Gradients
  const x = arange(-8.0, 8.0, 0.1, { requiresGrad: true });
  const y = sigmoid(x);
  y.backward(onesLike(x));
  p.show("sigmoid", y.detach());
  p.show("gradient", x.grad!);
  // 5.4.1.2 Exploding Gradients
  const draw = (i: number): Tensor => opts.matrices?.[i] ?? normal(0, 1, [4, 4]);
  let M = draw(0);
  p.show("a single matrix", M);
  for (let i = 0; i < 100; i++) M = M.matmul(draw(i + 1));
  p.show("after multiplying 100 matrices", M);
  return p.shown;
}

if (isMain(import.meta.url)) run();
