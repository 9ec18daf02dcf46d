import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: to a temporary file in the same directory, then renamed over `path`,
 * so a reader (or a crash) never sees half a file and a failed write leaves `path` as it was.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, data, { flag: "wx" });
    fs.renameSync(tmp, path);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // the temporary file was never made
    }
    throw new Error(`cannot write '${path}': ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Checks, before any work is done, that `path` can be written later: its directory exists and
 * it is not a directory itself. `what` names the flag in the message (e.g. "--save").
 */
export function checkWritable(path: string, what: string): void {
  const dir = dirname(path);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new Error(`${what} '${path}': the directory '${dir}' does not exist`);
  }
  if (!st.isDirectory()) throw new Error(`${what} '${path}': '${dir}' is not a directory`);
  if (fs.existsSync(path) && fs.statSync(path).isDirectory()) {
    throw new Error(`${what} '${path}' is a directory; give a file name`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new Error(`${what} '${path}': the directory '${dir}' is not writable`);
  }
}

/** Creates `dir` (and its parents) for output files, with a message naming the flag on failure. */
export function ensureDir(dir: string, what: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`${what} '${dir}': cannot create the directory (${(e as Error).message})`);
  }
}
