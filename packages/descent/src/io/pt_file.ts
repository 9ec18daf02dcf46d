import { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/index.js";
import { readFileBounded } from "./read_bytes.js";
import { writeFileAtomic } from "./write_file.js";
import type { PtReadOptions, PtValue } from "./pt.js";
import { PT_MAX_BYTES, decodePtAs, encodePtAs } from "./pt.js";

/**
 * PyTorch `.pt` / `.pth` files on disk (Node only; `pt.ts` holds the browser-safe byte codec).
 * PyTorch equivalents: `torch.save(obj, path)` and `torch.load(path, weights_only=True)`.
 */

/**
 * Reads what `torch.save` wrote (a path, or the file's bytes): a state dict comes back as an
 * object of tensors in the file's key order, ready for `model.loadStateDict`. Nothing in the
 * file runs: only tensors, storages and plain containers are allowed, and any other global is
 * refused by name. The file must be a regular file of at most `maxBytes` (default 2 GiB),
 * checked before reading. See `decodePt` for the dtypes and containers.
 *
 * PyTorch equivalent: `torch.load(path, weights_only=True)`.
 *
 * @example
 * model.loadStateDict(loadPt("model_weights.pth"));
 */
export function loadPt<T = Record<string, Tensor>>(
  pathOrBytes: string | Uint8Array | ArrayBuffer,
  opts: Omit<PtReadOptions, "source"> = {},
): T {
  if (typeof pathOrBytes !== "string") return decodePtAs("loadPt", pathOrBytes, opts) as T;
  const path = pathOrBytes;
  const bytes = readFileBounded(path, "loadPt", { maxBytes: opts.maxBytes ?? PT_MAX_BYTES });
  return decodePtAs("loadPt", bytes, { ...opts, source: path }) as T;
}

/**
 * Writes a state dict (or a module's `stateDict()`, or dicts and lists of tensors) as a
 * `torch.save` zip file that `torch.load(path, weights_only=True)` reads with the same keys,
 * dtypes and values bit for bit. Written atomically: a temporary file in the same directory,
 * flushed and renamed over `path`, so a failure leaves `path` as it was.
 *
 * PyTorch equivalent: `torch.save(model.state_dict(), path)`.
 *
 * @example
 * savePt("model_weights.pth", model.stateDict());
 */
export function savePt(path: string, value: PtValue | Module): void {
  // Encoding first: a bad value fails before anything touches the disk.
  const bytes = encodePtAs("savePt", value instanceof Module ? value.stateDict() : value);
  writeFileAtomic(path, bytes, "savePt");
}
