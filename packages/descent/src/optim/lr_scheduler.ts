/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler` (the base class is in
 * scheduler_base.ts, the schedulers by family beside it).
 */
export { LRScheduler } from "./scheduler_base.js";
export { StepLR, MultiStepLR, ExponentialLR, LinearLR, LambdaLR } from "./schedulers_decay.js";
export type { LinearLROptions } from "./schedulers_decay.js";
export { CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR } from "./schedulers_cyclic.js";
export type { OneCycleLROptions } from "./schedulers_cyclic.js";
export { ReduceLROnPlateau, SequentialLR } from "./schedulers_composite.js";
export type { ReduceLROnPlateauOptions } from "./schedulers_composite.js";
