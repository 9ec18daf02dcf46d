/**
 * Synthetic data sets: scikit-learn 1.2's generators (same parameters in camelCase, same
 * defaults, same random draws, so a seed gives sklearn's numbers) and d2l's `syntheticData`.
 * Each `makeX` returns tensors; `makeXArrays` returns the plain float64 / int32 arrays.
 *
 * @module
 */
export {
  makeClassification,
  makeClassificationArrays,
  generateHypercube,
} from "./classification.js";
export type { MakeClassificationOptions } from "./classification.js";
export { makeBlobs, makeBlobsArrays } from "./blobs.js";
export type { MakeBlobsOptions, BlobsArrays } from "./blobs.js";
export { makeMoons, makeMoonsArrays } from "./moons.js";
export type { MakeMoonsOptions } from "./moons.js";
export { makeCircles, makeCirclesArrays } from "./circles.js";
export type { MakeCirclesOptions } from "./circles.js";
export { makeRegression, makeRegressionArrays } from "./regression.js";
export type { MakeRegressionOptions, RegressionArrays } from "./regression.js";
export { makeLowRankMatrix, makeLowRankMatrixArray } from "./low_rank.js";
export type { MakeLowRankMatrixOptions } from "./low_rank.js";
export { householderQ } from "./qr.js";
export { syntheticData } from "./synthetic.js";
export type { SyntheticDataOptions } from "./synthetic.js";
export type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
