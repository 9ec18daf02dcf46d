import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Atomic file writes for every file descent saves (model files, generated data, plots): the new
 * bytes go to a temporary file beside the target, named `.<name>.descent-tmp-<pid>-<random>`,
 * which is flushed and renamed over the target, so a reader or a crash sees the old file or the
 * new one, never half of one. Like `torch.save`, the write goes to what the path names: through a
 * symlink to its target, keeping an existing file's permission bits (a new file gets the
 * process's default). Paths that are not regular files (a FIFO, a device, a directory, anything
 * on procfs or sysfs) are refused before anything is written.
 *
 * Temporaries are removed on every failure and on SIGINT/SIGTERM; those left by a run that was
 * killed outright (SIGKILL, power loss) are removed by the next save of the same file.
 */

/** What a file-system error code means, in words. */
const REASONS = new Map<string, string>([
  ["ENOENT", "no such file or directory"],
  ["EACCES", "permission denied"],
  ["EPERM", "permission denied"],
  ["EISDIR", "it is a directory"],
  ["ENOTDIR", "a parent is not a directory"],
  ["ENOSPC", "no space left on the device"],
  ["EROFS", "read-only file system"],
  ["EEXIST", "a file is in the way"],
  ["ENOTEMPTY", "a non-empty directory is in the way"],
  ["ELOOP", "too many levels of symbolic links"],
  ["ENAMETOOLONG", "the name is too long"],
  ["EDQUOT", "disk quota exceeded"],
]);

/** A file-system error as a short reason, e.g. `no such file or directory (ENOENT)`. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const words = code === undefined ? undefined : REASONS.get(code);
  if (words !== undefined) return `${words} (${code})`;
  return e instanceof Error ? e.message : String(e);
}

/** What kind of file a stat describes, for messages. */
export function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "a regular file";
}

/** Pseudo file systems whose files are not data: procfs and sysfs (Linux statfs magic numbers). */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, "procfs"],
  [0x62656572, "sysfs"],
  [0x64626720, "debugfs"],
]);

/** The pseudo file system `path` lies on ("procfs", ...), or null (also where statfs fails). */
export function pseudoFileSystem(path: string): string | null {
  try {
    return PSEUDO_FS.get(fs.statfsSync(path).type) ?? null;
  } catch {
    return null;
  }
}

const MAX_LINKS = 40; // Linux's limit on symlinks in one lookup

/**
 * The file a path names after following symlinks, even one that does not exist yet (a dangling
 * `latest.safetensors -> run7.safetensors` creates run7.safetensors, as `open` would).
 */
export function resolveTarget(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p; // does not exist (yet): the write creates it
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), fs.readlinkSync(p));
  }
  throw new Error(`too many levels of symbolic links (ELOOP)`);
}

/** Temporaries being written right now, removed if a signal ends the process. */
const live = new Set<string>();
let listening = false;
let removalPending = false;

/**
 * On SIGINT/SIGTERM: removes the temporaries of writes in progress, then, when no other code
 * listens for the signal, ends the process with it as Node would have.
 */
function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of live) ignore(() => fs.unlinkSync(tmp));
  live.clear();
  if (process.listenerCount(signal) === 1) {
    stopListening();
    process.kill(process.pid, signal);
  }
}

/**
 * Listens for SIGINT/SIGTERM only around writes: a write is synchronous, so a signal that comes
 * during it is handled when the event loop next polls, two turns before the listener goes
 * (a listener left in place would keep Ctrl-C from ending a program's later synchronous work).
 */
function startListening(): void {
  if (listening) return;
  listening = true;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function stopListening(): void {
  listening = false;
  process.removeListener("SIGINT", onSignal);
  process.removeListener("SIGTERM", onSignal);
}

function scheduleStop(): void {
  if (removalPending) return;
  removalPending = true;
  setImmediate(() =>
    setImmediate(() => {
      removalPending = false;
      if (live.size === 0) stopListening();
    }).unref(),
  ).unref();
}

const TMP_MARK = ".descent-tmp-";

/** The temporary's name for `target`: hidden, beside it, with the writer's pid. */
function tempName(target: string): string {
  const rand = randomBytes(6).toString("hex");
  return join(dirname(target), `.${basename(target)}${TMP_MARK}${process.pid}-${rand}`);
}

/** Removes temporaries of `target` left by processes that no longer exist. */
function removeStale(target: string): void {
  const prefix = `.${basename(target)}${TMP_MARK}`;
  let names: string[];
  try {
    names = fs.readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-f]{12}$/.exec(name.slice(prefix.length));
    if (m && !processAlive(Number(m[1]))) ignore(() => fs.unlinkSync(join(dirname(target), name)));
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by someone else
  }
}

/**
 * Checks, before any work is done, that `path` can be written: it names a regular file or
 * nothing yet, in an existing, writable directory that is not on procfs or sysfs. Returns the
 * file the write will go to (symlinks followed) and its permission bits when it exists.
 * `what` starts the message, e.g. `--save 'model.safetensors'` or `saveSafetensors`.
 */
export function checkWritableFile(
  path: string,
  what: string,
): { target: string; mode: number | undefined } {
  const fail = (why: string): never => {
    throw new Error(`${what}: cannot write '${path}': ${why}`);
  };
  let target = "";
  try {
    target = resolveTarget(path);
  } catch (e) {
    fail((e as Error).message);
  }
  const via = target === resolve(path) ? "" : ` (the link's target '${target}')`;
  const dir = dirname(target);
  const fsName = pseudoFileSystem(dir);
  if (fsName) fail(`'${dir}' is on ${fsName}, not a file system for data`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") fail(fsReason(e));
  }
  if (st && !st.isFile()) fail(`it is ${fileKind(st)}${via}, not a regular file`);
  let dst: fs.Stats;
  try {
    dst = fs.statSync(dir);
  } catch {
    return fail(`the directory '${dir}' does not exist`);
  }
  if (!dst.isDirectory()) fail(`'${dir}' is not a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    fail(`the directory '${dir}' is not writable`);
  }
  return { target, mode: st ? st.mode & 0o7777 : undefined };
}

/**
 * Writes `data` to `path` atomically, as described above. `op` names the caller in errors:
 * `saveSafetensors: cannot write 'm.safetensors': no space left on the device (ENOSPC)`.
 *
 * @example
 * writeFileAtomic("out/data.csv", text, "data");
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, op: string): void {
  const { target, mode } = checkWritableFile(path, op);
  removeStale(target);
  startListening();
  const tmp = tempName(target);
  let fd: number | undefined;
  live.add(tmp);
  try {
    fd = fs.openSync(tmp, "wx", mode ?? 0o666);
    if (mode !== undefined) fs.fchmodSync(fd, mode); // the umask must not narrow or widen it
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) ignore(() => fs.closeSync(fd!));
    ignore(() => fs.unlinkSync(tmp));
    throw new Error(`${op}: cannot write '${path}': ${fsReason(e)}`, { cause: e });
  } finally {
    live.delete(tmp);
    scheduleStop();
  }
  syncDirectory(dirname(target));
}

/**
 * Creates a directory for output files (and its parents), refusing procfs and sysfs, where a
 * recursive mkdir can spin forever. `what` starts the message (e.g. `--out`).
 */
export function makeOutputDir(dir: string, what: string): void {
  let probe = resolve(dir);
  for (;;) {
    if (fs.existsSync(probe)) break;
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  const fsName = pseudoFileSystem(probe);
  if (fsName) {
    throw new Error(`${what} '${dir}': '${probe}' is on ${fsName}, not a file system for data`);
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`${what} '${dir}': cannot create the directory: ${fsReason(e)}`);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new Error(`${what} '${dir}' is not a directory`);
  }
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
