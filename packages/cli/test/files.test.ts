/**
 * The CLI's file cases: saves keep the file's mode and go through symlinks; FIFOs, devices and
 * /proc are refused at once with one line, before any training.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import { ROOT, TSX, descent, tempDir } from "./helpers.js";

const MAIN = join(ROOT, "packages/cli/src/main.ts");

test("--out and --save keep the file's mode and write through a symlink", () => {
  const dir = tempDir();
  fs.writeFileSync(join(dir, "data.csv"), "old\n");
  fs.chmodSync(join(dir, "data.csv"), 0o600);
  fs.symlinkSync("data.csv", join(dir, "latest.csv"));
  const r = descent(["data", "make-moons", "--n-samples", "4", "--out", join(dir, "latest.csv")]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(join(dir, "latest.csv")).isSymbolicLink());
  assert.equal(fs.statSync(join(dir, "data.csv")).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(join(dir, "data.csv"), "utf8"), /^x0,x1,y\n/);

  const model = join(dir, "m.safetensors");
  fs.writeFileSync(model, "");
  fs.chmodSync(model, 0o600);
  fs.symlinkSync("m.safetensors", join(dir, "best.safetensors"));
  const s = descent([
    "run",
    "seed-softmax",
    "--epochs",
    "1",
    "--no-plot",
    "--save",
    join(dir, "best.safetensors"),
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.ok(fs.lstatSync(join(dir, "best.safetensors")).isSymbolicLink());
  assert.equal(fs.statSync(model).mode & 0o777, 0o600);
  assert.ok(fs.statSync(model).size > 8);
  assert.deepEqual(
    fs.readdirSync(dir).filter((n) => n.includes("descent-tmp")),
    [],
  );
});

test("a FIFO, a device and /proc are refused at once, in one line, before training", () => {
  const dir = tempDir();
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  const cases: [string[], RegExp][] = [
    [
      ["data", "make-moons", "--out", fifo],
      /^descent: --out: cannot write '.*fifo': it is a FIFO \(named pipe\), not a regular file\n$/,
    ],
    [
      ["data", "make-moons", "--out", "/dev/null"],
      /^descent: --out: cannot write '\/dev\/null': it is a character device, not a regular file\n$/,
    ],
    [
      ["run", "seed-mlp", "--epochs", "100000", "--out", "/proc/descent-plots"],
      /^descent: --out '\/proc\/descent-plots': '\/proc' is on procfs, not a file system for data\n$/,
    ],
    [
      ["run", "seed-mlp", "--epochs", "100000", "--no-plot", "--save", fifo],
      /^descent: --save: cannot write '.*fifo': it is a FIFO/,
    ],
  ];
  for (const [args, message] of cases) {
    const start = Date.now();
    const r = descent(args);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, "");
    assert.ok(Date.now() - start < 30_000, `${args.join(" ")} took ${Date.now() - start} ms`);
  }
  assert.ok(fs.lstatSync(fifo).isFIFO());
});

test("descent killed by SIGINT or SIGTERM while saving leaves no temporary and no half file", async (t) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const dir = tempDir();
    const out = join(dir, "moons.csv");
    const child = spawn(
      process.execPath,
      ["--import", TSX, MAIN, "data", "make-moons", "--n-samples", "1000000", "--out", out],
      { env: { ...process.env, CI: "1" }, stdio: "ignore" },
    );
    const exited = new Promise<[number | null, string | null]>((r) =>
      child.on("exit", (c, s) => r([c, s])),
    );
    // Signal as soon as the temporary appears: mid-save (or, if the save is done, after it).
    let midSave = false;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        midSave = fs.readdirSync(dir).some((n) => n.includes(".descent-tmp-"));
        if (midSave || child.exitCode !== null) {
          clearInterval(poll);
          child.kill(signal);
          resolve();
        }
      }, 1);
    });
    const [code, sig] = await exited;
    t.diagnostic(`${signal}: sent ${midSave ? "mid-save" : "after the save"}; exit ${code ?? sig}`);
    assert.ok(sig === signal || code === 0, `${signal}: exit ${code} ${sig}`);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n !== "moons.csv"),
      [],
      `${signal}: a temporary was left`,
    );
    if (fs.existsSync(out)) {
      const text = fs.readFileSync(out, "utf8");
      assert.equal(text.split("\n").length, 1_000_002, `${signal}: the file is whole`);
    }
  }
});
