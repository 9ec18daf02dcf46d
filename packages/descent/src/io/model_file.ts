import { Module } from "../nn/module.js";
import type { StateDict } from "../nn/module.js";
import type { Tensor } from "../tensor/index.js";
import type { SafetensorsFile } from "./safetensors.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";
import type { ReadLimits } from "./read_bytes.js";
import { readFileBounded } from "./read_bytes.js";
import { writeFileAtomic } from "./write_file.js";

/**
 * safetensors model files on disk (Node only: the one place in io that imports node:fs, so that
 * safetensors.ts stays browser-safe). PyTorch equivalents: `safetensors.torch.save_file`,
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

/**
 * Loads a safetensors file into a module's parameters (`module.loadStateDict`). With `strict`
 * (the default) missing and unexpected keys are errors; shape mismatches always are. The error
 * names the file and keeps the module's list of problems.
 *
 * @example
 * loadModelWeights(model, "model.safetensors");
 */
export function loadModelWeights(
  module: Module,
  path: string,
  opts: { strict?: boolean } & ReadLimits = {},
): { missingKeys: string[]; unexpectedKeys: string[] } {
  const tensors = loadSafetensors(path, opts);
  try {
    return module.loadStateDict(tensors, { strict: opts.strict });
  } catch (e) {
    throw new Error(
      `safetensors: cannot load model file '${path}' into ${module.constructor.name}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
