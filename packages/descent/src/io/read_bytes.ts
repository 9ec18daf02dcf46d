import fs from "node:fs";
import { gunzipSync } from "node:zlib";

import { excerpt, formatBytes } from "../util/text.js";
import { fileKind, fsReason, pseudoFileSystem } from "./write_file.js";

/**
 * Bounded reads for every loader (safetensors, CSV, IDX, Fashion-MNIST, the CLI's --data): the
 * path must name a regular file (not a FIFO, a device such as /dev/zero, a directory or a file
 * on procfs), its size is checked against `maxBytes` before a byte is read, and gzip data is
 * inflated with its output capped at `maxDecompressedBytes` (zlib stops there; nothing is
 * inflated whole first).
 */
export interface ReadLimits {
  /** The largest file a loader reads, in bytes (default `DEFAULT_MAX_FILE_BYTES`, 2 GiB). */
  maxBytes?: number;
  /** The most bytes gzip data may inflate to (default `DEFAULT_MAX_DECOMPRESSED_BYTES`, 2 GiB). */
  maxDecompressedBytes?: number;
}

/** Default `maxBytes`: 2 GiB, above any data set or model descent trains, below Node's 4 GiB Buffer. */
export const DEFAULT_MAX_FILE_BYTES = 2 ** 31;
/** Default `maxDecompressedBytes`: 2 GiB (Fashion-MNIST's training images inflate to 47 MB). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 ** 31;

function limitOf(value: number | undefined, fallback: number, name: string, op: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `${op}: ${name} must be a non-negative integer, got ${excerpt(String(value))}`,
    );
  }
  return value;
}

/**
 * The bytes of a regular file, at most `maxBytes` of them; errors name `op`, the path and the
 * limit with the option that raises it.
 */
export function readFileBounded(path: string, op: string, limits: ReadLimits = {}): Uint8Array {
  const max = limitOf(limits.maxBytes, DEFAULT_MAX_FILE_BYTES, "maxBytes", op);
  const fail = (why: string, cause?: unknown): never => {
    throw new Error(`${op}: cannot read '${excerpt(path)}': ${why}`, { cause });
  };
  if (typeof path !== "string") fail(`expected a path (a string), got ${typeof path}`);
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    return fail(fsReason(e), e);
  }
  // Checked before opening: opening a FIFO for reading blocks until a writer comes.
  if (!st.isFile()) fail(`it is ${fileKind(st)}, not a regular file`);
  const pseudo = pseudoFileSystem(path);
  if (pseudo) fail(`it is on ${pseudo}, not a data file`);
  if (st.size > max) {
    fail(
      `it is ${formatBytes(st.size)}, over the ${formatBytes(max)} limit (raise it with the maxBytes option)`,
    );
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const size = fs.fstatSync(fd).size;
    if (size > max) {
      fail(`it grew to ${formatBytes(size)}, over the ${formatBytes(max)} limit`);
    }
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, out, at, size - at, at);
      if (n === 0) break; // truncated while reading: keep what is there
      at += n;
    }
    return at === size ? out : out.subarray(0, at);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`${op}:`)) throw e;
    return fail(fsReason(e), e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The bytes of a file, gunzipped when they start with gzip's magic bytes `1f 8b` (so
 * `data.idx` and `data.idx.gz` read the same), both within `limits`.
 */
export function readBytes(path: string, op: string, limits: ReadLimits = {}): Uint8Array {
  const maxOut = limitOf(
    limits.maxDecompressedBytes,
    DEFAULT_MAX_DECOMPRESSED_BYTES,
    "maxDecompressedBytes",
    op,
  );
  const bytes = readFileBounded(path, op, limits);
  if (!isGzip(bytes)) return bytes;
  return gunzipBounded(bytes, maxOut, `${op}: '${excerpt(path)}'`);
}

/**
 * Inflates gzip data, stopping with an error as soon as the output passes `maxOut` bytes
 * (zlib's `maxOutputLength`). `what` starts the messages.
 */
export function gunzipBounded(bytes: Uint8Array, maxOut: number, what: string): Uint8Array {
  try {
    const out = gunzipSync(bytes, { maxOutputLength: Math.max(1, maxOut) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new Error(
        `${what} inflates to more than the ${formatBytes(maxOut)} limit on decompressed bytes (raise it with the maxDecompressedBytes option)`,
        { cause: e },
      );
    }
    throw new Error(
      `${what} starts like a gzip file (1f 8b) but cannot be decompressed: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** Whether bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Re-throws a parser's error with the file it came from appended. */
export function withPath<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof Error) {
      const E = e.constructor as new (message: string, options?: ErrorOptions) => Error;
      throw new E(`${e.message} (in '${excerpt(path)}')`, { cause: e });
    }
    throw e;
  }
}
