/**
 * Model presets: the seed's two programs (and the corrected softmax regression), logistic and
 * linear regression, and a free MLP to start from. Each is a whole Config, so choosing one is
 * reproducible from the URL like any other change.
 */
import type { Config } from "./config.js";
import { DEFAULT_CONFIG, SEED_DATA, normalize } from "./config.js";

export interface Preset {
  id: string;
  label: string;
  /** Shown under the model when the preset is chosen. */
  note: string;
  config: Config;
}

const base = (over: Partial<Config>): Config =>
  normalize({ ...structuredClone(DEFAULT_CONFIG), ...over });

export const PRESETS: readonly Preset[] = [
  {
    id: "seed-mlp",
    label: "Seed: 4-10-1 sigmoid net (BCE, SGD 0.1)",
    note: "The seed's LinearNet: fc1 = Linear(4, 10), sigmoid, fc2 = Linear(10, 1), sigmoid; BCELoss; SGD lr 0.1 on the whole set each step (batch gradient descent).",
    config: base({}),
  },
  {
    id: "seed-softmax",
    label: "Seed: softmax regression, softmax before CrossEntropyLoss",
    note: "As the seed wrote it: Linear(4, 3), softmax, then CrossEntropyLoss. CrossEntropyLoss applies log-softmax itself, so the softmax is applied twice: the loss cannot fall below about 0.55 and the gradients shrink. Compare with the logits version.",
    config: base({ hidden: [], activations: [], output: "softmax", loss: "ce", outUnits: 3 }),
  },
  {
    id: "seed-softmax-logits",
    label: "Seed: softmax regression, logits into CrossEntropyLoss (corrected)",
    note: "The corrected program: Linear(4, 3) gives logits straight to CrossEntropyLoss, which applies log-softmax once. Same model, same data; the loss can now go towards 0.",
    config: base({ hidden: [], activations: [], output: "none", loss: "ce", outUnits: 3 }),
  },
  {
    id: "logistic",
    label: "Logistic regression (moons)",
    note: "One Linear layer and a sigmoid with BCELoss: a straight decision boundary. Switch on x1·x2 or x1², x2² to bend it.",
    config: base({
      data: { ...SEED_DATA, plotX: 0, plotY: 1, name: "moons", nFeatures: 2, noise: 0.1, seed: 0 },
      columns: [0, 1],
      hidden: [],
      activations: [],
    }),
  },
  {
    id: "linear-regression",
    label: "Linear regression (plane)",
    note: "One Linear layer, no activation, MSELoss: least squares fitted by gradient descent.",
    config: base({
      data: { ...SEED_DATA, plotX: 0, plotY: 1, name: "plane", nFeatures: 2, noise: 0.1, seed: 0 },
      columns: [0, 1],
      hidden: [],
      activations: [],
      output: "none",
      loss: "mse",
      lr: 0.03,
    }),
  },
  {
    id: "mlp",
    label: "MLP 8-8 ReLU, Adam (spiral)",
    note: "Two hidden layers of 8 ReLU units trained with Adam on mini-batches of 32: edit the layers freely (0 to 8 layers of 1 to 64 units).",
    config: base({
      data: {
        ...SEED_DATA,
        plotX: 0,
        plotY: 1,
        name: "spiral",
        nFeatures: 2,
        noise: 0,
        seed: 0,
        nSamples: 500,
      },
      columns: [0, 1],
      derived: ["sinx1", "sinx2"],
      hidden: [8, 8],
      activations: ["relu", "relu"],
      optimizer: "adam",
      lr: 0.03,
      batchSize: 32,
    }),
  },
];

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/** The preset a config is, if any (for the select's displayed value). */
export function presetOf(c: Config): Preset | undefined {
  const key = JSON.stringify(normalize(c));
  return PRESETS.find((p) => JSON.stringify(p.config) === key);
}
