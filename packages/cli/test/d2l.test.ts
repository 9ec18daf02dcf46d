/**
 * `descent run softmax-regression [--from-scratch]` and `descent run mlp` end to end, at reduced
 * size (2000 training and 500 test images, 2 epochs): the book's epoch lines, the loss falling,
 * accuracy far above chance, the two figures as SVG and PNG, JSON lines, --save/--init.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { descent, jsonLines, pngInfo, tempDir } from "./helpers.js";

function fashionMnistInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("fashion-mnist/package.json");
    return true;
  } catch {
    return false;
  }
}
const needsData = {
  skip: fashionMnistInstalled() ? false : "the optional package fashion-mnist is not installed",
};

const SMALL = ["--train-size", "2000", "--test-size", "500", "--batch-size", "32", "--epochs", "2"];
const EPOCH = /^epoch (\d+), loss (\d+\.\d{4}), train acc (\d\.\d{3}), test acc (\d\.\d{3})$/;

function epochs(stdout: string): { loss: number; train: number; test: number }[] {
  return stdout
    .split("\n")
    .map((l) => EPOCH.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ loss: Number(m[2]), train: Number(m[3]), test: Number(m[4]) }));
}

for (const [args, prefix] of [
  [["softmax-regression"], "softmax-regression"],
  [["softmax-regression", "--from-scratch"], "softmax-regression-scratch"],
  [["mlp"], "mlp"],
] as const) {
  test(
    `run ${args.join(" ")}: epoch lines, falling loss, accuracy far above chance, the book's figures`,
    needsData,
    () => {
      const out = tempDir();
      const r = descent(["run", ...args, ...SMALL, "--out", out]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split("\n");
      assert.match(
        lines[0],
        /^Fashion-MNIST \(.*\): 2000 training and 500 test images; batch size 32, lr 0\.1, 2 epochs$/,
      );
      const e = epochs(r.stdout);
      assert.equal(e.length, 2, r.stdout);
      assert.ok(e[1].loss < e[0].loss, r.stdout);
      assert.ok(e[1].test > 0.5, r.stdout);
      assert.match(r.stdout, /^loss \d\.\d{4}, train acc \d\.\d{3}, test acc \d\.\d{3}$/m);
      assert.match(r.stdout, /s per epoch, \d+ examples\/sec/);
      for (const fig of ["training", "predictions"]) {
        const svg = join(out, `${prefix}-${fig}.svg`);
        const png = join(out, `${prefix}-${fig}.png`);
        assert.ok(existsSync(svg) && existsSync(png), `${prefix}-${fig}`);
        const info = pngInfo(png);
        assert.ok(info.colours > 10, `${png} looks blank`);
        assert.ok(info.width > 400, `${png} is ${info.width} wide`);
      }
      const training = readFileSync(join(out, `${prefix}-training.svg`), "utf8");
      for (const label of ["train loss", "train acc", "test acc", "epoch"]) {
        assert.ok(training.includes(label), `training chart lacks "${label}"`);
      }
      const grid = readFileSync(join(out, `${prefix}-predictions.svg`), "utf8");
      assert.match(grid, /true label; bottom: predicted/);
      assert.match(grid, /ankle boot|sneaker|trouser|pullover|t-shirt|coat|sandal|shirt|bag|dress/);
    },
  );
}

test(
  "run softmax-regression --log-format jsonl: one object per epoch and a final one",
  needsData,
  () => {
    const r = descent([
      "run",
      "softmax-regression",
      ...SMALL,
      "--no-plot",
      "--log-format",
      "jsonl",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const objs = jsonLines(r.stdout);
    assert.equal(objs.length, 3);
    assert.deepEqual(Object.keys(objs[0]), ["epoch", "loss", "train_acc", "test_acc", "seconds"]);
    assert.equal(objs[2].final, true);
    assert.ok((objs[2].test_acc as number) > 0.5);
    assert.match(r.stderr, /Fashion-MNIST/);
  },
);

test(
  "run softmax-regression --from-scratch --save, then --init with 0 epochs gives the same test accuracy",
  needsData,
  () => {
    const dir = tempDir();
    const file = join(dir, "w.safetensors");
    const flags = ["--test-size", "500", "--no-plot", "--seed", "3"];
    const a = descent([
      "run",
      "softmax-regression",
      "--from-scratch",
      "--train-size",
      "2000",
      "--epochs",
      "1",
      "--batch-size",
      "32",
      ...flags,
      "--save",
      file,
    ]);
    assert.equal(a.code, 0, a.stderr);
    const trained = Number(/test acc (\d\.\d{3})\n/.exec(a.stdout)![1]);
    const b = descent([
      "run",
      "softmax-regression",
      "--from-scratch",
      "--train-size",
      "2000",
      "--epochs",
      "0",
      ...flags,
      "--init",
      file,
    ]);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /^test acc \d\.\d{3}$/m);
    assert.equal(Number(/^test acc (\d\.\d{3})$/m.exec(b.stdout)![1]), trained);
    // the concise model's file has PyTorch's keys and does not fit the from-scratch model
    const concise = join(dir, "c.safetensors");
    assert.equal(
      descent([
        "run",
        "softmax-regression",
        "--epochs",
        "0",
        "--test-size",
        "10",
        "--no-plot",
        "--save",
        concise,
      ]).code,
      0,
    );
    const c = descent([
      "run",
      "softmax-regression",
      "--from-scratch",
      "--epochs",
      "0",
      "--test-size",
      "10",
      "--no-plot",
      "--init",
      concise,
    ]);
    assert.notEqual(c.code, 0);
    assert.match(
      c.stderr,
      /expected the tensors W, b; missing W, b; unexpected 1\.(bias, 1\.weight|weight, 1\.bias)/,
    );
  },
);

test("run: the Fashion-MNIST flags are refused elsewhere; the book's from-scratch sgd has no --optimizer", () => {
  const a = descent(["run", "linreg", "--from-scratch", "--no-plot"]);
  assert.notEqual(a.code, 0);
  assert.match(a.stderr, /--from-scratch: only for softmax-regression and mlp, not linreg/);
  const b = descent([
    "run",
    "softmax-regression",
    "--from-scratch",
    "--optimizer",
    "adam",
    "--no-plot",
  ]);
  assert.notEqual(b.code, 0);
  assert.match(
    b.stderr,
    /hand-written sgd; --optimizer, --momentum and --weight-decay apply to the concise model/,
  );
  const help = descent(["run", "--help"]).stdout;
  assert.match(help, /softmax-regression +d2l 3\.7/);
  assert.match(help, /mlp +d2l 4\.3/);
  assert.match(help, /--from-scratch/);
});
