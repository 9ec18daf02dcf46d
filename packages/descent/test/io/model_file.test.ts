import { test, mock } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Tensor } from "../../src/tensor/index.js";
import { fromTypedArray, manualSeed, tensor } from "../../src/tensor/index.js";
import { Linear, Module, Sigmoid } from "../../src/nn/index.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  loadModelWeights,
  loadSafetensors,
  readSafetensorsFile,
  saveSafetensors,
} from "../../src/io/index.js";

/** The seed's model (examples/seed_mlp.ts), as in scripts/golden/torch_safetensors.py. */
class LinearNet extends Module {
  fc1 = new Linear(4, 10);
  fc2 = new Linear(10, 1);
  sigmoid = new Sigmoid();
  forward(x: Tensor): Tensor {
    return this.sigmoid.forward(this.fc2.forward(this.sigmoid.forward(this.fc1.forward(x))));
  }
}
class WideNet extends Module {
  fc1 = new Linear(4, 5);
  fc2 = new Linear(5, 1);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x));
  }
}

const fixtureUrl = (name: string) => new URL(`../fixtures/safetensors/${name}`, import.meta.url);
const TORCH_FILE = fileURLToPath(fixtureUrl("torch_state_dict.safetensors"));
const side = JSON.parse(fs.readFileSync(fixtureUrl("torch_state_dict.json"), "utf8")) as {
  forward: { input: number[][]; output: number[][] };
};
const SCRIPT = fileURLToPath(new URL("../../scripts/golden/torch_safetensors.py", import.meta.url));
const MODEL_KEYS = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"];

function tempDir(): string {
  return fs.mkdtempSync(join(tmpdir(), "descent-io-"));
}
const hex = (t: Tensor) => Buffer.from(t.value.data.buffer, t.value.data.byteOffset, t.value.data.byteLength).toString("hex"); // prettier-ignore

function assertSameTensors(got: Record<string, Tensor>, want: Record<string, Tensor>): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    assert.equal(got[k].dtype, want[k].dtype, k);
    assert.deepEqual(got[k].shape, want[k].shape, k);
    assert.equal(hex(got[k]), hex(want[k]), k);
  }
}

test("save -> load round trip of a module and of a state dict, with metadata", () => {
  const dir = tempDir();
  manualSeed(1);
  const model = new LinearNet();
  const path = join(dir, "model.safetensors");
  saveSafetensors(path, model, { epoch: "3" });
  assert.deepEqual(fs.readdirSync(dir), ["model.safetensors"]);
  const file = readSafetensorsFile(path);
  assert.deepEqual(file.metadata, { epoch: "3" });
  assertSameTensors(file.tensors, model.stateDict());
  assertSameTensors(loadSafetensors(path), model.stateDict());

  const fresh = new LinearNet();
  assert.notEqual(hex(fresh.fc1.weight), hex(model.fc1.weight));
  assert.deepEqual(loadModelWeights(fresh, path), { missingKeys: [], unexpectedKeys: [] });
  assertSameTensors(fresh.stateDict(), model.stateDict());

  const sd = { ints: fromTypedArray(new Int32Array([1, -2]), [2]), flag: tensor([true, false]) };
  saveSafetensors(path, sd); // overwrites
  assertSameTensors(loadSafetensors(path), sd);
  assert.deepEqual(fs.readdirSync(dir), ["model.safetensors"]);
  fs.rmSync(dir, { recursive: true });
});

test("PyTorch's LinearNet weights load into descent's LinearNet and give torch's outputs", () => {
  const model = new LinearNet();
  const r = loadModelWeights(model, TORCH_FILE, { strict: false });
  assert.deepEqual(r.missingKeys, []);
  assert.ok(r.unexpectedKeys.every((k) => k.startsWith("extra.")) && r.unexpectedKeys.length > 0);
  const y = model.forward(tensor(side.forward.input)).toTypedArray();
  const want = side.forward.output.flat();
  assert.equal(y.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(y[i] - want[i]) < 1e-6, `${y[i]} vs ${want[i]}`); // prettier-ignore
});

test("file errors name the path and the problem", () => {
  const dir = tempDir();
  const missing = join(dir, "nope.safetensors");
  assert.throws(
    () => loadSafetensors(missing),
    (e: Error) => e.message === `safetensors: cannot read '${missing}': no such file or directory (ENOENT)`, // prettier-ignore
  );
  assert.throws(() => loadSafetensors(dir), /cannot read '.*': it is a directory, not a regular file/); // prettier-ignore
  const junk = join(dir, "junk.safetensors");
  fs.writeFileSync(junk, "hello");
  assert.throws(
    () => loadSafetensors(junk),
    new RegExp(`safetensors: invalid file '${junk}': the file is 5 bytes`),
  );
  assert.throws(
    () => saveSafetensors(join(dir, "no", "such", "dir.safetensors"), {}),
    /saveSafetensors: cannot write '.*dir\.safetensors': the directory '.*such' does not exist/,
  );
  fs.rmSync(dir, { recursive: true });
});

test("loadModelWeights: key and shape problems name the file and keep the module's list", () => {
  assert.throws(
    () => loadModelWeights(new LinearNet(), TORCH_FILE),
    (e: Error) => {
      assert.match(e.message, /^safetensors: cannot load model file '.*torch_state_dict\.safetensors' into LinearNet: /); // prettier-ignore
      assert.match(e.message, /Unexpected key\(s\) in state_dict: "extra\./);
      assert.ok(e.cause instanceof Error);
      return true;
    },
  );
  assert.throws(
    () => loadModelWeights(new WideNet(), TORCH_FILE, { strict: false }),
    /into WideNet: .*\n\tsize mismatch for fc1\.weight: copying a param with shape \[10, 4\] from checkpoint, the shape in current model is \[5, 4\]/, // prettier-ignore
  );
});

// ---- atomic writes ---------------------------------------------------------------------------

function withTarget(f: (dir: string, path: string, before: Buffer) => void): void {
  const dir = tempDir();
  const path = join(dir, "model.safetensors");
  saveSafetensors(path, { w: tensor([1, 2, 3]) }, { version: "1" });
  const before = fs.readFileSync(path);
  try {
    f(dir, path, before);
    assert.deepEqual(fs.readFileSync(path), before, "the target is unchanged");
    assert.deepEqual(fs.readdirSync(dir), ["model.safetensors"], "no temporary file is left");
  } finally {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true });
  }
}
const v2 = () => ({ w: tensor([4, 5, 6, 7]), b: tensor([0]) });

test("atomic save: a tensor that throws while encoding leaves the target as it was", () => {
  withTarget((_dir, path) => {
    const bad = tensor([1]);
    Object.defineProperty(bad, "value", {
      get() {
        throw new Error("storage lost");
      },
    });
    assert.throws(() => saveSafetensors(path, { ...v2(), z: bad }), /storage lost/);
  });
});

test("atomic save: the disk filling up mid-write leaves the target and no temp file", () => {
  withTarget((_dir, path) => {
    let calls = 0;
    const real = fs.writeSync;
    const m = mock.method(fs, "writeSync", (fd: number, buf: Uint8Array, off: number) => {
      if (calls++ === 0) return (real as (...a: unknown[]) => number)(fd, buf, off, 10); // a partial write
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    try {
      assert.throws(
        () => saveSafetensors(path, v2()),
        /saveSafetensors: cannot write '.*model\.safetensors': no space left on the device \(ENOSPC\)/,
      );
      assert.equal(calls, 2);
    } finally {
      m.mock.restore();
    }
  });
});

test("atomic save: a failing fsync leaves the target and no temp file", () => {
  withTarget((_dir, path) => {
    const m = mock.method(fs, "fsyncSync", () => {
      throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
    });
    try {
      assert.throws(
        () => saveSafetensors(path, v2()),
        /cannot write '.*model\.safetensors': EIO: i\/o error/,
      );
    } finally {
      m.mock.restore();
    }
  });
});

test("atomic save: a directory in the way is refused before writing, leaving no temp file", () => {
  const dir = tempDir();
  const path = join(dir, "model.safetensors");
  fs.mkdirSync(path);
  fs.writeFileSync(join(path, "keep"), "x");
  assert.throws(
    () => saveSafetensors(path, v2()),
    /cannot write '.*model\.safetensors': it is a directory, not a regular file/,
  );
  assert.deepEqual(fs.readdirSync(dir), ["model.safetensors"]);
  assert.deepEqual(fs.readdirSync(path), ["keep"]);
  fs.rmSync(dir, { recursive: true });
});

const isRoot = process.getuid?.() === 0;
test(
  "atomic save: a read-only directory leaves the target as it was",
  { skip: isRoot && "running as root: a read-only directory does not stop root writing" },
  () => {
    withTarget((dir, path) => {
      fs.chmodSync(dir, 0o555);
      assert.throws(() => saveSafetensors(path, v2()), /permission denied \(EACCES\)/);
    });
  },
);

// ---- PyTorch reads what descent writes -------------------------------------------------------

const PYTHON = "/usr/bin/python3";
const torchProbe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
const noTorch =
  torchProbe.status === 0
    ? false
    : `needs ${PYTHON} with torch (${torchProbe.error?.message ?? torchProbe.stderr.trim().split("\n").pop()})`; // prettier-ignore

function verify(path: string, ...flags: string[]) {
  return spawnSync(PYTHON, [SCRIPT, "verify", path, ...flags], { encoding: "utf8" });
}

test("PyTorch loads descent's files bit for bit (scripts/golden/torch_safetensors.py verify)", { skip: noTorch }, () => {
  const dir = tempDir();
  // every tensor of PyTorch's file, re-written by descent (F16/BF16 as float32, I64 as int32)
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(fs.readFileSync(TORCH_FILE)));
  const all = join(dir, "all.safetensors");
  fs.writeFileSync(all, encodeSafetensors(tensors, metadata));
  const r = verify(all);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /OK: 13 tensors bit-exact .*LinearNet loaded strictly, forward pass identical/); // prettier-ignore

  // a descent module saved with saveSafetensors loads strictly into torch's LinearNet
  const model = new LinearNet();
  loadModelWeights(model, TORCH_FILE, { strict: false });
  const saved = join(dir, "model.safetensors");
  saveSafetensors(saved, model);
  const m = verify(saved, "--partial");
  assert.equal(m.status, 0, m.stderr + m.stdout);
  assert.match(m.stdout, /OK: 4 tensors bit-exact .*forward pass identical/);
  assert.deepEqual(Object.keys(loadSafetensors(saved)).sort(), [...MODEL_KEYS].sort());

  // and the check does catch a flipped bit
  const bytes = fs.readFileSync(all);
  bytes[bytes.length - 20] ^= 1;
  fs.writeFileSync(all, bytes);
  const bad = verify(all);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /FAILED: .* differs from the side file bit for bit/);
  fs.rmSync(dir, { recursive: true });
}); // prettier-ignore
