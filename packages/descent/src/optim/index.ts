/** descent.optim: optimizers and learning-rate schedulers. Mirrors torch.optim. */
export { Optimizer } from "./optimizer.js";
export type { ParamGroup, Params, GroupOptions } from "./optimizer.js";
export { SGD } from "./sgd.js";
export type { SGDOptions } from "./sgd.js";
export { Adam, AdamW } from "./adam.js";
export type { AdamOptions } from "./adam.js";
export * as lrScheduler from "./lr_scheduler.js";
export { StepLR, ExponentialLR, CosineAnnealingLR, LRScheduler } from "./lr_scheduler.js";
