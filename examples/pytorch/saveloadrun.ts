/**
 * "Learn the Basics", Save and Load the Model
 * (https://pytorch.org/tutorials/beginner/basics/saveloadrun_tutorial.html), with the model of
 * the Quickstart's "Saving Models" / "Loading Models" sections.
 *
 * The network trained by optimization.ts saves its state dict as PyTorch does,
 * `savePt("model_weights.pth", model.stateDict())` (a file `torch.load(..., weights_only=True)`
 * reads), and as safetensors; a new instance loads it with `loadStateDict(loadPt(...))`, is put
 * in eval mode, and predicts the first test image. The tutorial's other two parts have no
 * counterpart: `torch.save(model)` pickles the Python class itself (descent's .pt reader refuses
 * code by design, as `weights_only=True` does), and descent does not export ONNX.
 *
 * Run: npx tsx examples/pytorch/saveloadrun.ts [--small] [folder]
 */
import { join } from "node:path";

import { noGrad } from "descent";
import type { Tensor } from "descent";
import { loadPt, loadSafetensors, savePt, saveSafetensors } from "descent/io";
import { NeuralNetwork } from "./buildmodel.js";
import { fashionMnist } from "./fashion_mnist.js";
import type { OptimizationOptions } from "./optimization.js";
import { run as train } from "./optimization.js";
import { isMain } from "./options.js";

export interface SaveLoadOptions extends OptimizationOptions {
  /** Where the files go (default: the current folder). */
  dir?: string;
  /** An already trained network (default: optimization.ts trains one). */
  model?: NeuralNetwork;
}

export const classes = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

export function run(opts: SaveLoadOptions = {}): void {
  const log = opts.log ?? console.log;
  const dir = opts.dir ?? ".";
  let model = opts.model ?? train({ ...opts, log: () => {} }).model;

  // Saving and Loading Model Weights: the learned parameters are in the state dict.
  savePt(join(dir, "model_weights.pth"), model.stateDict());
  saveSafetensors(join(dir, "model_weights.safetensors"), model.stateDict());
  log("Saved PyTorch Model State to model_weights.pth");

  // To load model weights, create an instance of the same model first, then load the parameters.
  model = new NeuralNetwork();
  model.loadStateDict(loadPt(join(dir, "model_weights.pth")));
  model.eval();
  // The safetensors file holds the same tensors.
  const other = new NeuralNetwork();
  other.loadStateDict(loadSafetensors(join(dir, "model_weights.safetensors")));

  // This model can now be used to make predictions.
  const { testData } = fashionMnist(opts.small);
  const [x, y] = testData.get(0) as Tensor[];
  noGrad(() => {
    const pred = model.forward(x);
    const predicted = classes[pred.get(0).argmax(0).item()];
    const actual = classes[y.item()];
    log(`Predicted: "${predicted}", Actual: "${actual}"`);
    log(`Logits: ${pred}`);
    log(
      `Same logits from the safetensors file: ${Boolean(other.forward(x).eq(pred).all().item())}`,
    );
  });
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  run({ small: args.includes("--small"), dir: args.find((a) => !a.startsWith("--")) });
}
