import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

import { Module } from "../nn/module.js";
import type { StateDict } from "../nn/module.js";
import type { Tensor } from "../tensor/index.js";
import type { SafetensorsFile } from "./safetensors.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

/**
 * safetensors model files on disk (Node only: the one place in io that imports node:fs, so that
 * safetensors.ts stays browser-safe). PyTorch equivalents: `safetensors.torch.save_file`,
 * `safetensors.torch.load_file`, and `model.load_state_dict(load_file(path), strict)`.
 */

/**
 * Writes a state dict (or a module's `stateDict()`) as a safetensors file, atomically: the bytes
 * go to a temporary file in the same directory (`.<name>.<pid>.<random>.tmp`), which is flushed
 * to disk and then renamed over `path`. A failure leaves `path` as it was and no temporary file.
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
  writeAtomically(path, bytes, "safetensors");
}

/**
 * Writes bytes to `path` atomically (a flushed temporary file renamed over it); errors start
 * with `format` and name the path. Shared by the safetensors and `.pt` savers.
 */
export function writeAtomically(path: string, bytes: Uint8Array, format: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", 0o666);
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) ignore(() => fs.closeSync(fd!));
    ignore(() => fs.unlinkSync(tmp));
    throw fileError("write", path, e, format);
  }
  syncDirectory(dir);
}

/** Reads a safetensors file: its tensors and its `__metadata__`. Errors name the path. */
export function readSafetensorsFile(path: string): SafetensorsFile {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw fileError("read", path, e);
  }
  return decodeSafetensors(bytes, path);
}

/**
 * The tensors of a safetensors file, by name.
 *
 * @example
 * const sd = loadSafetensors("model.safetensors"); // { "fc1.weight": Tensor [10, 4], ... }
 */
export function loadSafetensors(path: string): Record<string, Tensor> {
  return readSafetensorsFile(path).tensors;
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
  opts: { strict?: boolean } = {},
): { missingKeys: string[]; unexpectedKeys: string[] } {
  const tensors = loadSafetensors(path);
  try {
    return module.loadStateDict(tensors, opts);
  } catch (e) {
    throw new Error(
      `safetensors: cannot load model file '${path}' into ${module.constructor.name}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a parent is not a directory",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
  EEXIST: "a file is in the way",
  ENOTEMPTY: "a non-empty directory is in the way",
};

/** A file error naming the path and a readable reason (the errno code kept at the end). */
export function fileError(
  action: "read" | "write",
  path: string,
  e: unknown,
  format = "safetensors",
): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason = (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
  return new Error(
    `${format}: cannot ${action} model file '${path}': ${reason}${code ? ` (${code})` : ""}`,
    { cause: e },
  );
}

/** Makes the rename durable where the platform allows it (not on Windows); best effort. */
function syncDirectory(dir: string): void {
  ignore(() => {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

function ignore(f: () => void): void {
  try {
    f();
  } catch {
    // best effort
  }
}
