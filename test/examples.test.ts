/**
 * The seed's programs as examples: each runs as a script and prints the seed's lines, its loss
 * falls and its accuracy ends above 80%. The softmax programs are also imported and run as
 * functions, to show the difference the seed's extra softmax makes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { run as runSoftmax } from "../examples/seed_softmax.js";
import { run as runLogits } from "../examples/seed_softmax_logits.js";

const root = fileURLToPath(new URL("..", import.meta.url));

async function script(path: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", path], {
    cwd: root,
  });
  return stdout.trimEnd().split("\n");
}

const EPOCH_LINE = /^Epoch \[(\d+)\/1000\], Loss: (\d+\.\d{4})(?:, Accuracy: (\d+\.\d{2})%)?$/;

function parse(lines: string[]): { epochs: number[]; losses: number[]; accuracies: number[] } {
  const m = lines.map((l) => {
    const r = EPOCH_LINE.exec(l);
    assert.ok(r, `unexpected line: ${JSON.stringify(l)}`);
    return r;
  });
  return {
    epochs: m.map((r) => Number(r[1])),
    losses: m.map((r) => Number(r[2])),
    accuracies: m.filter((r) => r[3] !== undefined).map((r) => Number(r[3])),
  };
}

function assertFalling(losses: number[], what: string): void {
  for (let i = 1; i < losses.length; i++) {
    assert.ok(
      losses[i] <= losses[i - 1],
      `${what}: loss rose from ${losses[i - 1]} to ${losses[i]}`,
    );
  }
  assert.ok(losses[losses.length - 1] < losses[0], `${what}: loss did not fall`);
}

const TEN_REPORTS = Array.from({ length: 10 }, (_, i) => (i + 1) * 100);

for (const file of ["examples/seed_softmax.ts", "examples/seed_softmax_logits.ts"]) {
  test(`${file} prints the seed's lines: Epoch [k/1000], Loss, Accuracy`, async () => {
    const lines = await script(file);
    assert.equal(lines.length, 10);
    const { epochs, losses, accuracies } = parse(lines);
    assert.deepEqual(epochs, TEN_REPORTS);
    assertFalling(losses, file);
    assert.equal(accuracies.length, 10);
    assert.ok(accuracies[9] > 80, `final accuracy ${accuracies[9]}%`);
  });
}

test("examples/seed_mlp.ts prints the seed's lines and a final accuracy above 80%", async () => {
  const lines = await script("examples/seed_mlp.ts");
  assert.equal(lines.length, 11);
  const { epochs, losses } = parse(lines.slice(0, 10));
  assert.deepEqual(epochs, TEN_REPORTS);
  assertFalling(losses, "seed_mlp");
  const acc = /^Accuracy: (\d+\.\d{2})%$/.exec(lines[10]);
  assert.ok(acc, lines[10]);
  assert.ok(Number(acc[1]) > 80);
});

test("run(): softmax before CrossEntropyLoss floors the loss; logits do not", () => {
  const floor = Math.log(1 + 2 / Math.E); // -log softmax([1, 0, 0])_0, the best the seed can do
  const quiet = { seed: 3, log: () => {} };
  const seedRun = runSoftmax(quiet);
  const fixed = runLogits(quiet);
  for (const [name, r] of [
    ["softmax", seedRun],
    ["logits", fixed],
  ] as const) {
    assert.equal(r.losses.length, 1000);
    assert.equal(r.reports.length, 10);
    assertFalling(
      r.reports.map((x) => x.loss),
      name,
    );
    assert.ok(r.accuracy > 0.8, `${name}: accuracy ${r.accuracy}`);
  }
  assert.ok(Math.min(...seedRun.losses) > floor, "the doubled softmax cannot go below ln(1 + 2/e)");
  assert.ok(fixed.losses[999] < floor, `logits reach ${fixed.losses[999]}`);
  assert.ok(fixed.losses[999] < seedRun.losses[999]);
  // same seed, same initial weights: the runs differ only by the softmax
  assert.equal(
    runSoftmax({ ...quiet, numEpochs: 100 }).losses[99],
    seedRun.losses[99],
    "reproducible with a seed",
  );
});
