import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { Generator } from "../../src/tensor/index.js";
import {
  RandomState,
  datasets,
  makeBlobs,
  makeBlobsArrays,
  makeCircles,
  makeCirclesArrays,
  makeClassification,
  makeClassificationArrays,
  makeLowRankMatrixArray,
  makeMoons,
  makeMoonsArrays,
  makeRegression,
  makeRegressionArrays,
  syntheticData,
} from "../../src/data/index.js";

interface Case {
  fn: string;
  params: Record<string, unknown>;
  X: number[];
  X_shape: number[];
  y?: number[];
  centers?: number[];
  coef?: number[];
}

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/sklearn/${name}`, import.meta.url), "utf8")) as T;
const cases = load<{ cases: Case[] }>("datasets.json").cases;
const errors = load<{ cases: { fn: string; params: Record<string, unknown>; message: string }[] }>(
  "errors.json",
).cases;

/** sklearn's snake_case parameters as descent's camelCase options. */
function camel(params: Record<string, unknown>): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out as Record<string, never>;
}

interface Outputs {
  X: ArrayLike<number>;
  y?: ArrayLike<number>;
  centers?: ArrayLike<number>;
  coef?: ArrayLike<number>;
}

/** Runs the array core of sklearn function `fn`; returns the arrays the fixture holds. */
function run(fn: string, opts: Record<string, never>): Outputs {
  switch (fn) {
    case "make_classification":
      return makeClassificationArrays(opts);
    case "make_blobs":
      return makeBlobsArrays(opts);
    case "make_moons":
      return makeMoonsArrays(opts);
    case "make_circles":
      return makeCirclesArrays(opts);
    case "make_regression":
      return makeRegressionArrays(opts);
    case "make_low_rank_matrix":
      return { X: makeLowRankMatrixArray(opts) };
    default:
      throw new Error(`no generator for ${fn}`);
  }
}

/**
 * Float arrays agree to 1e-12 relative to the array's largest magnitude (BLAS and numpy's SIMD
 * cos/sin/exp round differently from plain JavaScript by an ulp or so; single entries that
 * cancel can have a larger relative error, so the scale is the array's, not the entry's).
 */
function assertClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= 1e-12 * scale)) {
      assert.fail(`${what}[${i}]: ${actual[i]} vs sklearn ${expected[i]} (scale ${scale})`);
    }
  }
}

for (const c of cases) {
  test(`${c.fn}(${JSON.stringify(c.params)}) matches scikit-learn`, () => {
    const got = run(c.fn, camel(c.params));
    assertClose(got.X, c.X, "X");
    if (c.y) {
      if (c.fn === "make_regression") assertClose(got.y!, c.y, "y");
      else assert.deepEqual(Array.from(got.y!), c.y, "y (labels) identical");
    }
    if (c.centers) assertClose(got.centers!, c.centers, "centers");
    if (c.coef) assertClose(got.coef!, c.coef, "coef");
  });
}

for (const e of errors) {
  test(`${e.fn}(${JSON.stringify(e.params)}) raises sklearn's error`, () => {
    const expected = e.message.split(" Got ")[0];
    assert.throws(
      () => run(e.fn, camel(e.params)),
      (err: Error) => err.message.includes(expected),
    );
  });
}

test("errors name the camelCase parameters", () => {
  assert.throws(
    () => makeClassificationArrays({ nFeatures: 4, nInformative: 3, nRedundant: 2 }),
    /nInformative=3 \+ nRedundant=2 \+ nRepeated=0 > nFeatures=4/,
  );
  assert.throws(() => makeClassificationArrays({ nInformative: 1 }), /raise nInformative/);
  assert.throws(
    () => makeClassificationArrays({ nClasses: 3, nInformative: 3, weights: [1] }),
    /nClasses=3/,
  );
  assert.throws(() => makeClassificationArrays({ nFeatures: 3, shift: [1, 2] }), /nFeatures=3/);
  assert.throws(() => makeCirclesArrays({ factor: 2 }), /factor=2/);
  assert.throws(() => makeMoonsArrays({ nSamples: -1 }), /nSamples must be an integer >= 0/);
});

test("the tensor wrappers: float32 X by default, float64 on request, int32 labels", () => {
  const { X, y } = makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  assert.deepEqual(X.shape, [1000, 4]);
  assert.equal(X.dtype, "float32");
  assert.deepEqual(y.shape, [1000]);
  assert.equal(y.dtype, "int32");
  const arrays = makeClassificationArrays({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  assert.deepEqual(X.toTypedArray(), Float32Array.from(arrays.X));
  assert.deepEqual(y.toTypedArray(), arrays.y);
  assert.equal(makeMoons({ dtype: "float64", randomState: 0 }).X.dtype, "float64");
  assert.deepEqual(makeCircles({ nSamples: 10, randomState: 0 }).X.shape, [10, 2]);
  const blobs = makeBlobs({
    nSamples: 9,
    centers: 3,
    nFeatures: 5,
    returnCenters: true,
    randomState: 0,
  });
  assert.deepEqual(blobs.centers?.shape, [3, 5]);
  const reg = makeRegression({
    nSamples: 7,
    nFeatures: 3,
    nTargets: 2,
    coef: true,
    randomState: 0,
  });
  assert.deepEqual(
    [reg.X.shape, reg.y.shape, reg.coef?.shape],
    [
      [7, 3],
      [7, 2],
      [3, 2],
    ],
  );
  assert.equal(reg.y.dtype, "float32");
  assert.deepEqual(makeRegression({ nSamples: 7, nFeatures: 3 }).y.shape, [7]);
  assert.equal(typeof datasets.makeBlobs, "function");
});

test("a RandomState passed in is advanced, as sklearn's random_state=rng", () => {
  const rs = new RandomState(0);
  const a = makeMoonsArrays({ noise: 0.1, randomState: rs });
  const b = makeMoonsArrays({ noise: 0.1, randomState: rs });
  assert.notDeepEqual(a.X, b.X);
});

test("syntheticData: y = X w + b + N(0, 0.01), shapes [n, k] and [n, 1]", () => {
  const { X, y } = syntheticData([2, -3.4], 4.2, 500, { generator: new Generator(0) });
  assert.deepEqual(X.shape, [500, 2]);
  assert.deepEqual(y.shape, [500, 1]);
  const x = X.toTypedArray();
  const t = y.toTypedArray();
  let sq = 0;
  for (let i = 0; i < 500; i++) sq += (t[i] - (2 * x[2 * i] - 3.4 * x[2 * i + 1] + 4.2)) ** 2;
  const residualStd = Math.sqrt(sq / 500);
  assert.ok(residualStd > 0.008 && residualStd < 0.012, `residual std ${residualStd}`);
  const again = syntheticData([2, -3.4], 4.2, 500, { generator: new Generator(0) });
  assert.deepEqual(again.X.toTypedArray(), x);
});
