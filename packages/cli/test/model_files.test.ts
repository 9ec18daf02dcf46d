/**
 * Model files through the CLI: --save then --init, PyTorch -> descent -> PyTorch bit for bit,
 * malformed files refused naming the file and the problem, and nothing corrupted on failure.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSafetensors } from "descent/io";
import { ROOT, descent, jsonLines, tempDir } from "./helpers.js";

const FIXTURES = join(ROOT, "packages/cli/test/fixtures");
const MLP_INIT = join(FIXTURES, "seed_mlp_init.safetensors");

function bytesOf(path: string): Record<string, { dtype: string; shape: number[]; hex: string }> {
  const out: Record<string, { dtype: string; shape: number[]; hex: string }> = {};
  for (const [k, t] of Object.entries(loadSafetensors(path))) {
    const a = t.toTypedArray();
    out[k] = {
      dtype: t.dtype,
      shape: t.shape,
      hex: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex"),
    };
  }
  return out;
}

test("--save writes PyTorch's keys; --init of that file continues from the same weights", () => {
  const dir = tempDir();
  const a = join(dir, "a.safetensors");
  const b = join(dir, "b.safetensors");
  const r1 = descent(["run", "seed-mlp", "--epochs", "20", "--no-plot", "--save", a]);
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stdout, /Saved weights to .*a\.safetensors/);
  const saved = loadSafetensors(a);
  assert.deepEqual(Object.keys(saved).sort(), ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]);
  assert.deepEqual(saved["fc1.weight"].shape, [10, 4]);
  const r2 = descent(["run", "seed-mlp", "--epochs", "0", "--no-plot", "--init", a, "--save", b]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(bytesOf(b), bytesOf(a));
  // Training on from the saved weights is the same as training longer in one go.
  const cont = descent([
    "run",
    "seed-mlp",
    "--epochs",
    "5",
    "--log-every",
    "1",
    "--log-format",
    "jsonl",
    "--no-plot",
    "--init",
    a,
  ]);
  const whole = descent([
    "run",
    "seed-mlp",
    "--epochs",
    "25",
    "--log-every",
    "1",
    "--log-format",
    "jsonl",
    "--no-plot",
  ]);
  assert.deepEqual(
    jsonLines(cont.stdout)
      .slice(0, 5)
      .map((o) => o.loss),
    jsonLines(whole.stdout)
      .slice(20, 25)
      .map((o) => o.loss),
  );
  const sm = descent([
    "run",
    "seed-softmax",
    "--epochs",
    "1",
    "--no-plot",
    "--save",
    join(dir, "s.safetensors"),
  ]);
  assert.equal(sm.code, 0, sm.stderr);
  assert.deepEqual(Object.keys(loadSafetensors(join(dir, "s.safetensors"))).sort(), [
    "fc.bias",
    "fc.weight",
  ]);
});

test("PyTorch -> descent -> PyTorch keeps every tensor bit for bit", () => {
  const dir = tempDir();
  for (const [name, file] of [
    ["seed-mlp", "seed_mlp_init.safetensors"],
    ["seed-softmax", "seed_softmax_init.safetensors"],
  ]) {
    const out = join(dir, file);
    const r = descent([
      "run",
      name,
      "--init",
      join(FIXTURES, file),
      "--epochs",
      "0",
      "--no-plot",
      "--save",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(bytesOf(out), bytesOf(join(FIXTURES, file)));
    // And PyTorch reads it back (where this machine has the Python that wrote the fixtures).
    const py = spawnSync(
      "/usr/bin/python3",
      [join(ROOT, "packages/descent/scripts/golden/torch_seed_runs.py"), "verify", name, out],
      {
        encoding: "utf8",
      },
    );
    if (py.error || /No module named/.test(py.stderr)) continue;
    assert.equal(py.status, 0, py.stderr);
    assert.match(py.stdout, /OK: .* bit for bit/);
  }
});

/** A safetensors file from a header object and the data bytes (header length as given). */
function encode(header: object, data: Uint8Array, headerLength?: number): Buffer {
  const h = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(headerLength ?? h.length));
  return Buffer.concat([len, h, data]);
}

test("malformed --init files are refused, naming the file and the problem", () => {
  const dir = tempDir();
  const good = readFileSync(MLP_INIT);
  const n = Number(good.readBigUInt64LE(0));
  const header = JSON.parse(good.subarray(8, 8 + n).toString()) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const data = good.subarray(8 + n);
  const edit = (f: (h: typeof header) => void) => {
    const h = structuredClone(header);
    f(h);
    return encode(h, data);
  };
  const cases: [string, Buffer, RegExp][] = [
    ["truncated", good.subarray(0, good.length - 10), /run past the end of the data/],
    ["tiny", good.subarray(0, 5), /shorter than the 8-byte header length/],
    [
      "header-length",
      encode(header, data, 100_000),
      /header length 100000 runs past the end of the file/,
    ],
    [
      "out-of-range",
      edit((h) => (h["fc1.weight"].data_offsets = [0, 4000])),
      /data_offsets \[0, 4000\] run past the end/,
    ],
    ["overlap", edit((h) => (h["fc2.bias"].data_offsets = [196, 200])), /overlap/],
    ["dtype", edit((h) => (h["fc1.bias"].dtype = "Q7")), /unknown dtype "Q7"/],
    ["shape", edit((h) => (h["fc1.weight"].shape = [4, 10])), /size mismatch for fc1\.weight/],
    [
      "keys",
      readFileSync(join(FIXTURES, "seed_softmax_init.safetensors")),
      /Missing key\(s\) in state_dict: "fc1\.weight"/,
    ],
    [
      "not-json",
      Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("{{{{")]),
      /JSON/,
    ],
  ];
  for (const [name, bytes, why] of cases) {
    const path = join(dir, `${name}.safetensors`);
    writeFileSync(path, bytes);
    const r = descent(["run", "seed-mlp", "--init", path, "--epochs", "1", "--no-plot"]);
    assert.equal(r.code, 1, `${name}: exit code`);
    assert.ok(r.stderr.includes(path), `${name}: names the file: ${r.stderr}`);
    assert.match(r.stderr, why, name);
    assert.equal(r.stdout, "", `${name}: refused before training`);
  }
  const missing = descent([
    "run",
    "seed-mlp",
    "--init",
    join(dir, "nope.safetensors"),
    "--no-plot",
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.safetensors.*no such file/);
});

test("a loss that becomes NaN or infinite ends the run, names the epoch and the rate, saves nothing", () => {
  const dir = tempDir();
  const save = join(dir, "keep.safetensors");
  writeFileSync(save, readFileSync(MLP_INIT));
  const r = descent(["run", "linreg", "--lr", "100", "--save", save, "--out", dir]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /loss became (NaN|infinite) at epoch 1; the learning rate 100 is probably too large/,
  );
  assert.match(r.stderr, /nothing was saved to/);
  assert.deepEqual(readFileSync(save), readFileSync(MLP_INIT), "the existing file is untouched");
  const train = descent([
    "train",
    "--model",
    "linear(2,1)",
    "--data",
    "make-regression:n-samples=50,n-features=2,noise=1,random-state=0",
    "--loss",
    "mse",
    "--lr",
    "50",
    "--no-plot",
  ]);
  assert.equal(train.code, 1);
  assert.match(
    train.stderr,
    /loss became (NaN|infinite) at epoch \d+; the learning rate 50 is probably too large/,
  );
});

test("--save into a missing directory is refused before training", () => {
  const r = descent([
    "run",
    "seed-mlp",
    "--save",
    join(tempDir(), "no/such/dir/m.safetensors"),
    "--no-plot",
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /--save: cannot write '.*m\.safetensors': the directory '.*dir' does not exist/,
  );
  assert.equal(r.stdout, "");
});
