/**
 * "Learn the Basics", Build the Neural Network
 * (https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html).
 *
 * A network for Fashion-MNIST as a subclass of `nn.Module`: `nn.Flatten`, then
 * `nn.Sequential(Linear(784, 512), ReLU, Linear(512, 512), ReLU, Linear(512, 10))`; its printed
 * structure, a prediction through `nn.Softmax`, each layer on a minibatch of three images, and
 * the parameters by name. descent has no devices: where PyTorch picks "cuda" or "cpu", this
 * program prints the backend that runs the kernels.
 *
 * Run: npx tsx examples/pytorch/buildmodel.ts
 */
import type { Tensor } from "descent";
import { data, getBackend, nn, rand } from "descent";
import { initFromRandomState, randFromRandomState } from "./fashion_mnist.js";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

export interface BasicsOptions extends TutorialOptions {
  /**
   * Draw the weights and random inputs from numpy's RandomState with this seed (as the golden
   * script does in PyTorch) instead of descent's generator.
   */
  numpySeed?: number;
}

// Define the Class: the layers in the constructor, the operations on input data in forward.
export class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linear_relu_stack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x: Tensor): Tensor {
    x = this.flatten.forward(x);
    const logits = this.linear_relu_stack.forward(x);
    return logits;
  }
}

export function run(opts: BasicsOptions = {}): void {
  const log = opts.log ?? console.log;
  const rs = opts.numpySeed === undefined ? null : new data.RandomState(opts.numpySeed);
  const random = (...shape: number[]) => (rs ? randFromRandomState(rs, shape) : rand(shape));
  const init = (m: nn.Module) => {
    if (rs) initFromRandomState(m, rs);
    return m;
  };

  // Get Device for Training: descent runs on the CPU, in the backend that getBackend() names.
  const device = getBackend().name;
  log(`Using ${device} device`);

  // We create an instance of NeuralNetwork and print its structure.
  const model = init(new NeuralNetwork());
  log(String(model));

  // Calling the model on the input returns a 10-dimensional tensor with raw predicted values for
  // each class; nn.Softmax gives the prediction probabilities.
  const X = random(1, 28, 28);
  let logits = model.forward(X);
  let predProbab = new nn.Softmax(1).forward(logits);
  const yPred = predProbab.argmax(1);
  log(`Predicted class: ${yPred}`);

  // Model Layers: a sample minibatch of 3 images of size 28x28.
  let inputImage = random(3, 28, 28);
  log(`[${inputImage.size().join(", ")}]`);

  // nn.Flatten converts each 2D 28x28 image into a contiguous array of 784 pixel values.
  const flatten = new nn.Flatten();
  const flatImage = flatten.forward(inputImage);
  log(`[${flatImage.size().join(", ")}]`);

  // nn.Linear applies a linear transformation with its stored weights and biases.
  const layer1 = init(new nn.Linear(28 * 28, 20)) as nn.Linear;
  let hidden1 = layer1.forward(flatImage);
  log(`[${hidden1.size().join(", ")}]`);

  // nn.ReLU: a non-linear activation between the linear layers.
  log(`Before ReLU: ${hidden1}\n\n`);
  hidden1 = new nn.ReLU().forward(hidden1);
  log(`After ReLU: ${hidden1}`);

  // nn.Sequential: an ordered container of modules.
  const seqModules = new nn.Sequential(flatten, layer1, new nn.ReLU(), init(new nn.Linear(20, 10)));
  inputImage = random(3, 28, 28);
  logits = seqModules.forward(inputImage);

  // nn.Softmax scales the logits to [0, 1]; dim is the dimension along which they sum to 1.
  const softmax = new nn.Softmax(1);
  predProbab = softmax.forward(logits);

  // Model Parameters: each parameter's name, size and first two rows.
  log(`Model structure:  ${model} \n\n`);
  for (const [name, param] of model.namedParameters())
    log(`Layer: ${name} | Size: [${param.size().join(", ")}] | Values : ${param.get(":2")} \n`);
}

if (isMain(import.meta.url)) run();
