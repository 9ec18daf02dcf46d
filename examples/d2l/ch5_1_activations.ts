/**
 * d2l (new edition, v1.0) 5.1 "Multilayer Perceptrons"
 * (https://d2l.ai/chapter_multilayer-perceptrons/mlp.html), 5.1.2 Activation Functions: ReLU,
 * sigmoid and tanh on x = -8, -7.9, ..., 7.9, and their derivatives by autograd (the book plots
 * them; this program prints them). `x.grad.data.zero_()` is `x.grad.zero_()`.
 *
 * Run: npx tsx examples/d2l/ch5_1_activations.ts
 */
import { arange, onesLike, relu, sigmoid, tanh } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

export function run(opts: SectionOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 5.1.2.1 ReLU Function
  const x = arange(-8.0, 8.0, 0.1, { requiresGrad: true });
  p.show("x", x.detach());
  let y = relu(x);
  p.show("relu(x)", y.detach());
  y.backward(onesLike(x), { retainGraph: true });
  p.show("grad of relu", x.grad!);
  // 5.1.2.2 Sigmoid Function
  y = sigmoid(x);
  p.show("sigmoid(x)", y.detach());
  x.grad!.zero_(); // clear out previous gradients
  y.backward(onesLike(x), { retainGraph: true });
  p.show("grad of sigmoid", x.grad!);
  // 5.1.2.3 Tanh Function
  y = tanh(x);
  p.show("tanh(x)", y.detach());
  x.grad!.zero_();
  y.backward(onesLike(x), { retainGraph: true });
  p.show("grad of tanh", x.grad!);
  return p.shown;
}

if (isMain(import.meta.url)) run();
