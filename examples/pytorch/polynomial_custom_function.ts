/**
 * "Learning PyTorch with Examples", PyTorch: Defining New autograd Functions
 * (https://pytorch.org/tutorials/beginner/examples_autograd/polynomial_custom_function.html).
 *
 * The polynomial written as y = a + b P3(c + d x), where P3(x) = (5x^3 - 3x) / 2 is the Legendre
 * polynomial of degree three, computed by a custom autograd Function whose backward gives
 * P3'(x) = 1.5 (5x^2 - 1).
 *
 * Run: npx tsx examples/pytorch/polynomial_custom_function.ts
 */
import type { Tensor } from "descent";
import { autograd, full, linspace, noGrad, sin } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

/**
 * We can implement our own custom autograd Functions by subclassing autograd.Function and
 * implementing the forward and backward passes, which operate on Tensors.
 */
export class LegendrePolynomial3 extends autograd.Function {
  /**
   * In the forward pass we receive a Tensor containing the input and return a Tensor containing
   * the output. ctx is a context object that can be used to stash information for the backward
   * computation; ctx.saveForBackward caches tensors for use in the backward pass.
   */
  static forward(ctx: autograd.FunctionCtx, input: Tensor): Tensor {
    ctx.saveForBackward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }

  /**
   * In the backward pass we receive a Tensor containing the gradient of the loss with respect to
   * the output, and we need to compute the gradient of the loss with respect to the input.
   */
  static backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): Tensor {
    const [input] = ctx.savedTensors;
    return gradOutput.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;
  const dtype = "float32";

  // Create Tensors to hold input and outputs.
  const x = linspace(-Math.PI, Math.PI, 2000, { dtype });
  const y = sin(x);

  // Create Tensors for weights. For this example, we need 4 weights: y = a + b * P3(c + d * x);
  // these weights need to be initialized not too far from the correct result to ensure
  // convergence. requiresGrad: true says that we want gradients with respect to them.
  const a = full([], 0.0, { dtype, requiresGrad: true });
  const b = full([], -1.0, { dtype, requiresGrad: true });
  const c = full([], 0.0, { dtype, requiresGrad: true });
  const d = full([], 0.3, { dtype, requiresGrad: true });

  const learningRate = 5e-6;
  for (let t = 0; t < 2000; t++) {
    // To apply our Function, we use its apply method. We alias this as P3.
    const P3 = LegendrePolynomial3.apply;

    // Forward pass: compute predicted y using operations; we compute
    // P3 using our custom autograd operation.
    const yPred = a.add(b.mul(P3(c.add(d.mul(x)))));

    // Compute and print loss
    const loss = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) log(`${t} ${loss.item()}`);

    // Use autograd to compute the backward pass.
    loss.backward();

    // Update weights using gradient descent
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

  log(`Result: y = ${a.item()} + ${b.item()} * P3(${c.item()} + ${d.item()} x)`);
  return [a.item(), b.item(), c.item(), d.item()];
}

if (isMain(import.meta.url)) run();
