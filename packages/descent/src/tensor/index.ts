export { Tensor } from "./tensor.js";
export type { Index, NestedArray, ValuesIndices } from "./tensor.js";
export * from "./creation.js";
export * from "./ranges.js";
export * from "./random.js";
export * from "./functions.js";
export * from "./functions_math.js";
export * from "./functions_reduce.js";
export * from "./functions_shape.js";
export { einsum } from "./einsum.js";
export { noGrad, enableGrad, isGradEnabled } from "../autograd/grad_mode.js";
export { Generator, manualSeed, defaultGenerator } from "../util/random/generator.js";
export type { DType, TypedArray } from "../util/dtype.js";
/** Differentiable operations of your own (`autograd.Function`, `autograd.FunctionCtx`), as `torch.autograd`. */
export * as autograd from "./autograd_function.js";
