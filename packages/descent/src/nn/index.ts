/** descent.nn: layers, losses, initialisers and the functional forms (F). Mirrors torch.nn. */
export { Module } from "./module.js";
export type { StateDict } from "./module.js";
export { Parameter } from "./parameter.js";
export { Linear } from "./layers/linear.js";
export type { LinearOptions } from "./layers/linear.js";
export {
  Sigmoid,
  ReLU,
  Tanh,
  Softmax,
  LogSoftmax,
  Identity,
  Flatten,
} from "./layers/activation.js";
export { Sequential } from "./layers/sequential.js";
export {
  MSELoss,
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  NLLLoss,
} from "./losses/modules.js";
export type { Reduction } from "./losses/reduction.js";
export * as functional from "./functional.js";
export * as init from "./init.js";
