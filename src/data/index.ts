export * as datasets from "./datasets/index.js";
export * from "./datasets/index.js";
export { RandomState, checkRandomState } from "../util/random/random_state.js";
export type { RandomStateSnapshot, Size, ChoiceOptions } from "../util/random/random_state.js";
export { sampleWithoutReplacement } from "../util/random/sample_without_replacement.js";
export type { SampleMethod } from "../util/random/sample_without_replacement.js";
