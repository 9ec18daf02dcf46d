import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** Writing model files atomically, and file errors that name the path (Node only). */

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
