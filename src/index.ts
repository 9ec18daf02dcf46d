/**
 * descent: a deep-learning toolkit in TypeScript with PyTorch's API in camelCase.
 * This is the Node entry: the browser entry (./browser.ts) plus the file-based parts of io.
 *
 * @example
 * import { nn, optim, tensor } from "descent";
 */
export * from "./browser.js";
// Shadows the browser entry's byte-only `io` namespace with the full one.
export * as io from "./io/index.js";
export { saveSafetensors, loadSafetensors, loadPt, savePt, loadFashionMnist } from "./io/index.js";
