/**
 * "Learning PyTorch with Examples", PyTorch: Tensors and autograd
 * (https://pytorch.org/tutorials/beginner/examples_autograd/polynomial_autograd.html).
 *
 * The forward pass on tensors, the backward pass by autograd: the weights are created with
 * `requiresGrad: true`, `loss.backward()` fills their `.grad`, and the update runs under
 * `noGrad` (PyTorch's `with torch.no_grad():`).
 *
 * Run: npx tsx examples/pytorch/polynomial_autograd.ts
 */
import { linspace, noGrad, randn, sin, tensor } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;
  const dtype = "float32";

  // Create Tensors to hold input and outputs.
  // By default, requiresGrad is false: no gradients are needed for these during backward.
  const x = linspace(-Math.PI, Math.PI, 2000, { dtype });
  const y = sin(x);

  // Create random Tensors for weights. For a third order polynomial, we need
  // 4 weights: y = a + b x + c x^2 + d x^3
  // requiresGrad: true says that we want gradients with respect to these Tensors.
  const weights = opts.init
    ? opts.init.map((v) => tensor(v, { dtype, requiresGrad: true }))
    : [0, 1, 2, 3].map(() => randn([], { dtype, requiresGrad: true }));
  const [a, b, c, d] = weights;

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    // Forward pass: compute predicted y using operations on Tensors.
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));

    // Compute and print loss using operations on Tensors.
    // Now loss is a Tensor of shape []; loss.item() gets the number it holds.
    const loss = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) log(`${t} ${loss.item()}`);

    // Use autograd to compute the backward pass. This call will compute the
    // gradient of loss with respect to all Tensors with requiresGrad: true.
    // After this call a.grad, b.grad, c.grad and d.grad hold the gradient of the loss
    // with respect to a, b, c, d respectively.
    loss.backward();

    // Manually update weights using gradient descent. Wrap in noGrad
    // because weights have requiresGrad: true, but we don't need to track this in autograd.
    noGrad(() => {
      a.sub_(a.grad!.mul(learningRate));
      b.sub_(b.grad!.mul(learningRate));
      c.sub_(c.grad!.mul(learningRate));
      d.sub_(d.grad!.mul(learningRate));

      // Manually zero the gradients after updating weights
      a.grad = null;
      b.grad = null;
      c.grad = null;
      d.grad = null;
    });
  }

  log(`Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`);
  return weights.map((w) => w.item());
}

if (isMain(import.meta.url)) run();
