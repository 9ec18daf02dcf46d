/**
 * "Learn the Basics", Automatic Differentiation with autograd
 * (https://pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html).
 *
 * The one-layer network z = x w + b with a binary cross-entropy loss on logits: the graph's
 * gradient functions, `loss.backward()` and the gradients of w and b, turning tracking off
 * (`noGrad`, `detach`), and vector-Jacobian products with a gradient argument, accumulating
 * over calls until zeroed.
 *
 * Run: npx tsx examples/pytorch/autogradqs.ts
 */
import { F, data, eye, matmul, noGrad, ones, onesLike, randn, zeros } from "descent";
import { randnFromRandomState } from "./fashion_mnist.js";
import type { BasicsOptions } from "./buildmodel.js";
import { isMain } from "./options.js";

export function run(opts: BasicsOptions = {}): void {
  const log = opts.log ?? console.log;
  const rs = opts.numpySeed === undefined ? null : new data.RandomState(opts.numpySeed);
  const normal = (...shape: number[]) =>
    (rs ? randnFromRandomState(rs, shape) : randn(shape)).requiresGrad_();

  const x = ones(5); // input tensor
  const y = zeros(3); // expected output
  const w = normal(5, 3); // randn(5, 3, { requiresGrad: true })
  const b = normal(3); // randn(3, { requiresGrad: true })
  let z = matmul(x, w).add(b);
  const loss = F.binaryCrossEntropyWithLogits(z, y);

  // Tensors, Functions and Computational graph: each op's backward is in the tensor's gradFn.
  log(`Gradient function for z = ${z.gradFn}`);
  log(`Gradient function for loss = ${loss.gradFn}`);

  // Computing Gradients
  loss.backward();
  log(String(w.grad));
  log(String(b.grad));

  // Disabling Gradient Tracking
  z = matmul(x, w).add(b);
  log(String(z.requiresGrad));

  z = noGrad(() => matmul(x, w).add(b));
  log(String(z.requiresGrad));

  // Another way to achieve the same result is detach():
  z = matmul(x, w).add(b);
  const zDet = z.detach();
  log(String(zDet.requiresGrad));

  // Optional Reading: Tensor Gradients and Jacobian Products
  const inp = eye(4, 5, { requiresGrad: true });
  const out = inp.add(1).pow(2).t();
  out.backward(onesLike(out), { retainGraph: true });
  log(`First call\n${inp.grad}`);
  out.backward(onesLike(out), { retainGraph: true });
  log(`\nSecond call\n${inp.grad}`);
  inp.grad!.zero_();
  out.backward(onesLike(out), { retainGraph: true });
  log(`\nCall after zeroing gradients\n${inp.grad}`);
}

if (isMain(import.meta.url)) run();
