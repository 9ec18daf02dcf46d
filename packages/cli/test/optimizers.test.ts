/**
 * `--optimizer` takes every optimizer of the library: from PyTorch's initial weights, `descent
 * run seed-softmax --optimizer NAME --lr ... [--momentum ...] [--weight-decay ...]` follows
 * PyTorch's losses for each configuration of test/fixtures/optimizer_runs.json (written by
 * packages/descent/scripts/golden/torch_cli_optimizers.py) to 1e-5 relative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, descent, jsonLines } from "./helpers.js";

const FIXTURES = join(ROOT, "packages/cli/test/fixtures");

interface Run {
  optimizer: string;
  flags: { lr: number; momentum?: number; weightDecay?: number };
  losses: number[];
}
const golden = JSON.parse(readFileSync(join(FIXTURES, "optimizer_runs.json"), "utf8")) as {
  torch: string;
  epochs: number;
  runs: Run[];
};

test("the golden runs cover every name --optimizer accepts", () => {
  const help = descent(["run", "--help"]).stdout.replace(/\s+/g, " ");
  const choices = /--optimizer <name>.*?\(choices: (.*?), default:/.exec(help)?.[1];
  assert.ok(choices, help);
  const accepted = choices.split(", ").map((n) => n.replace(/"/g, ""));
  assert.deepEqual(
    [...new Set(golden.runs.map((r) => r.optimizer))].sort(),
    accepted.slice().sort(),
  );
});

for (const run of golden.runs) {
  const { lr, momentum, weightDecay } = run.flags;
  const flags = [
    "--lr",
    String(lr),
    ...(momentum === undefined ? [] : ["--momentum", String(momentum)]),
    ...(weightDecay === undefined ? [] : ["--weight-decay", String(weightDecay)]),
  ];
  test(`--optimizer ${run.optimizer} ${flags.join(" ")} follows PyTorch ${golden.torch}`, () => {
    const r = descent([
      "run",
      "seed-softmax",
      "--init",
      join(FIXTURES, "seed_softmax_init.safetensors"),
      "--optimizer",
      run.optimizer,
      ...flags,
      "--epochs",
      String(golden.epochs),
      "--log-every",
      "1",
      "--log-format",
      "jsonl",
      "--no-plot",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const epochs = jsonLines(r.stdout).slice(0, -1) as { loss: number }[];
    assert.equal(epochs.length, run.losses.length);
    epochs.forEach((got, i) => {
      const want = run.losses[i];
      const rel = Math.abs(got.loss - want) / Math.abs(want);
      assert.ok(rel <= 1e-5, `epoch ${i + 1}: loss ${got.loss}, PyTorch ${want} (rel ${rel})`);
    });
  });
}
