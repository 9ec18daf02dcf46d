import { Module } from "../nn/module.js";
import type { StateDict } from "../nn/module.js";
import { Tensor } from "../tensor/index.js";
import type { SafetensorsFile } from "./safetensors.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import type { ReadLimits } from "./read_bytes.js";
import { readFileBounded } from "./read_bytes.js";
import { writeFileAtomic } from "./write_file.js";
import { loadPt, savePt } from "./pt_file.js";

/**
 * safetensors model files on disk, and the loaders that pick safetensors or `.pt` by extension
 * (Node only, so that safetensors.ts stays browser-safe). PyTorch equivalents: `safetensors.torch.save_file`,
 * `safetensors.torch.load_file`, and `model.load_state_dict(load_file(path), strict)`.
 */

/**
 * Writes a state dict (or a module's `stateDict()`) as a safetensors file, atomically
 * (`writeFileAtomic`): through a symlink to its target, keeping an existing file's mode; a
 * failure or an interruption leaves `path` as it was and no temporary file.
 *
 * @example
 * saveSafetensors("model.safetensors", model, { epoch: "10" });
 */
export function saveSafetensors(
  path: string,
  tensors: StateDict | Module,
  metadata?: Record<string, string>,
): void {
  // Encoding first: a bad tensor fails before anything touches the disk.
  const bytes = encodeSafetensors(
    tensors instanceof Module ? tensors.stateDict() : tensors,
    metadata,
  );
  writeFileAtomic(path, bytes, "saveSafetensors");
}

/**
 * Reads a safetensors file: its tensors and its `__metadata__`. Errors name the path. The file
 * must be a regular file of at most `limits.maxBytes` (default 2 GiB; see `ReadLimits`).
 */
export function readSafetensorsFile(path: string, limits: ReadLimits = {}): SafetensorsFile {
  return decodeSafetensors(readFileBounded(path, "safetensors", limits), path);
}

/**
 * The tensors of a safetensors file, by name.
 *
 * @example
 * const sd = loadSafetensors("model.safetensors"); // { "fc1.weight": Tensor [10, 4], ... }
 */
export function loadSafetensors(path: string, limits: ReadLimits = {}): Record<string, Tensor> {
  return readSafetensorsFile(path, limits).tensors;
}

/** Whether a path names a PyTorch file (`.pt` or `.pth`, any case); other model files are safetensors. */
export function isPtPath(path: string): boolean {
  return /\.pth?$/i.test(path);
}

/**
 * The state dict in a model file, chosen by extension: `.pt`/`.pth` through `loadPt` (which must
 * hold a dict of tensors), anything else as safetensors.
 *
 * @example
 * const sd = loadStateDictFile("model_weights.pth");
 */
export function loadStateDictFile(path: string): Record<string, Tensor> {
  if (!isPtPath(path)) return loadSafetensors(path);
  const value: unknown = loadPt(path);
  const refuse = (what: string): never => {
    throw new Error(`loadPt: '${path}' holds ${what}; expected a state dict (a dict of tensors)`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    refuse(Array.isArray(value) ? "a list" : String(value));
  }
  for (const [k, t] of Object.entries(value as object)) {
    if (!(t instanceof Tensor)) refuse(`'${k}', which is not a tensor`);
  }
  return value as Record<string, Tensor>;
}

/**
 * Saves a module's weights (or a state dict) by extension: `.pt`/`.pth` with `savePt` (which
 * has no metadata), anything else as safetensors with `metadata`. Written atomically.
 *
 * @example
 * saveModelWeights("model.pth", model);
 */
export function saveModelWeights(
  path: string,
  tensors: StateDict | Module,
  metadata?: Record<string, string>,
): void {
  if (isPtPath(path)) savePt(path, tensors);
  else saveSafetensors(path, tensors, metadata);
}

/**
 * Loads a model file (safetensors, or `.pt`/`.pth` as `torch.save` wrote it) into a module's
 * parameters (`module.loadStateDict`). With `strict` (the default) missing and unexpected keys
 * are errors; shape mismatches always are. The error names the file and keeps the module's list
 * of problems.
 *
 * @example
 * loadModelWeights(model, "model.safetensors");
 * loadModelWeights(model, "model_weights.pth");
 */
export function loadModelWeights(
  module: Module,
  path: string,
  opts: { strict?: boolean } & ReadLimits = {},
): { missingKeys: string[]; unexpectedKeys: string[] } {
  const tensors = isPtPath(path) ? loadStateDictFile(path) : loadSafetensors(path, opts);
  try {
    return module.loadStateDict(tensors, { strict: opts.strict });
  } catch (e) {
    throw new Error(
      `${isPtPath(path) ? "loadPt" : "safetensors"}: cannot load model file '${path}' into ${module.constructor.name}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
