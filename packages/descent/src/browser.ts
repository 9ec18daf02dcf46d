/**
 * descent's public API, the same in browsers and Node: everything in the package root. Nothing
 * here touches the file system; the file-based loaders are in `descent/io` (./io/index.ts).
 *
 * @example
 * import { nn, optim, tensor } from "descent";
 */
export * from "./tensor/index.js";
export * as nn from "./nn/index.js";
export * as F from "./nn/functional.js";
export * as optim from "./optim/index.js";
export {
  setBackend,
  getBackend,
  listBackends,
  setNumThreads,
  getNumThreads,
} from "./backend/registry.js";
export * as train from "./train/index.js";
export * as data from "./data/index.js";
export * as io from "./io/bytes.js";
export { datasets, DataLoader, TensorDataset, trainTestSplit } from "./data/index.js";
/** Message helpers: user input cut to a short excerpt, byte counts in words. */
export { excerpt, formatBytes } from "./util/text.js";
