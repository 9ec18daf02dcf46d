/**
 * The model, loss and optimizer a Config describes, built from the library's own layers, losses
 * and optimizers (nothing re-implemented): an nn.Sequential, so parameter names are PyTorch's
 * (`0.weight`, `0.bias`, `2.weight`, ...).
 */
import { Generator, nn, optim } from "descent";
import type { Tensor } from "descent";
import type { Activation, Config } from "./config.js";

type AnyModule = nn.Module;

/** Seed of the dropout masks' generator: after the weights' (initSeed) and the batch order's (+1). */
export const dropoutSeed = (c: Config): number => c.initSeed + 2;

function activation(a: Activation): AnyModule {
  switch (a) {
    case "sigmoid":
      return new nn.Sigmoid();
    case "relu":
      return new nn.ReLU();
    case "tanh":
      return new nn.Tanh();
    case "linear":
      return new nn.Identity();
  }
}

/** Where each Linear layer sits in the Sequential, and its sizes. */
export interface LayerInfo {
  /** Index of the Linear in the Sequential ("0", "2", ...: the key prefix). */
  index: number;
  inFeatures: number;
  outFeatures: number;
  /** Index of the module whose output is this layer's unit values (activation, or the Linear). */
  outputIndex: number;
}

export interface Built {
  model: nn.Sequential;
  layers: LayerInfo[];
}

/** The network: Linear, activation (, Dropout) per hidden layer, then Linear and the output activation. */
export function buildModel(c: Config, nIn: number, nOut: number): Built {
  const generator = new Generator(c.initSeed);
  // One generator for every Dropout, drawn only in train() forwards: the masks follow the seed.
  const masks = c.dropout > 0 ? new Generator(dropoutSeed(c)) : undefined;
  const modules: AnyModule[] = [];
  const layers: LayerInfo[] = [];
  const sizes = [nIn, ...c.hidden, nOut];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const index = modules.length;
    modules.push(new nn.Linear(sizes[l], sizes[l + 1], { generator }));
    const last = l + 2 === sizes.length;
    const act: AnyModule | null = last
      ? c.output === "sigmoid"
        ? new nn.Sigmoid()
        : c.output === "softmax"
          ? new nn.Softmax(1)
          : null
      : activation(c.activations[l]);
    if (act) modules.push(act);
    layers.push({
      index,
      inFeatures: sizes[l],
      outFeatures: sizes[l + 1],
      outputIndex: modules.length - 1,
    });
    if (!last && masks) modules.push(new nn.Dropout(c.dropout, { generator: masks }));
  }
  return { model: new nn.Sequential(...modules), layers };
}

export type Loss = (out: Tensor, target: Tensor) => Tensor;

/** The loss module's forward: BCELoss, CrossEntropyLoss or MSELoss. */
export function buildLoss(c: Config): Loss {
  const m =
    c.loss === "bce"
      ? new nn.BCELoss()
      : c.loss === "ce"
        ? new nn.CrossEntropyLoss()
        : new nn.MSELoss();
  return (out, target) => m.forward(out, target);
}

/** torch.optim.SGD(momentum, nesterov), Adam or AdamW with the config's rate. */
export function buildOptimizer(c: Config, model: nn.Module): optim.Optimizer {
  const params = model.parameters();
  if (c.optimizer === "adam") return new optim.Adam(params, { lr: c.lr });
  if (c.optimizer === "adamw")
    return new optim.AdamW(params, { lr: c.lr, weightDecay: c.weightDecay });
  return new optim.SGD(params, {
    lr: c.lr,
    momentum: c.momentum,
    nesterov: c.nesterov && c.momentum > 0,
  });
}

/**
 * The penalty added to the loss: rate · Σ|w| (L1) or rate · Σw² (L2) over the weights of every
 * Linear layer (biases are not penalised, as in TensorFlow Playground). Null when off.
 */
export function penalty(c: Config, built: Built): Tensor | null {
  if (c.regularizer === "none" || c.regRate === 0) return null;
  let total: Tensor | null = null;
  for (const { index } of built.layers) {
    const w = (built.model[index] as nn.Linear).weight;
    const t = c.regularizer === "l1" ? w.abs().sum() : w.square().sum();
    total = total ? total.add(t) : t;
  }
  return total!.mul(c.regRate);
}
