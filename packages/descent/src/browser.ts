/**
 * descent's public API, the same in browsers and Node: everything in the package root. Nothing
 * here touches the file system; the file-based loaders are in `descent/io` (./io/index.ts).
 *
 * @example
 * import { nn, optim, tensor } from "descent";
 */
export * from "./tensor/index.js";
/** Layers, losses, initialisers and `Module`, as `torch.nn`. */
export * as nn from "./nn/index.js";
/** The functional forms of the layers and losses, as `torch.nn.functional`. */
export * as F from "./nn/functional.js";
/** Optimizers (SGD, Adam, AdamW) and learning-rate schedulers, as `torch.optim`. */
export * as optim from "./optim/index.js";
export {
  setBackend,
  getBackend,
  listBackends,
  setNumThreads,
  getNumThreads,
  initWasm,
  backendInfo,
} from "./backend/registry.js";
export type { BackendInfo, WasmOptions } from "./backend/registry.js";
/** Training loops (`fit`, `evaluate`), metrics, model specs and the example models of the seed and d2l. */
export * as train from "./train/index.js";
/** Datasets, `DataLoader`, scikit-learn's generators, numpy's `RandomState`, CSV and IDX parsers. */
export * as data from "./data/index.js";
/** Safetensors as bytes, browser-safe (the Node entry adds the file-based loaders). */
export * as io from "./io/bytes.js";
export { datasets, DataLoader, TensorDataset, trainTestSplit } from "./data/index.js";
/** Message helpers: user input cut to a short excerpt, byte counts in words. */
export { excerpt, formatBytes } from "./util/text.js";
