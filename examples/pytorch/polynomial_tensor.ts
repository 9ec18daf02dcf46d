/**
 * "Learning PyTorch with Examples", PyTorch: Tensors
 * (https://pytorch.org/tutorials/beginner/examples_tensor/polynomial_tensor.html).
 *
 * The numpy program with tensors: the forward pass, loss and backward pass still by hand, no
 * autograd. `a -= learning_rate * grad_a` on a tensor is the in-place `a.sub_(...)`.
 *
 * Run: npx tsx examples/pytorch/polynomial_tensor.ts
 */
import { linspace, matmul, randn, sin, tensor } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;
  const dtype = "float32";

  // Create random input and output data
  const x = linspace(-Math.PI, Math.PI, 2000, { dtype });
  const y = sin(x);

  // Randomly initialize weights
  let [a, b, c, d] = [
    randn([], { dtype }),
    randn([], { dtype }),
    randn([], { dtype }),
    randn([], { dtype }),
  ];
  if (opts.init) [a, b, c, d] = opts.init.map((v) => tensor(v, { dtype }));

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    // Forward pass: compute predicted y
    const yPred = a
      .add(b.mul(x))
      .add(c.mul(x.pow(2)))
      .add(d.mul(x.pow(3)));

    // Compute and print loss
    const loss = yPred.sub(y).pow(2).sum().item();
    if (t % 100 === 99) log(`${t} ${loss}`);

    // Backprop to compute gradients of a, b, c, d with respect to loss
    const gradYPred = y.sub(yPred).mul(-2.0);
    const gradA = gradYPred.sum();
    const gradB = matmul(gradYPred, x).sum();
    const gradC = matmul(gradYPred, x.pow(2)).sum();
    const gradD = matmul(gradYPred, x.pow(3)).sum();

    // Update weights using gradient descent
    a.sub_(gradA.mul(learningRate));
    b.sub_(gradB.mul(learningRate));
    c.sub_(gradC.mul(learningRate));
    d.sub_(gradD.mul(learningRate));
  }

  log(`Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`);
  return [a.item(), b.item(), c.item(), d.item()];
}

if (isMain(import.meta.url)) run();
