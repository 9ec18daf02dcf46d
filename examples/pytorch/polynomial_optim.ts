/**
 * "Learning PyTorch with Examples", PyTorch: optim
 * (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_optim.html).
 *
 * The nn program with an optimizer doing the update: `optim.RMSprop` at lr 1e-3, and
 * `optimizer.zeroGrad()` / `loss.backward()` / `optimizer.step()` in the loop.
 *
 * Run: npx tsx examples/pytorch/polynomial_optim.ts
 */
import { linspace, nn, optim, sin, tensor } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";
import { polynomialResult, setLinear } from "./polynomial_result.js";

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;

  // Create Tensors to hold input and outputs.
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = sin(x);

  // Prepare the input tensor (x, x^2, x^3).
  const p = tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);

  // Use the nn package to define our model and loss function.
  const model = new nn.Sequential(new nn.Linear(3, 1), new nn.Flatten(0, 1));
  if (opts.init) setLinear(model[0] as nn.Linear, opts.init);
  const lossFn = new nn.MSELoss({ reduction: "sum" });

  // Use the optim package to define an Optimizer that will update the weights of
  // the model for us. Here we will use RMSprop; the optim package contains many other
  // optimization algorithms. The first argument to the RMSprop constructor tells the
  // optimizer which Tensors it should update.
  const learningRate = 1e-3;
  const optimizer = new optim.RMSprop(model.parameters(), { lr: learningRate });
  for (let t = 0; t < 2000; t++) {
    // Forward pass: compute predicted y by passing x to the model.
    const yPred = model.forward(xx);

    // Compute and print loss.
    const loss = lossFn.forward(yPred, y);
    if (t % 100 === 99) log(`${t} ${loss.item()}`);

    // Before the backward pass, use the optimizer object to zero all of the
    // gradients for the variables it will update (which are the learnable
    // weights of the model). This is because by default, gradients are
    // accumulated in buffers (i.e., not overwritten) whenever backward()
    // is called.
    optimizer.zeroGrad();

    // Backward pass: compute gradient of the loss with respect to model parameters
    loss.backward();

    // Calling the step function on an Optimizer makes an update to its parameters
    optimizer.step();
  }

  const linearLayer = model[0] as nn.Linear;
  return polynomialResult(linearLayer, log);
}

if (isMain(import.meta.url)) run();
