/**
 * descent: a deep-learning toolkit in TypeScript with PyTorch's API in camelCase.
 *
 * The package root is the same in Node and in browsers (it never touches the file system; `io`
 * here is the byte-level half). The file loaders and savers are in the Node-only subpath
 * `descent/io`.
 *
 * @example
 * import { nn, optim, tensor } from "descent";
 * import { loadSafetensors } from "descent/io"; // Node only
 */
export * from "./browser.js";
