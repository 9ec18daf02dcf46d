/**
 * What the CLI uses from the library below the public index (training loop, examples, model
 * files, data generators), gathered in one place.
 */
export * from "../train/index.js";
export { saveModelWeights, loadModelWeights, loadStateDictFile } from "../io/index.js";
export {
  makeClassification,
  makeMoons,
  makeCircles,
  makeBlobs,
  makeRegression,
} from "../data/index.js";
export { parseCsv } from "../data/csv.js";
