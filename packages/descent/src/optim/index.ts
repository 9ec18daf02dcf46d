/** descent.optim: optimizers and learning-rate schedulers. Mirrors torch.optim. */
export { Optimizer } from "./optimizer.js";
export { DeclaredOptimizer } from "./declared.js";
export type { OptimizerSpec, OptionRule } from "./declared.js";
export type {
  ParamGroup,
  ParamGroupInput,
  Params,
  GroupOptions,
  OptionsInput,
  ParamState,
} from "./optimizer.js";
export type { OptimizerStateDict, SavedState } from "./state_dict.js";
export { SGD } from "./sgd.js";
export type { SGDOptions } from "./sgd.js";
export { Adam, AdamW } from "./adam.js";
export type { AdamOptions } from "./adam.js";
export { RMSprop } from "./rmsprop.js";
export type { RMSpropOptions } from "./rmsprop.js";
export { Adagrad } from "./adagrad.js";
export type { AdagradOptions } from "./adagrad.js";
export { Adadelta } from "./adadelta.js";
export type { AdadeltaOptions } from "./adadelta.js";
export { Adamax } from "./adamax.js";
export type { AdamaxOptions } from "./adamax.js";
export { NAdam } from "./nadam.js";
export type { NAdamOptions } from "./nadam.js";
export { RAdam } from "./radam.js";
export type { RAdamOptions } from "./radam.js";
/** The schedulers again under PyTorch's module name, as `torch.optim.lr_scheduler`. */
export * as lrScheduler from "./lr_scheduler.js";
export {
  LRScheduler,
  StepLR,
  MultiStepLR,
  ExponentialLR,
  LinearLR,
  LambdaLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
} from "./lr_scheduler.js";
export type {
  LinearLROptions,
  OneCycleLROptions,
  ReduceLROnPlateauOptions,
} from "./lr_scheduler.js";
