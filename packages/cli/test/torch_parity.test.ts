/**
 * The seed's two programs against PyTorch 1.13: from the same initial weights
 * (test/fixtures/cli/*_init.safetensors, exported by scripts/golden/torch_seed_runs.py), every one
 * of the first 300 epochs' losses agrees to 1e-5 relative, and so do the accuracies.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, descent, jsonLines } from "./helpers.js";

const FIXTURES = join(ROOT, "packages/cli/test/fixtures");

interface TorchRun {
  init: string;
  epochs: { epoch: number; loss: number; accuracy?: number }[];
  final_accuracy: number;
}
const golden = JSON.parse(readFileSync(join(FIXTURES, "seed_runs.json"), "utf8")) as Record<
  string,
  TorchRun
> & { epochs: number };

for (const name of ["seed-mlp", "seed-softmax"]) {
  test(`${name} --init (PyTorch's weights) follows PyTorch's losses for ${golden.epochs} epochs`, () => {
    const ref = golden[name];
    const r = descent([
      "run",
      name,
      "--init",
      join(FIXTURES, ref.init),
      "--epochs",
      String(golden.epochs),
      "--log-format",
      "jsonl",
      "--log-every",
      "1",
      "--no-plot",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout);
    const epochs = lines.slice(0, -1) as { epoch: number; loss: number; accuracy?: number }[];
    assert.equal(epochs.length, ref.epochs.length);
    let worst = 0;
    epochs.forEach((got, i) => {
      const want = ref.epochs[i];
      assert.equal(got.epoch, want.epoch);
      const rel = Math.abs(got.loss - want.loss) / Math.abs(want.loss);
      worst = Math.max(worst, rel);
      assert.ok(
        rel <= 1e-5,
        `epoch ${got.epoch}: loss ${got.loss}, PyTorch ${want.loss} (rel ${rel})`,
      );
      if (want.accuracy !== undefined)
        assert.equal(got.accuracy, want.accuracy, `epoch ${got.epoch}`);
    });
    const final = lines.at(-1)!;
    assert.equal(final.final, true);
    assert.ok(Math.abs((final.accuracy as number) - ref.final_accuracy) < 1e-6);
    assert.ok(worst < 1e-5);
  });
}
