/**
 * d2l's chapter-3 examples (examples/d2l_*.ts): linear regression at the book's full size (it
 * takes well under a second) must recover w and b to within 0.01; the Fashion-MNIST programs run
 * at reduced size (2000 training and 500 test images, 2 epochs: `--small`) and must lower their
 * loss and beat chance (10 %) by a wide margin. The full-size runs are `npm run bench:d2l`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { run as linregScratch } from "../examples/d2l_3_2_linreg_scratch.js";
import { run as linregConcise } from "../examples/d2l_3_3_linreg_concise.js";
import { run as softmaxScratch } from "../examples/d2l_3_6_softmax_scratch.js";
import { run as softmaxConcise } from "../examples/d2l_3_7_softmax_concise.js";
import { run as mlp } from "../examples/d2l_4_2_mlp.js";
import { SMALL, isSmall } from "../examples/d2l_data.js";
import { needsData } from "./needs_data.js";

const root = fileURLToPath(new URL("..", import.meta.url));

async function script(path: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", path, ...args],
    { cwd: root, env: { ...process.env, ...env } },
  );
  return stdout.trimEnd().split("\n");
}

for (const [name, run, maxLoss] of [
  ["3.2 from scratch", linregScratch, 0.0002],
  ["3.3 concise", linregConcise, 0.0004],
] as const) {
  test(`linear regression ${name}: the loss falls and w, b are found to within 0.01`, () => {
    const lines: string[] = [];
    const r = run({ log: (l) => lines.push(l) });
    assert.equal(r.losses.length, 3);
    assert.ok(r.losses[2] < r.losses[0], `losses ${r.losses}`);
    assert.ok(r.losses[2] < maxLoss, `final loss ${r.losses[2]}`);
    for (const e of [...r.errorW, r.errorB]) assert.ok(Math.abs(e) < 0.01, `error ${e}`);
    [2, -3.4].forEach((v, i) => assert.ok(Math.abs(r.w[i] - v) < 0.01, `w ${r.w}`));
    assert.ok(Math.abs(r.b - 4.2) < 0.01, `b ${r.b}`);
    assert.match(lines[0], /^epoch 1, loss \d+\.\d{6}$/);
    assert.match(lines[3], /^error in estimating w: tensor\(\[.*\]/);
    assert.match(lines[4], /^error in estimating b: tensor\(\[.*\]/);
  });
}

test("examples/d2l_3_2_linreg_scratch.ts prints the book's lines", async () => {
  const lines = await script("examples/d2l_3_2_linreg_scratch.ts");
  assert.equal(lines.length, 5);
  for (let i = 0; i < 3; i++)
    assert.match(lines[i], new RegExp(`^epoch ${i + 1}, loss \\d\\.\\d{6}$`));
  assert.match(
    lines[3],
    /^error in estimating w: tensor\(\[ ?-?0\.000\d, +-?0\.000\d\], grad_fn=<SubBackward0>\)$/,
  );
});

test("isSmall: --small or DESCENT_SMALL=1", () => {
  assert.equal(isSmall(["--small"], {}), true);
  assert.equal(isSmall([], { DESCENT_SMALL: "1" }), true);
  assert.equal(isSmall([], {}), false);
});

const EPOCH =
  /^epoch (\d+), loss (\d+\.\d{4}), train acc (0\.\d{3}|1\.000), test acc (0\.\d{3}|1\.000)$/;

for (const [name, run] of [
  ["3.6 softmax regression from scratch", softmaxScratch],
  ["3.7 softmax regression, concise", softmaxConcise],
  ["4.2 multilayer perceptron", mlp],
] as const) {
  test(`${name} at reduced size: the loss falls, accuracy far above chance`, needsData, () => {
    const lines: string[] = [];
    const { history, predictions } = run({ small: true, log: (l) => lines.push(l) });
    assert.equal(history.length, SMALL.numEpochs);
    assert.equal(history[0].examples, SMALL.trainSize);
    assert.ok(
      history[1].trainLoss < history[0].trainLoss,
      `losses ${history.map((e) => e.trainLoss)}`,
    );
    assert.ok(history[1].trainAcc > 0.5, `train acc ${history[1].trainAcc}`);
    assert.ok(history[1].testAcc > 0.5, `test acc ${history[1].testAcc} (chance: 0.1)`);
    lines.slice(0, 2).forEach((l, i) => {
      const m = EPOCH.exec(l);
      assert.ok(m, l);
      assert.equal(Number(m[1]), i + 1);
    });
    assert.match(lines[2], /^true: +[a-z]/);
    assert.match(lines[3], /^predicted: +[a-z]/);
    assert.match(lines[4], /^\d of 6 right$/);
    assert.equal(predictions.labels.length, 6);
    assert.deepEqual(predictions.shape, [6, 28, 28]);
  });
}

test(
  "the Fashion-MNIST examples run as scripts with --small or DESCENT_SMALL=1",
  needsData,
  async () => {
    const a = await script("examples/d2l_3_7_softmax_concise.ts", ["--small"]);
    const b = await script("examples/d2l_4_2_mlp.ts", [], { DESCENT_SMALL: "1" });
    for (const lines of [a, b]) {
      assert.equal(lines.length, SMALL.numEpochs + 3);
      assert.match(lines[0], EPOCH);
      assert.match(lines[1], EPOCH);
    }
  },
);
