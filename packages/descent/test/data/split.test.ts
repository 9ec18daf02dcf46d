import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { TrainTestSplitOptions } from "../../src/data/split.js";
import { trainTestSplit } from "../../src/data/split.js";
import { RandomState } from "../../src/util/random/random_state.js";
import { arange, tensor } from "../../src/tensor/index.js";

interface Case {
  n: number;
  kwargs: Record<string, number | boolean>;
  stratify: (number | string | number[])[] | null;
  train: number[];
  test: number[];
}
interface ErrorCase {
  n: number;
  kwargs: Record<string, unknown>;
  message: string;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/sklearn/train_test_split.json", import.meta.url), "utf8"),
) as { cases: Case[]; errors: ErrorCase[] };

/** sklearn's snake_case keyword arguments as trainTestSplit options. */
function options(kwargs: Record<string, unknown>): TrainTestSplitOptions {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out as TrainTestSplitOptions;
}

test("trainTestSplit: the same indices as scikit-learn's train_test_split for the same random_state", () => {
  assert.ok(fixture.cases.length >= 20);
  for (const c of fixture.cases) {
    const opts = options(c.kwargs);
    if (c.stratify) opts.stratify = c.stratify;
    const what = `n=${c.n} ${JSON.stringify(c.kwargs)}${c.stratify ? " stratified" : ""}`;
    // plain arrays
    const [train, testIdx] = trainTestSplit(
      Array.from({ length: c.n }, (_, i) => i),
      opts,
    );
    assert.deepEqual(train, c.train, what);
    assert.deepEqual(testIdx, c.test, what);
    // typed arrays keep their type
    const [tTrain, tTest] = trainTestSplit(
      Float64Array.from({ length: c.n }, (_, i) => i),
      opts,
    );
    assert.ok(tTrain instanceof Float64Array);
    assert.deepEqual(Array.from(tTrain), c.train, what);
    assert.deepEqual(Array.from(tTest as Float64Array), c.test, what);
  }
});

test("trainTestSplit: tensors are split by rows, every array with the same indices", () => {
  const c = fixture.cases.find((k) => k.n === 100 && !k.stratify)!;
  const X = arange(0, 200).reshape(100, 2);
  const y = arange(0, 100, 1, { dtype: "int32" });
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, options(c.kwargs));
  assert.deepEqual(XTrain.shape, [80, 2]);
  assert.deepEqual(XTest.shape, [20, 2]);
  assert.equal(yTrain.dtype, "int32");
  assert.deepEqual(Array.from(yTrain.toTypedArray()), c.train);
  assert.deepEqual(Array.from(yTest.toTypedArray()), c.test);
  assert.deepEqual(
    XTest.tolist(),
    c.test.map((i) => [2 * i, 2 * i + 1]),
  );
  // a stratify tensor works like the array
  const s = fixture.cases.find((k) => k.n === 100 && k.stratify)!;
  const [sTrain] = trainTestSplit(y, {
    ...options(s.kwargs),
    stratify: tensor(s.stratify as number[], { dtype: "int32" }),
  });
  assert.deepEqual(Array.from(sTrain.toTypedArray()), s.train);
});

test("trainTestSplit: defaults (testSize 0.25, ceil for test, floor for train) and a RandomState object", () => {
  const [a, b] = trainTestSplit(
    Array.from({ length: 10 }, (_, i) => i),
    { randomState: 0 },
  );
  assert.equal(b.length, 3); // ceil(0.25 * 10)
  assert.equal(a.length, 7);
  const [c, d] = trainTestSplit(
    Array.from({ length: 10 }, (_, i) => i),
    {
      randomState: new RandomState(0),
    },
  );
  assert.deepEqual([c, d], [a, b]);
  const [e, f] = trainTestSplit(
    Array.from({ length: 10 }, (_, i) => i),
    { trainSize: 0.55, randomState: 0 },
  );
  assert.equal(e.length, 5); // floor(5.5)
  assert.equal(f.length, 5);
  // unseeded: still a partition
  const [g, h] = trainTestSplit(Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(
    [...g, ...h].sort((x, y) => x - y),
    Array.from({ length: 10 }, (_, i) => i),
  );
});

test("trainTestSplit: scikit-learn's errors for bad sizes, with camelCase names", () => {
  for (const e of fixture.errors) {
    const opts = options(e.kwargs);
    const expected = e.message
      .replace(/test_size/g, "testSize")
      .replace(/train_size/g, "trainSize")
      .replace(/shuffle=False/g, "shuffle=false")
      .replace(/=0\.0 /, "=0 "); // JavaScript has no float 0.0
    assert.throws(
      () =>
        trainTestSplit(
          Array.from({ length: e.n }, (_, i) => i),
          opts,
        ),
      { message: `trainTestSplit: ${expected}` },
    );
  }
  assert.throws(() => trainTestSplit([1, 2, 3], [1, 2]), {
    message: "trainTestSplit: Found input variables with inconsistent numbers of samples: [3, 2]",
  });
  assert.throws(() => trainTestSplit({ testSize: 0.5 }), /At least one array required/);
  assert.throws(
    () => trainTestSplit([1, 2, 3, 4], { stratify: [0, 0, 0, 1], testSize: 2 }),
    /The least populated class in y has only 1 member/,
  );
  assert.throws(() => trainTestSplit([1, 2, 3], { testSize: NaN }), /Invalid value for testSize/);
});
