/** descent.nn: layers, losses, initialisers and the functional forms (F). Mirrors torch.nn. */
export { Module } from "./module.js";
export type { StateDict, NamedOptions } from "./module.js";
export { Parameter, UninitializedParameter } from "./parameter.js";
export { Linear, LazyLinear } from "./layers/linear.js";
export type { LinearOptions } from "./layers/linear.js";
export {
  Sigmoid,
  ReLU,
  Tanh,
  Softmax,
  LogSoftmax,
  Identity,
  Flatten,
  LeakyReLU,
  ELU,
  GELU,
  SiLU,
  Softplus,
  Mish,
  Hardtanh,
  ReLU6,
  LogSigmoid,
} from "./layers/activation.js";
export { Dropout } from "./layers/dropout.js";
export { Sequential, ModuleList, ModuleDict, ModuleContainer } from "./layers/container.js";
export {
  MSELoss,
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  NLLLoss,
  L1Loss,
  SmoothL1Loss,
  HuberLoss,
  KLDivLoss,
  MarginRankingLoss,
  MultiLabelSoftMarginLoss,
} from "./losses/modules.js";
export type { Reduction } from "./losses/reduction.js";
/** The functional forms, as `torch.nn.functional` (also exported as `F`). */
export * as functional from "./functional.js";
/** Initialisers that fill a tensor in place, as `torch.nn.init`. */
export * as init from "./init.js";
/** Gradient clipping and parameters as one vector, as `torch.nn.utils`. */
export * as utils from "./utils.js";
