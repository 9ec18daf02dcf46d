/**
 * PyTorch `.pt`/`.pth` files through the CLI: `--save`, `--init` and `predict --model` take them
 * as they take safetensors (chosen by extension), PyTorch's own file starts a run, and a
 * malicious file is refused in one line naming the global.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Tensor } from "descent";
import { loadPt, loadSafetensors } from "descent/io";
import { ROOT, descent, tempDir } from "./helpers.js";

const PT_FIXTURES = join(ROOT, "packages/descent/test/fixtures/pt");
const hexes = (sd: Record<string, Tensor>) =>
  Object.fromEntries(
    Object.entries(sd).map(([k, t]) => [k, `${t.dtype}${t.shape}:${Buffer.from(t.toTypedArray().buffer).toString("hex")}`]), // prettier-ignore
  );

test("--save m.pth writes the same tensors as --save m.safetensors; --init m.pth continues from them", () => {
  const dir = tempDir();
  const [pt, st, again] = ["m.pth", "m.safetensors", "again.safetensors"].map((f) => join(dir, f));
  const r = descent(["run", "seed-mlp", "--epochs", "20", "--no-plot", "--save", pt]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Saved weights to .*m\.pth/);
  assert.equal(descent(["run", "seed-mlp", "--epochs", "20", "--no-plot", "--save", st]).code, 0);
  assert.deepEqual(hexes(loadPt(pt)), hexes(loadSafetensors(st)));
  assert.deepEqual(Object.keys(loadPt(pt)), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  const r2 = descent(["run", "seed-mlp", "--epochs", "0", "--no-plot", "--init", pt, "--save", again]); // prettier-ignore
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(hexes(loadSafetensors(again)), hexes(loadPt(pt)));
});

test("--init takes the state dict torch.save wrote (descent's test/fixtures/pt/mlp_state_dict.pt) bit for bit", () => {
  const out = join(tempDir(), "from_torch.pt");
  const torchFile = join(PT_FIXTURES, "mlp_state_dict.pt");
  const r = descent(["run", "seed-mlp", "--epochs", "0", "--no-plot", "--init", torchFile, "--save", out]); // prettier-ignore
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(hexes(loadPt(out)), hexes(loadPt(torchFile)));
});

test("predict --model m.pt reads the weights train --save m.pt wrote", () => {
  const dir = tempDir();
  const save = join(dir, "m.pt");
  const spec = "linear(4,10),sigmoid,linear(10,1),sigmoid";
  const data = "make-classification:n-samples=50,n-features=4,random-state=1";
  const t = descent(["train", "--model", spec, "--data", data, "--epochs", "5", "--save", save, "--no-plot"]); // prettier-ignore
  assert.equal(t.code, 0, t.stderr);
  const p = descent(["predict", "--model", save, "--spec", spec, "--data", data]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.stdout.trim().split("\n").length, 51);
  const bad = descent(["predict", "--model", save, "--spec", "linear(4,3),softmax", "--data", data]); // prettier-ignore
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /loadPt: cannot load model file '.*m\.pt' into Sequential/);
});

test("--init of a malicious .pt is refused in one line naming the global; its payload does not run", () => {
  rmSync("/tmp/descent_pt_pwned", { force: true });
  const evil = join(PT_FIXTURES, "evil_os_system.pt");
  const r = descent(["run", "seed-mlp", "--epochs", "0", "--no-plot", "--init", evil]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused global os\.system at byte 2; only tensors, storages and plain containers are allowed/); // prettier-ignore
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.equal(existsSync("/tmp/descent_pt_pwned"), false);
  const list = join(PT_FIXTURES, "list.pt");
  const l = descent(["run", "seed-mlp", "--epochs", "0", "--no-plot", "--init", list]);
  assert.match(l.stderr, /loadPt: '.*list\.pt' holds a list; expected a state dict/);
});
