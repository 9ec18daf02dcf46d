/**
 * "Learning PyTorch with Examples", PyTorch: nn
 * (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_nn.html).
 *
 * The polynomial as a one-layer network: `nn.Linear(3, 1)` on the features (x, x^2, x^3),
 * `nn.Flatten(0, 1)` to match y's shape, `nn.MSELoss({ reduction: "sum" })`, and the gradient
 * step by hand over `model.parameters()`.
 *
 * Run: npx tsx examples/pytorch/polynomial_nn.ts
 */
import { linspace, nn, noGrad, sin, tensor } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";
import { polynomialResult, setLinear } from "./polynomial_result.js";

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;

  // Create Tensors to hold input and outputs.
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = sin(x);

  // For this example, the output y is a linear function of (x, x^2, x^3), so
  // we can consider it as a linear layer neural network. Let's prepare the
  // tensor (x, x^2, x^3).
  const p = tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);
  // x.unsqueeze(-1) has shape [2000, 1] and p has shape [3]: broadcasting gives [2000, 3].

  // Use the nn package to define our model as a sequence of layers. nn.Sequential
  // is a Module which contains other Modules, and applies them in sequence to
  // produce its output. The Linear Module computes output from input using a
  // linear function, and holds internal Tensors for its weight and bias.
  // The Flatten layer flattens the output of the linear layer to a 1D tensor,
  // to match the shape of `y`.
  const model = new nn.Sequential(new nn.Linear(3, 1), new nn.Flatten(0, 1));
  if (opts.init) setLinear(model[0] as nn.Linear, opts.init);

  // The nn package also contains definitions of popular loss functions; in this
  // case we will use Mean Squared Error (MSE) as our loss function.
  const lossFn = new nn.MSELoss({ reduction: "sum" });

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    // Forward pass: compute predicted y by passing x to the model.
    const yPred = model.forward(xx);

    // Compute and print loss.
    const loss = lossFn.forward(yPred, y);
    if (t % 100 === 99) log(`${t} ${loss.item()}`);

    // Zero the gradients before running the backward pass.
    model.zeroGrad();

    // Backward pass: compute gradient of the loss with respect to all the learnable
    // parameters of the model.
    loss.backward();

    // Update the weights using gradient descent. Each parameter is a Tensor, so
    // we can access its gradients like we did before.
    noGrad(() => {
      for (const param of model.parameters()) param.sub_(param.grad!.mul(learningRate));
    });
  }

  // You can access the first layer of `model` like accessing the first item of a list
  const linearLayer = model[0] as nn.Linear;
  return polynomialResult(linearLayer, log);
}

if (isMain(import.meta.url)) run();
