import fs from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * The bytes of a file, gunzipped when they start with gzip's magic bytes `1f 8b` (so
 * `data.idx` and `data.idx.gz` read the same). Errors name the file and what went wrong.
 */
export function readBytes(path: string, op: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : (e as Error).message;
    throw new Error(`${op}: cannot read '${path}': ${why}`, { cause: e });
  }
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isGzip(bytes)) return bytes;
  try {
    const out = gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new Error(
      `${op}: '${path}' starts like a gzip file (1f 8b) but cannot be decompressed: ${(e as Error).message}`,
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
      throw new E(`${e.message} (in '${path}')`, { cause: e });
    }
    throw e;
  }
}
