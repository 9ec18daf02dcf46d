/**
 * The atomic writer behind every save: writes through symlinks, keeps modes, refuses what is not
 * a regular file, and leaves no temporary after a failure, a signal, or (by the next save) a kill.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkWritableFile, makeOutputDir, writeFileAtomic } from "../../src/io/write_file.js";

const TSX = import.meta.resolve("tsx");
const WRITER = new URL("../../src/io/write_file.ts", import.meta.url).href;

function tempDir(t: { after: (f: () => void) => void }): string {
  const dir = fs.mkdtempSync(join(tmpdir(), "descent-write-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const temporaries = (dir: string): string[] =>
  fs.readdirSync(dir).filter((n) => n.includes(".descent-tmp-"));

test("writeFileAtomic keeps an existing file's mode; a new file gets the default", (t) => {
  const dir = tempDir(t);
  const p = join(dir, "m.bin");
  fs.writeFileSync(p, "old");
  fs.chmodSync(p, 0o600);
  writeFileAtomic(p, new Uint8Array([1, 2, 3]), "test");
  assert.equal(fs.statSync(p).mode & 0o777, 0o600);
  assert.deepEqual([...fs.readFileSync(p)], [1, 2, 3]);
  fs.chmodSync(p, 0o640);
  writeFileAtomic(p, "x", "test");
  assert.equal(fs.statSync(p).mode & 0o777, 0o640);
  const fresh = join(dir, "new.txt");
  writeFileAtomic(fresh, "hello", "test");
  const umask = process.umask();
  assert.equal(fs.statSync(fresh).mode & 0o777, 0o666 & ~umask);
  assert.deepEqual(temporaries(dir), []);
});

test("writeFileAtomic writes through a symlink (also a dangling one) to its target", (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(join(dir, "runs"));
  const target = join(dir, "runs", "run7.bin");
  fs.writeFileSync(target, "old");
  fs.symlinkSync("runs/run7.bin", join(dir, "latest.bin"));
  writeFileAtomic(join(dir, "latest.bin"), "new", "test");
  assert.ok(fs.lstatSync(join(dir, "latest.bin")).isSymbolicLink());
  assert.equal(fs.readFileSync(target, "utf8"), "new");
  fs.symlinkSync("runs/run8.bin", join(dir, "next.bin"));
  writeFileAtomic(join(dir, "next.bin"), "eight", "test");
  assert.ok(fs.lstatSync(join(dir, "next.bin")).isSymbolicLink());
  assert.equal(fs.readFileSync(join(dir, "runs", "run8.bin"), "utf8"), "eight");
  assert.deepEqual(temporaries(join(dir, "runs")), []);
});

test("writeFileAtomic refuses FIFOs, devices, directories, procfs and link loops, quickly", (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  fs.symlinkSync("/proc/self/fd/1", join(dir, "stdout"));
  fs.symlinkSync("loop", join(dir, "loop"));
  const cases: [string, RegExp][] = [
    [fifo, /^test: cannot write '.*fifo': it is a FIFO \(named pipe\), not a regular file$/],
    [
      "/dev/null",
      /^test: cannot write '\/dev\/null': it is a character device, not a regular file$/,
    ],
    [dir, /it is a directory, not a regular file$/],
    ["/proc/descent-test", /'\/proc' is on procfs, not a file system for data$/],
    [join(dir, "stdout"), /on procfs|not a regular file/],
    [join(dir, "loop"), /too many levels of symbolic links/],
    [join(dir, "no", "such", "dir.bin"), /the directory '.*no\/such' does not exist$/],
  ];
  const start = Date.now();
  for (const [p, message] of cases) {
    assert.throws(() => writeFileAtomic(p, "x", "test"), { message }, p);
    assert.throws(() => checkWritableFile(p, "test"), { message }, p);
  }
  assert.ok(fs.lstatSync(fifo).isFIFO());
  assert.ok(Date.now() - start < 2000);
  assert.throws(() => makeOutputDir("/proc/descent-plots/a/b", "--out"), {
    message: "--out '/proc/descent-plots/a/b': '/proc' is on procfs, not a file system for data",
  });
  assert.deepEqual(temporaries(dir), []);
});

test("writeFileAtomic removes its temporary when the write fails, and stale ones of dead runs", (t) => {
  const dir = tempDir(t);
  const p = join(dir, "a.bin");
  fs.writeFileSync(p, "old");
  // A value writeSync cannot write: the failure comes after the temporary was created.
  assert.throws(() => writeFileAtomic(p, { length: 3 } as unknown as Uint8Array, "test"), {
    message: /^test: cannot write '.*a\.bin': /,
  });
  assert.equal(fs.readFileSync(p, "utf8"), "old");
  assert.deepEqual(temporaries(dir), []);
  // Left by a process that was killed (pid 2^22 + 1 is above Linux's pid_max default)...
  const stale = join(dir, ".a.bin.descent-tmp-4194305-0123456789ab");
  fs.writeFileSync(stale, "half");
  // ...or being written by a live one (ours: must stay), or another file's.
  const alive = join(dir, `.a.bin.descent-tmp-${process.ppid}-0123456789ab`);
  const other = join(dir, ".b.bin.descent-tmp-4194305-0123456789ab");
  fs.writeFileSync(alive, "writing");
  fs.writeFileSync(other, "b's");
  writeFileAtomic(p, "new", "test");
  assert.equal(fs.readFileSync(p, "utf8"), "new");
  assert.deepEqual(
    temporaries(dir).sort(),
    [alive, other].map((f) => f.slice(dir.length + 1)).sort(),
  );
});

/** A child that saves 32 MB over and over (yielding between saves) until a signal comes. */
function saver(path: string): ReturnType<typeof spawn> {
  const code = `
    import { writeFileAtomic } from ${JSON.stringify(WRITER)};
    const data = new Uint8Array(32 * 1024 * 1024).fill(7);
    let n = 0;
    for (;;) {
      writeFileAtomic(${JSON.stringify(path)}, data, "child");
      if (++n === 2) process.stdout.write("ready\\n");
      await new Promise((r) => setImmediate(r));
    }`;
  return spawn(process.execPath, ["--import", TSX, "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`an interrupted save (${signal}) leaves the file whole and no temporary`, async (t) => {
    const dir = tempDir(t);
    const p = join(dir, "big.bin");
    const child = saver(p);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
      child.on("exit", () => reject(new Error("the child ended before it was ready")));
    });
    await new Promise((r) => setTimeout(r, 150)); // mid-save, most likely
    child.kill(signal);
    const [code, sig] = await new Promise<[number | null, string | null]>((r) =>
      child.on("exit", (c, s) => r([c, s])),
    );
    assert.equal(sig, signal, `exit code ${code}`);
    assert.deepEqual(temporaries(dir), []);
    assert.equal(fs.statSync(p).size, 32 * 1024 * 1024);
  });
}

test("a save killed outright (SIGKILL) leaves at most a temporary that the next save removes", async (t) => {
  const dir = tempDir(t);
  const p = join(dir, "big.bin");
  const child = saver(p);
  await new Promise<void>((resolve) =>
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
  );
  await new Promise((r) => setTimeout(r, 150));
  child.kill("SIGKILL");
  await new Promise((r) => child.on("exit", r));
  assert.ok(temporaries(dir).length <= 1);
  writeFileAtomic(p, "small", "test");
  assert.deepEqual(temporaries(dir), []);
  assert.equal(fs.readFileSync(p, "utf8"), "small");
});
