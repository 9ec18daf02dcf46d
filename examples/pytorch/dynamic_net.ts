/**
 * "Learning PyTorch with Examples", PyTorch: Control Flow + Weight Sharing
 * (https://pytorch.org/tutorials/beginner/examples_nn/dynamic_net.html).
 *
 * A third-to-fifth order polynomial that on each forward pass picks a random number between 4
 * and 5 and uses that many orders, reusing the same weight `e` for the fourth and fifth order:
 * the graph is built anew on each pass, with ordinary control flow. Python's
 * `random.randint(4, 6)` becomes a seeded `Generator`'s `integer(4, 7)` (the test passes the
 * numbers Python drew as `randint`).
 *
 * Run: npx tsx examples/pytorch/dynamic_net.ts
 */
import type { Tensor } from "descent";
import { Generator, linspace, nn, optim, randn, sin } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";
import { setParameters } from "./polynomial_module.js";

export interface DynamicNetOptions extends TutorialOptions {
  /** Python's random.randint(low, high), both ends included (default: a seeded Generator's). */
  randint?: (low: number, high: number) => number;
  /** Training steps (default 30 000, the tutorial's). */
  steps?: number;
}

export class DynamicNet extends nn.Module {
  // In the constructor we instantiate five parameters and assign them as members.
  a = new nn.Parameter(randn([]));
  b = new nn.Parameter(randn([]));
  c = new nn.Parameter(randn([]));
  d = new nn.Parameter(randn([]));
  e = new nn.Parameter(randn([]));

  constructor(private readonly randint: (low: number, high: number) => number) {
    super();
  }

  /**
   * For the forward pass of the model, we randomly choose either 4 or 5 and reuse the e
   * parameter to compute the contribution of these orders. Since each forward pass builds a
   * dynamic computation graph, we can use ordinary control flow (loops, conditionals) in it, and
   * it is perfectly safe to reuse the same parameter many times in one graph.
   */
  forward(x: Tensor): Tensor {
    let y = this.a
      .add(this.b.mul(x))
      .add(this.c.mul(x.pow(2)))
      .add(this.d.mul(x.pow(3)));
    const orders = this.randint(4, 6);
    for (let exp = 4; exp < orders; exp++) y = y.add(this.e.mul(x.pow(exp)));
    return y;
  }

  /** Just like any class, you can also define custom methods on modules. */
  string(): string {
    const [a, b, c, d, e] = [this.a, this.b, this.c, this.d, this.e].map((p) => p.item());
    return `y = ${a} + ${b} x + ${c} x^2 + ${d} x^3 + ${e} x^4 ? + ${e} x^5 ?`;
  }
}

export function run(opts: DynamicNetOptions = {}): number[] {
  const log = opts.log ?? console.log;
  const random = new Generator(0);
  const randint = opts.randint ?? ((low: number, high: number) => random.integer(low, high + 1));

  // Create Tensors to hold input and outputs.
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = sin(x);

  // Construct our model by instantiating the class defined above
  const model = new DynamicNet(randint);
  if (opts.init) setParameters(model, opts.init);

  // Construct our loss function and an Optimizer. Training this strange model with
  // vanilla stochastic gradient descent is tough, so we use momentum
  const criterion = new nn.MSELoss({ reduction: "sum" });
  const optimizer = new optim.SGD(model.parameters(), { lr: 1e-8, momentum: 0.9 });
  const steps = opts.steps ?? 30000;
  for (let t = 0; t < steps; t++) {
    // Forward pass: Compute predicted y by passing x to the model
    const yPred = model.forward(x);

    // Compute and print loss
    const loss = criterion.forward(yPred, y);
    if (t % 2000 === 1999) log(`${t} ${loss.item()}`);

    // Zero gradients, perform a backward pass, and update the weights.
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }

  log(`Result: ${model.string()}`);
  return model.parameters().map((p) => p.item());
}

if (isMain(import.meta.url)) run();
