/**
 * The CLI's file writes, all through the library's one atomic writer (`io.writeFileAtomic`):
 * through symlinks, keeping modes, refusing FIFOs, devices and procfs, temporaries cleaned up.
 * `what` names the flag in messages (e.g. "--save").
 */
import * as io from "descent/io";

/** Writes a file atomically; `what` names the flag, e.g. `--out: cannot write 'a.csv': ...`. */
export function writeFileAtomic(path: string, data: string | Uint8Array, what: string): void {
  io.writeFileAtomic(path, data, what);
}

/** Checks, before any work is done, that `path` can be written later. */
export function checkWritable(path: string, what: string): void {
  io.checkWritableFile(path, what);
}

/** Creates `dir` (and its parents) for output files, refusing procfs and sysfs. */
export function ensureDir(dir: string, what: string): void {
  io.makeOutputDir(dir, what);
}
