/**
 * The CLI facing hostile input: every error is one line `descent: <message>` with a non-zero
 * exit, names the path or the value (cut short), never an engine error; --data that is missing,
 * a device or empty is an error naming it.
 */
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { join } from "node:path";
import { errorText } from "../src/errors.js";
import { main } from "../src/main.js";
import { descent, tempDir } from "./helpers.js";

/** Runs the CLI in this process; returns the exit code and what it wrote to stderr and stdout. */
async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = "";
  let stdout = "";
  const e = mock.method(process.stderr, "write", (s: string) => ((stderr += s), true));
  const o = mock.method(process.stdout, "write", (s: string) => ((stdout += s), true));
  try {
    const code = await main(args);
    return { code, stderr, stdout };
  } finally {
    e.mock.restore();
    o.mock.restore();
  }
}

const ENGINE = /RangeError|TypeError|is not a function|Cannot read properties|Maximum call stack/;

test("bad names, paths, sizes and values: one line each, exit 1, no engine error", async () => {
  const dir = tempDir();
  fs.writeFileSync(join(dir, "header-only.csv"), "a,b,y\n");
  fs.mkdirSync(join(dir, "empty"));
  const huge = "linear(4,10),".repeat(15000) + "sigmoid";
  const cases: [string[], RegExp][] = [
    [["train", "--model", "__proto__", "--data", "make-moons", "--no-plot"], /^descent: model spec: layer 1 \(__proto__\): unknown layer; known: linear, /],
    [["train", "--model", "linear(2,1)", "--loss", "__proto__", "--data", "make-moons", "--no-plot"], /^descent: unknown loss "__proto__"; known: bce, /],
    [["train", "--model", "linear(2,1)", "--data", "make-constructor", "--no-plot"], /^descent: --data: unknown generator "make-constructor"/],
    [["train", "--model", "linear(2,1)", "--data", "make-moons:constructor=1", "--no-plot"], /^descent: --data make-moons: unknown option "constructor"/],
    [["train", "--model", huge, "--data", "make-moons", "--no-plot"], /^descent: model spec: 195007 characters, more than the 10000 descent reads \('linear\(4,10\),linear.*… \(195007 characters\)'\)$/],
    [["train", "--model", "linear(100000,100000)", "--data", "make-moons", "--no-plot"], /^descent: model spec: its linear layers hold 10000100000 parameters \(40\.0 GB of float32\)/],
    [["train", "--model", "linear(2,1)", "--data", "make-moons:n-samples=1e11", "--no-plot"], /^descent: --data make-moons: makeMoons: \[100000000000, 2\] float64 needs 1\.6 TB, more than descent allows/],
    [["train", "--model", "linear(2,1)", "--data", "/dev/zero", "--no-plot"], /^descent: --data: cannot read '\/dev\/zero': it is a character device, not a regular file$/],
    [["train", "--model", "linear(2,1)", "--data", join(dir, "nope.csv"), "--no-plot"], /^descent: --data: cannot read '.*nope\.csv': no such file or directory \(ENOENT\)$/],
    [["train", "--model", "linear(2,1)", "--data", join(dir, "header-only.csv"), "--no-plot"], /^descent: --data '.*header-only\.csv': no data rows$/],
    [["run", "seed-mlp", "--init", "/dev/zero", "--no-plot"], /^descent: safetensors: cannot read '\/dev\/zero': it is a character device/],
    [["run", "softmax-regression", "--data", join(dir, "no-such-dir"), "--no-plot", "--epochs", "1"], /^descent: loadFashionMnist: the data folder '.*no-such-dir' cannot be read: no such file or directory \(ENOENT\)$/],
    [["run", "mlp", "--data", join(dir, "empty"), "--no-plot", "--epochs", "1"], /^descent: loadFashionMnist: the data folder '.*empty' holds none of the Fashion-MNIST files/],
    [["run", "seed-mlp", "--lr", "x".repeat(100000)], /^descent: option '--lr <rate>' argument 'x{59}… \(100000 characters\)' is invalid\. the learning rate must be a positive number \(e\.g\. 0\.1\)\. \(run with --help for usage\)$/],
  ]; // prettier-ignore
  for (const [args, message] of cases) {
    const r = await run(args);
    const what = args.join(" ").slice(0, 120);
    assert.equal(r.code, 1, `${what}: ${r.stderr}`);
    assert.equal(r.stderr.split("\n").length, 2, `${what}: one line: ${r.stderr}`);
    assert.ok(r.stderr.length < 600, `${what}: ${r.stderr.length} characters`);
    assert.doesNotMatch(r.stderr, ENGINE, what);
    assert.match(r.stderr.trimEnd(), message, what);
  }
});

test("errors: one line (PyTorch-style problem lists: a handful); engine errors marked; --verbose shows all", () => {
  const multi = new Error(
    "cannot load 'm.safetensors':\n\tMissing key(s): fc1.weight\n\tsize mismatch",
  );
  assert.equal(
    errorText(multi, false),
    "descent: cannot load 'm.safetensors':\n\tMissing key(s): fc1.weight\n\tsize mismatch\n",
  );
  const many = new Error(`problems:${"\n\tbad".repeat(7)}`);
  assert.equal(
    errorText(many, false),
    `descent: problems: (3 more with --verbose)${"\n\tbad".repeat(4)}\n`,
  );
  const prose = new Error("first line\nsecond line");
  assert.equal(errorText(prose, false), "descent: first line (details with --verbose)\n");
  assert.match(errorText(multi, true), /^descent: cannot load[^]*size mismatch\n[^]*at /);
  const bug = new TypeError("make is not a function");
  assert.equal(
    errorText(bug, false),
    "descent: internal error (TypeError: make is not a function); please report it, with the command, at the descent issue tracker\n",
  );
});

test("a FIFO given as --data is refused without blocking on it (the CLI spawned)", () => {
  const dir = tempDir();
  const fifo = join(dir, "data.csv");
  execFileSync("mkfifo", [fifo]);
  const start = Date.now();
  const r = descent(["train", "--model", "linear(2,1)", "--data", fifo, "--no-plot"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `descent: --data: cannot read '${fifo}': it is a FIFO (named pipe), not a regular file\n`,
  );
  assert.ok(Date.now() - start < 30_000);
});
