/** descent.train: the training loop (fit/evaluate), metrics, model specs and the seed's examples. */
export { fit, evaluate, applyLoss, NonFiniteLossError } from "./fit.js";
export type { FitOptions, EpochLog, History, LossFn } from "./fit.js";
export { accuracy, correctCount, predictClasses } from "./metrics.js";
export type { Task, ClassifyOptions } from "./metrics.js";
export {
  parseModelSpec,
  inputFeatures,
  lossByName,
  makeOptimizer,
  LAYER_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  MOMENTUM_OPTIMIZERS,
} from "./spec.js";
export type { LossSpec, OptimizerOptions } from "./spec.js";
export { LinearNet, SoftmaxNet, seedData } from "./examples/seed.js";
export type { InitOptions } from "./examples/seed.js";
export { linregData, linregNet, TRUE_W, TRUE_B } from "./examples/linreg.js";
/** The programs of d2l.ai chapters 3 and 4 (softmax regression, MLP), with the book's names. */
export * as d2l from "./examples/d2l.js";
