export { Tensor } from "./tensor.js";
export type { Index, NestedArray, ValuesIndices } from "./tensor.js";
export * from "./creation.js";
export * from "./functions.js";
export { noGrad, enableGrad, isGradEnabled } from "../autograd/grad_mode.js";
export { Generator, manualSeed, defaultGenerator } from "../util/random/generator.js";
export type { DType, TypedArray } from "../util/dtype.js";
