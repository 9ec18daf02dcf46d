/**
 * descent.io: model files. `safetensors.ts` and `pt.ts` work on bytes (browser and Node);
 * `model_file.ts` and `pt_file.ts` read and write files (Node only).
 */
export * from "./bytes.js";
export {
  saveSafetensors,
  loadSafetensors,
  readSafetensorsFile,
  loadModelWeights,
  saveModelWeights,
  loadStateDictFile,
  isPtPath,
} from "./model_file.js";
export { loadPt, savePt } from "./pt_file.js";
export { loadCsv } from "./csv.js";
export { loadIdx } from "./idx.js";
export {
  loadFashionMnist,
  fashionMnistLabels,
  clearFashionMnistCache,
  FASHION_MNIST_LABELS,
  FASHION_MNIST_FILES,
} from "./fashion_mnist.js";
export type { LoadFashionMnistOptions, FashionMnist } from "./fashion_mnist.js";
export { writeFileAtomic, checkWritableFile, makeOutputDir } from "./write_file.js";
export {
  readFileBounded,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
} from "./read_bytes.js";
export type { ReadLimits } from "./read_bytes.js";
