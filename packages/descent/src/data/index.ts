/** scikit-learn's data generators (`makeClassification`, `makeMoons`, ...), bit for bit. */
export * as datasets from "./datasets/index.js";
export * from "./datasets/index.js";
export { RandomState, checkRandomState } from "../util/random/random_state.js";
export type { RandomStateSnapshot, Size, ChoiceOptions } from "../util/random/random_state.js";
export { sampleWithoutReplacement } from "../util/random/sample_without_replacement.js";
export type { SampleMethod } from "../util/random/sample_without_replacement.js";
export { TensorDataset } from "./dataset.js";
export type { Dataset } from "./dataset.js";
export { DataLoader } from "./dataloader.js";
export type { DataLoaderOptions, Sample } from "./dataloader.js";
export { trainTestSplit, validateShuffleSplit } from "./split.js";
export type { Splittable, TrainTestSplitOptions } from "./split.js";
export { parseCsv } from "./csv.js";
export type { ParseCsvOptions, CsvData, CsvFeatures, CsvLabelDtype } from "./csv.js";
export { parseIdx, encodeIdx, idxToTensor } from "./idx.js";
export type { IdxArray, IdxType } from "./idx.js";
export { resizeBilinear } from "./image.js";
