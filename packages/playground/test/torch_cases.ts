/**
 * The configurations whose exported PyTorch program is run against torch (scripts/torch_golden.ts
 * records the losses, torch_golden.test.ts compares): full batches only, since torch's DataLoader
 * shuffles with torch's generator, not descent's; no dropout, for the same reason (its masks).
 */
import { createHash } from "node:crypto";
import type { Config } from "../src/core/config.js";
import { DEFAULT_CONFIG, normalize } from "../src/core/config.js";
import { toPyTorch } from "../src/core/codegen.js";
import { makeDataSet, splitDataSet } from "../src/core/data.js";
import { presetById } from "../src/core/presets.js";
import { Session } from "../src/core/session.js";

export interface TorchCase {
  name: string;
  config: Config;
  epochs: number;
}

export const TORCH_CASES: TorchCase[] = [
  {
    name: "default: the seed's 4-10-1 sigmoid net, BCE, SGD 0.1",
    config: DEFAULT_CONFIG,
    epochs: 30,
  },
  {
    name: "the seed's softmax regression (softmax before CrossEntropyLoss)",
    config: presetById("seed-softmax")!.config,
    epochs: 20,
  },
  {
    name: "moons, MLP 2-8-8-1 ReLU/tanh, Adam 0.01, L2",
    config: normalize({
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        name: "moons",
        nSamples: 300,
        noise: 0.2,
        seed: 5,
        plotX: 0,
        plotY: 1,
      },
      columns: [0, 1],
      hidden: [8, 8],
      activations: ["relu", "tanh"],
      optimizer: "adam",
      lr: 0.01,
      regularizer: "l2",
      regRate: 0.001,
      initSeed: 3,
    }),
    epochs: 30,
  },
  {
    name: "the mixture-of-Gaussians regression, MSE, 2-6-1 tanh, SGD with Nesterov momentum",
    config: normalize({
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        name: "gaussians",
        nSamples: 200,
        noise: 0.05,
        seed: 1,
        testRatio: 0.25,
      },
      columns: [0, 1],
      hidden: [6],
      activations: ["tanh"],
      loss: "mse",
      output: "none",
      momentum: 0.9,
      nesterov: true,
      lr: 0.05,
      initSeed: 4,
    }),
    epochs: 30,
  },
  {
    name: "spiral, derived inputs x1², x2², x1·x2, cross-entropy on logits, AdamW",
    config: normalize({
      ...DEFAULT_CONFIG,
      data: { ...DEFAULT_CONFIG.data, name: "spiral", nSamples: 200, noise: 0.05, seed: 2 },
      columns: [0, 1],
      derived: ["x1sq", "x2sq", "x1x2"],
      hidden: [10],
      activations: ["relu"],
      loss: "ce",
      optimizer: "adamw",
      lr: 0.02,
    }),
    epochs: 20,
  },
];

/** The page's run of a case: its Session after `epochs` epochs, and the PyTorch program the page shows. */
export function exportCase(k: TorchCase): { code: string; sha256: string; session: Session } {
  const c = k.config;
  const session = new Session(c, splitDataSet(makeDataSet(c.data), c.data.testRatio, c.data.seed));
  const code = toPyTorch(c, session.split.nClasses, k.epochs, { layers: session.weights() });
  for (let e = 0; e < k.epochs; e++) session.stepEpoch();
  return { code, sha256: createHash("sha256").update(code).digest("hex"), session };
}
