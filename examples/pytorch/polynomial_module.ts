/**
 * "Learning PyTorch with Examples", PyTorch: Custom nn Modules
 * (https://pytorch.org/tutorials/beginner/examples_nn/polynomial_module.html).
 *
 * The model as a subclass of `nn.Module` holding four `nn.Parameter`s, trained with
 * `optim.SGD` at lr 1e-6.
 *
 * Run: npx tsx examples/pytorch/polynomial_module.ts
 */
import type { Tensor } from "descent";
import { linspace, nn, noGrad, optim, randn, sin } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

export class Polynomial3 extends nn.Module {
  // In the constructor we instantiate four parameters and assign them as member parameters.
  a = new nn.Parameter(randn([]));
  b = new nn.Parameter(randn([]));
  c = new nn.Parameter(randn([]));
  d = new nn.Parameter(randn([]));

  /**
   * In the forward function we accept a Tensor of input data and we must return a Tensor of
   * output data. We can use Modules defined in the constructor as well as arbitrary operators
   * on Tensors.
   */
  forward(x: Tensor): Tensor {
    return this.a
      .add(this.b.mul(x))
      .add(this.c.mul(x.pow(2)))
      .add(this.d.mul(x.pow(3)));
  }

  /** Just like any class, you can also define custom methods on modules. */
  string(): string {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3`;
  }
}

/** Copies `init` into the model's parameters, in `parameters()` order (the test's weights). */
export function setParameters(model: nn.Module, init: readonly number[]): void {
  noGrad(() => model.parameters().forEach((p, i) => p.fill_(init[i])));
}

export function run(opts: TutorialOptions = {}): number[] {
  const log = opts.log ?? console.log;

  // Create Tensors to hold input and outputs.
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = sin(x);

  // Construct our model by instantiating the class defined above
  const model = new Polynomial3();
  if (opts.init) setParameters(model, opts.init);

  // Construct our loss function and an Optimizer. The call to model.parameters()
  // in the SGD constructor will contain the learnable parameters (defined
  // with nn.Parameter) which are members of the model.
  const criterion = new nn.MSELoss({ reduction: "sum" });
  const optimizer = new optim.SGD(model.parameters(), { lr: 1e-6 });
  for (let t = 0; t < 2000; t++) {
    // Forward pass: Compute predicted y by passing x to the model
    const yPred = model.forward(x);

    // Compute and print loss
    const loss = criterion.forward(yPred, y);
    if (t % 100 === 99) log(`${t} ${loss.item()}`);

    // Zero gradients, perform a backward pass, and update the weights.
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }

  log(`Result: ${model.string()}`);
  return model.parameters().map((p) => p.item());
}

if (isMain(import.meta.url)) run();
