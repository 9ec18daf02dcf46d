import type { IdxArray } from "../data/idx.js";
import { parseIdx } from "../data/idx.js";
import type { ReadLimits } from "./read_bytes.js";
import { readBytes, withPath } from "./read_bytes.js";

/**
 * Reads an IDX file (the MNIST format), plain or gzipped: gzip is recognised by its magic bytes
 * `1f 8b`, whatever the file's name. Returns `parseIdx`'s `{ type, shape, data }`; turn it into
 * a tensor with `idxToTensor`. Errors add the file to `parseIdx`'s message.
 *
 * ```ts
 * const images = loadIdx("data/train-images-idx3-ubyte.gz");  // shape [60000, 28, 28], ubyte
 * ```
 *
 * The file must be a regular file of at most `limits.maxBytes` (default 2 GiB) that inflates to
 * at most `limits.maxDecompressedBytes` (default 2 GiB); see `ReadLimits`.
 *
 * Node only.
 */
export function loadIdx(path: string, limits: ReadLimits = {}): IdxArray {
  const bytes = readBytes(path, "loadIdx", limits);
  return withPath(path, () => parseIdx(bytes));
}
