/**
 * `Tensor` with all its methods: the class core (./core.ts) and the method families
 * (./methods_*.ts), each declaring its methods on the class's type by declaration merging and
 * exporting their implementations, which this module installs on the class's prototype. Import
 * Tensor from here, never from ./core.ts, so that every method is there. This module's one
 * statement with an effect is the installation: package.json lists it under `sideEffects` (and
 * the Node bundle's chunk, which holds it there), so that bundlers keep it.
 */
import { Tensor, installMethods } from "./core.js";
// Bare imports too, which tsc keeps in tensor.d.ts (it drops the named ones, used only at run
// time): they carry the methods' declarations to every program that reads descent's types.
import "./methods_elementwise.js";
import "./methods_math.js";
import "./methods_reduce.js";
import "./methods_linalg.js";
import "./methods_shape.js";
import "./methods_indexing.js";
import "./methods_inplace.js";
import "./methods_sort.js";
import { elementwiseMethods } from "./methods_elementwise.js";
import { mathMethods } from "./methods_math.js";
import { reduceMethods } from "./methods_reduce.js";
import { linalgMethods } from "./methods_linalg.js";
import { shapeMethods } from "./methods_shape.js";
import { indexingMethods } from "./methods_indexing.js";
import { inplaceMethods } from "./methods_inplace.js";
import { sortMethods } from "./methods_sort.js";

installMethods(
  elementwiseMethods,
  mathMethods,
  reduceMethods,
  linalgMethods,
  shapeMethods,
  indexingMethods,
  inplaceMethods,
  sortMethods,
);

export { Tensor };
export type { Index, NestedArray, ValuesIndices } from "./core.js";
