/**
 * descent: a deep-learning toolkit in TypeScript with PyTorch's API in camelCase.
 *
 * @example
 * import { nn, optim, tensor } from "descent";
 */
export * from "./tensor/index.js";
export * as nn from "./nn/index.js";
export * as F from "./nn/functional.js";
export * as optim from "./optim/index.js";
export { setBackend, getBackend, listBackends } from "./backend/registry.js";
export * as train from "./train/index.js";
export * as data from "./data/index.js";
export * as io from "./io/index.js";
export { datasets, DataLoader, TensorDataset, trainTestSplit } from "./data/index.js";
export { saveSafetensors, loadSafetensors, loadFashionMnist } from "./io/index.js";
