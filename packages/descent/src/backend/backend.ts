import type { FastKernels } from "./kernel_table.js";

/**
 * A backend: a name and fast versions of some kernels of the kernel table (`kernel_table.ts`),
 * made from the references they hand declined calls to. Kernels are plain functions over typed
 * arrays and sizes: they know nothing of tensors or graphs, so a faster backend (WebAssembly
 * SIMD, workers) swaps in without touching autograd. Where a backend has no version of a kernel,
 * the reference runs.
 */
export interface Backend {
  readonly name: string;
  readonly kernels: FastKernels;
}
