/**
 * descent for the browser: everything in the package root that does not touch the file system.
 * Bundlers pick this entry through the "browser" export condition; Node gets ./index.ts, which
 * adds the file-based loaders and savers.
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
