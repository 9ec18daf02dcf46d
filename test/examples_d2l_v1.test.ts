/**
 * The new-edition d2l programs (examples/d2l/*.ts) against PyTorch: each section's program is
 * run as a function and every value it prints is compared, label by label, with what the book's
 * PyTorch code printed (test/fixtures/d2l_v1.json, written by
 * packages/descent/scripts/golden/d2l_v1.py with PyTorch 1.13): the same labels, shapes, and
 * numbers to float32 rounding (a relative 2^-22 unless a section says why it needs more).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { data, manualSeed, tensor, type Tensor } from "descent";
import { loadFashionMnist } from "descent/io";
import type { DataLoaders } from "../examples/d2l/d2l.js";
import type { Shown } from "../examples/d2l/show.js";
import { run as ch5_1 } from "../examples/d2l/ch5_1_activations.js";
import { run as ch5_4 } from "../examples/d2l/ch5_4_numerical_stability.js";
import { run as ch5_7 } from "../examples/d2l/ch5_7_kaggle_house_price.js";
import { run as ch4_2, textLabels } from "../examples/d2l/ch4_2_fashion_mnist.js";
import { run as ch4_4 } from "../examples/d2l/ch4_4_softmax_scratch.js";
import { run as ch4_5 } from "../examples/d2l/ch4_5_softmax_concise.js";
import { run as ch5_2 } from "../examples/d2l/ch5_2_mlp.js";
import { dropoutLayer, run as ch5_6 } from "../examples/d2l/ch5_6_dropout.js";
import { run as ch2_1 } from "../examples/d2l/ch2_1_data_manipulation.js";
import { run as ch2_2 } from "../examples/d2l/ch2_2_data_preprocessing.js";
import { run as ch2_6 } from "../examples/d2l/ch2_6_probability.js";
import { run as ch2_3 } from "../examples/d2l/ch2_3_linear_algebra.js";
import { run as ch2_4 } from "../examples/d2l/ch2_4_calculus.js";
import { run as ch2_5 } from "../examples/d2l/ch2_5_autograd.js";
import { needsData } from "./needs_data.js";

type InitSpec = [name: string, shape: number[], seed: number, scale: number][];
const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL("fixtures/d2l_v1.json", import.meta.url)), "utf8"),
) as { init: Record<string, InitSpec> } & Record<string, Record<string, Shown>>;
const golden = fixture as Record<string, Record<string, Shown>>;

/**
 * The shared "random" numbers (d2l_v1.py's uniform_values and shared_tensor): Park-Miller's
 * x <- 48271 x mod (2^31 - 1), exact in float64, mapped to (-scale, scale), rounded to float32.
 */
function sharedTensor(shape: number[], seed: number, scale: number): Tensor {
  const m = 2147483647;
  let x = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => {
    x = (x * 48271) % m;
    return (2 * (x / m) - 1) * scale;
  });
  return tensor(values).reshape(shape);
}

/** A section's initial parameters, as the golden script made them. */
function initOf(section: string): Record<string, Tensor> {
  return Object.fromEntries(
    fixture.init[section].map(([name, shape, seed, scale]) => [
      name,
      scale === 0
        ? tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(0)).reshape(shape)
        : sharedTensor(shape, seed, scale),
    ]),
  );
}

/**
 * d2l_v1.py's subset: 300 training and 100 validation images, class by class in turn (image i is
 * class i % 10, the (i / 10)-th of its class in descent's split), batches of 50, unshuffled.
 */
function subset(): DataLoaders {
  const fm = loadFashionMnist();
  const pick = (set: data.TensorDataset, n: number, perClass: number) => {
    const idx = tensor(
      Array.from({ length: n }, (_, i) => perClass * (i % 10) + Math.floor(i / 10)),
      { dtype: "int32" },
    );
    const [X, y] = set.tensors;
    return new data.DataLoader(
      new data.TensorDataset(X.indexSelect(0, idx), y.indexSelect(0, idx)),
      {
        batchSize: 50,
      },
    );
  };
  return { train: pick(fm.trainSet, 300, 6000), val: pick(fm.testSet, 100, 1000) };
}
const EPOCHS = 2;
/** Training runs: 12 SGD steps of 784-long sums, summed in another order than PyTorch's. */
const TRAINING = { rtol: 1e-6 };

const quiet = { log: () => {} };

/** Same labels, same shapes, every number within atol + rtol |torch's|. */
function assertShownClose(
  ours: Record<string, Shown>,
  theirs: Record<string, Shown>,
  tol: { rtol?: number; atol?: number } = {},
): number {
  const { rtol = 2 ** -22, atol = 0 } = tol;
  let worst = 0;
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), "the printed labels");
  for (const [label, t] of Object.entries(theirs)) {
    const o = ours[label];
    assert.deepEqual(o.shape, t.shape, `${label}: shape`);
    assert.equal(o.values.length, t.values.length, `${label}: count`);
    t.values.forEach((v, i) => {
      const d = Math.abs(o.values[i] - v);
      if (v !== 0) worst = Math.max(worst, d / Math.abs(v));
      assert.ok(
        d <= atol + rtol * Math.abs(v) || (Number.isNaN(v) && Number.isNaN(o.values[i])),
        `${label}[${i}]: descent ${o.values[i]}, PyTorch ${v}`,
      );
    });
  }
  return worst;
}

test("2.1 data manipulation prints PyTorch's numbers", () => {
  assertShownClose(ch2_1(quiet), golden["2.1"]);
});

test("2.2 data preprocessing: the CSV's inputs (mean-filled, one-hot with a NaN column) and targets", () => {
  const dir = mkdtempSync(join(tmpdir(), "d2l-2-2-"));
  try {
    assertShownClose(ch2_2({ ...quiet, dir }), golden["2.2"], { rtol: 0 });
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("2.3 linear algebra prints PyTorch's numbers", () => {
  assertShownClose(ch2_3(quiet), golden["2.3"]);
});

test("2.4 calculus: the difference quotients of 3x^2 - 4x at 1, as NumPy's (float64)", (t) => {
  const lines: string[] = [];
  const worst = assertShownClose(ch2_4({ log: (l) => lines.push(l) }), golden["2.4"], {
    rtol: 1e-12,
  });
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
  assert.equal(lines[0], "h=0.10000, numerical limit=2.30000"); // the book's first line
});

test("2.5 automatic differentiation prints PyTorch's gradients (given PyTorch's random a)", () => {
  const a = golden["2.5"].a.values[0];
  assert.ok(
    a < 0,
    "the fixture's a is negative: d = 100 b, where d / a can round away from a.grad",
  );
  assertShownClose(ch2_5({ ...quiet, a }), golden["2.5"]);
});

/** 2.6's coin tosses, ours or PyTorch's: totals exact, proportions within 4 binomial sd of 1/2. */
function checkTosses(shown: Record<string, Shown>, who: string): void {
  const v = (k: string) => shown[k].values;
  const near = (p: number, n: number, what: string) =>
    assert.ok(Math.abs(p - 0.5) < 4 * Math.sqrt(0.25 / n), `${who} ${what}: ${p} after ${n}`);
  const [heads, tails] = v("heads, tails");
  assert.equal(heads + tails, 100);
  near(heads / 100, 100, "heads");
  assert.equal(
    v("Multinomial(100, fair_probs).sample()").reduce((a, b) => a + b),
    100,
  );
  const s100 = v("Multinomial(100, fair_probs).sample() / 100");
  assert.ok(Math.abs(s100[0] + s100[1] - 1) < 1e-6);
  near(s100[0], 100, "100 tosses");
  const s10k = v("counts / 10000");
  assert.ok(Math.abs(s10k[0] + s10k[1] - 1) < 1e-6);
  near(s10k[0], 10000, "10000 tosses");
  assert.deepEqual(v("estimates.shape"), [10000, 2]);
  const est = v("estimates[[9, 99, 999, 9999]]");
  [10, 100, 1000, 10000].forEach((n, i) => {
    assert.ok(Math.abs(est[2 * i] + est[2 * i + 1] - 1) < 1e-6, `${who}: row ${n - 1} sums to 1`);
    const heads = est[2 * i] * n; // a count of heads, to float32 rounding
    assert.ok(Math.abs(heads - Math.round(heads)) < n * 1e-6, `${who}: ${heads} heads of ${n}`);
    if (n >= 100) near(est[2 * i], n, `estimate`);
  });
}

test("2.6 tossing coins: PyTorch's shapes and totals, proportions within the binomial spread", () => {
  const ours = ch2_6(quiet);
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(golden["2.6"]).sort());
  for (const [k, t] of Object.entries(golden["2.6"])) assert.deepEqual(ours[k].shape, t.shape, k);
  checkTosses(ours, "descent");
  checkTosses(golden["2.6"], "PyTorch");
});

test(
  "4.4 softmax regression from scratch: PyTorch's numbers, and its training run on 300 images",
  needsData,
  (t) => {
    const X = sharedTensor([2, 5], 7, 0.5).add(0.5);
    const ours = ch4_4({ ...quiet, X, data: subset(), maxEpochs: EPOCHS, init: initOf("4.4") });
    const worst = assertShownClose(ours, golden["4.4"], TRAINING);
    t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
  },
);

for (const [section, run] of [
  ["4.5", (o: object) => ch4_5(o)],
  ["5.2 scratch", (o: object) => ch5_2({ ...o, which: "scratch" })],
  ["5.2 concise", (o: object) => ch5_2({ ...o, which: "concise" })],
  // dropout 0: PyTorch's masks come from its own generator, so the runs are compared without them
  ["5.6 scratch", (o: object) => ch5_6({ ...o, which: "scratch", dropout1: 0, dropout2: 0 })],
  ["5.6 concise", (o: object) => ch5_6({ ...o, which: "concise", dropout1: 0, dropout2: 0 })],
] as const) {
  test(
    `${section}: the training run on 300 images prints PyTorch's losses and accuracies`,
    needsData,
    (t) => {
      const ours = run({ ...quiet, data: subset(), maxEpochs: EPOCHS, init: initOf(section) });
      const worst = assertShownClose(ours, golden[section], TRAINING);
      t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
    },
  );
}

test("5.6 dropout_layer keeps each element with probability 1 - p and scales it by 1 / (1 - p)", () => {
  const X = tensor(new Array(20000).fill(1)).reshape(100, 200);
  for (const p of [0.2, 0.5, 0.9]) {
    const Y = dropoutLayer(X, p);
    const kept = Y.ne(0).to("float32").mean().item();
    // 4 standard deviations of a binomial proportion over 20000 draws
    const sd = Math.sqrt((p * (1 - p)) / 20000);
    assert.ok(Math.abs(kept - (1 - p)) < 4 * sd, `p ${p}: kept ${kept}`);
    const scaled = Y.max().item();
    assert.ok(
      Math.abs(scaled - 1 / (1 - p)) < 1e-6 * scaled,
      `p ${p}: kept elements are ${scaled}`,
    );
    assert.equal(Y.mul(Y.sub(scaled)).eq(0).all().item(), 1, "every element 0 or 1 / (1 - p)");
  }
  assert.equal(dropoutLayer(X, 1).abs().sum().item(), 0);
  assert.throws(() => dropoutLayer(X, 1.5), /dropout must be in \[0, 1\], got 1.5/);
});

for (const which of ["scratch", "concise"] as const) {
  test(
    `5.6 ${which} with the book's dropout 0.5: losses like PyTorch's over four draws of the masks`,
    needsData,
    (t) => {
      // PyTorch's four runs (seeds 0 to 3) from the same weights, and four here
      const theirs = golden["5.6 dropout 0.5"][which].values;
      const ours: number[] = [];
      for (let seed = 0; seed < 4; seed++) {
        manualSeed(seed);
        const r = ch5_6({
          ...quiet,
          which,
          data: subset(),
          maxEpochs: EPOCHS,
          init: initOf(`5.6 ${which}`),
        });
        const loss = r.train_loss.values;
        assert.ok(loss[1] < loss[0], `train_loss ${loss}`);
        // dropout slows the fit: above the dropout-free run from the same weights
        assert.ok(loss[1] > golden[`5.6 ${which}`].train_loss.values[1], `train_loss ${loss}`);
        ours.push(...loss);
      }
      // the second epoch's mean loss: PyTorch's spread between draws is about 0.007
      const mean = (v: number[]) => v.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) / 4;
      t.diagnostic(
        `mean epoch-2 loss: descent ${mean(ours).toFixed(4)}, PyTorch ${mean(theirs).toFixed(4)}`,
      );
      assert.ok(Math.abs(mean(ours) - mean(theirs)) < 0.02, `${mean(ours)} vs ${mean(theirs)}`);
    },
  );
}

test("5.1 ReLU, sigmoid and tanh on arange(-8, 8, 0.1), and their gradients, as PyTorch's", (t) => {
  const worst = assertShownClose(ch5_1(quiet), golden["5.1"]);
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
});

test("5.4 the sigmoid's vanishing gradient, and 100 matrix products from the same matrices", (t) => {
  // d2l_v1.py's matrices_5_4: uniform with variance 1 in place of normal(0, 1, (4, 4))
  const matrices = Array.from({ length: 101 }, (_, i) =>
    sharedTensor([4, 4], 1001 + 7 * i, Math.sqrt(3)),
  );
  // 100 float32 products: the rounding of each 4-term sum compounds, relatively
  const worst = assertShownClose(ch5_4({ ...quiet, matrices }), golden["5.4"], { rtol: 1e-4 });
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
});

test("5.7 house prices (generated table): preprocessing, 5-fold log MSE and ensemble as PyTorch's", (t) => {
  // PyTorch's folds from the same initial weights, batches unshuffled
  const init = Object.values(initOf("5.7"));
  const worst = assertShownClose(
    ch5_7({ ...quiet, shuffle: false, init }),
    golden["5.7"],
    TRAINING,
  );
  t.diagnostic(`largest relative difference ${worst.toExponential(2)}`);
});

test(
  "4.2 the image classification dataset: the sizes and shapes the book prints",
  needsData,
  () => {
    // torchvision is not installed for the golden script: these are the book's printed values
    // ((60000, 10000), torch.Size([1, 32, 32]), torch.Size([64, 1, 32, 32]), torch.Size([64]))
    const lines: string[] = [];
    const shown = ch4_2({ log: (l) => lines.push(l), timing: false });
    assert.deepEqual(shown["len(data.train), len(data.val)"].values, [60000, 10000]);
    assert.deepEqual(shown["data.train[0][0].shape"].values, [1, 32, 32]);
    assert.deepEqual(shown["X.shape"].values, [64, 1, 32, 32]);
    assert.deepEqual(shown["y.shape"].values, [64]);
    assert.ok(lines.includes("X: float32, y: int32"), lines.join("\n")); // PyTorch's y: int64
    assert.deepEqual(textLabels([0, 9, 5.0]), ["t-shirt", "ankle boot", "sandal"]);
    assert.match(
      lines[lines.length - 1],
      /: t-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot$/,
    );
  },
);

test("the programs run as scripts and print the book's lines", async () => {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const script = async (path: string) =>
    (await promisify(execFile)(process.execPath, ["--import", "tsx", path], { cwd: root })).stdout
      .trimEnd()
      .split("\n");
  const a = await script("examples/d2l/ch2_1_data_manipulation.ts");
  assert.equal(a[0], "x: tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11.])");
  assert.ok(a.includes("int(a): 3"), a.join("\n"));
  const b = await script("examples/d2l/ch2_4_calculus.ts");
  assert.equal(b[4], "h=0.00001, numerical limit=2.00003");
  const c = await script("examples/d2l/ch5_7_kaggle_house_price.ts");
  assert.equal(c[0], "raw_train.shape: [1460,7]");
  assert.match(c[4], /^average validation log mse: 0\.0\d+$/);
});
