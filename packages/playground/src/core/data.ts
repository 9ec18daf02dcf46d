/**
 * The data sets, made with the library's scikit-learn generators (make_classification,
 * make_moons, make_circles, make_blobs: sklearn's numbers for the same seed) or, for XOR, the
 * spiral and the two regression sets, with numpy's RandomState (the library's bit-exact port),
 * so the exported Python program can draw the same points. Then sklearn's train_test_split and
 * the model's inputs (raw columns and TensorFlow Playground's derived features).
 */
import { data, datasets, fromTypedArray, trainTestSplit } from "descent";
import type { Config, DataConfig, Derived } from "./config.js";
import { DERIVED_LABELS, isRegression } from "./config.js";

/** A table of rows: X row-major [n, d]; y int32 class indices or float32 targets. */
export interface Table {
  X: Float32Array;
  y: Int32Array | Float32Array;
  n: number;
  d: number;
}

export interface DataSet extends Table {
  /** Classes (0 for regression). */
  nClasses: number;
  columnNames: string[];
}

export interface Split {
  train: Table;
  test: Table;
  nClasses: number;
  columnNames: string[];
}

const { RandomState } = data;

/** XOR: points uniform in [-1, 1]², class 1 where x1·x2 > 0, then Gaussian noise on X. */
function xor(n: number, noise: number, rs: InstanceType<typeof RandomState>) {
  const p = rs.uniform(-1, 1, [n, 2]);
  const e = rs.standardNormal([n, 2]);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = p[2 * i] * p[2 * i + 1] > 0 ? 1 : 0;
  return { X: p.map((v, i) => v + noise * e[i]), y };
}

/** Two interleaved spirals (class 0 then class 1), Gaussian noise on X. */
function spiral(n: number, noise: number, rs: InstanceType<typeof RandomState>) {
  const e = rs.standardNormal([n, 2]);
  const X = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const half = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const cls = i < half ? 0 : 1;
    const j = cls === 0 ? i : i - half;
    const r = j / half;
    const t = 1.75 * r * 2 * Math.PI + cls * Math.PI;
    X[2 * i] = r * Math.sin(t) + noise * e[2 * i];
    X[2 * i + 1] = r * Math.cos(t) + noise * e[2 * i + 1];
    y[i] = cls;
  }
  return { X, y };
}

const BUMPS = [
  [-0.5, -0.5, 1],
  [0.5, 0.5, 1],
  [-0.5, 0.5, -1],
  [0.5, -0.5, -1],
] as const;

/** Regression on uniform points in [-1, 1]²: a plane, or a mix of four Gaussian bumps; noise on y. */
function surface(
  n: number,
  noise: number,
  rs: InstanceType<typeof RandomState>,
  kind: "plane" | "gaussians",
) {
  const X = rs.uniform(-1, 1, [n, 2]);
  const e = rs.standardNormal(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = X[2 * i];
    const b = X[2 * i + 1];
    let v = 0;
    if (kind === "plane") v = 0.6 * a - 0.4 * b;
    else
      for (const [cx, cy, s] of BUMPS) v += s * Math.exp(-((a - cx) ** 2 + (b - cy) ** 2) / 0.18);
    y[i] = v + noise * e[i];
  }
  return { X, y };
}

/** The data set a DataConfig describes (not csv: that one comes from the user). */
export function makeDataSet(c: DataConfig): DataSet {
  const { nSamples: n, noise, seed } = c;
  let X: Float64Array;
  let y: Int32Array | Float32Array;
  let nClasses = 2;
  let d = 2;
  switch (c.name) {
    case "classification":
      ({ X, y } = datasets.makeClassificationArrays({
        nSamples: n,
        nFeatures: c.nFeatures,
        nInformative: c.nInformative,
        nRedundant: 0,
        nClasses: c.nClasses,
        flipY: noise,
        randomState: seed,
      }));
      d = c.nFeatures;
      nClasses = c.nClasses;
      break;
    case "moons":
      ({ X, y } = datasets.makeMoonsArrays({ nSamples: n, noise, randomState: seed }));
      break;
    case "circles":
      ({ X, y } = datasets.makeCirclesArrays({
        nSamples: n,
        noise,
        factor: 0.5,
        randomState: seed,
      }));
      break;
    case "blobs":
      ({ X, y } = datasets.makeBlobsArrays({
        nSamples: n,
        centers: c.nClasses,
        clusterStd: noise,
        randomState: seed,
      }) as { X: Float64Array; y: Int32Array });
      nClasses = c.nClasses;
      break;
    case "xor":
      ({ X, y } = xor(n, noise, new RandomState(seed)));
      break;
    case "spiral":
      ({ X, y } = spiral(n, noise, new RandomState(seed)));
      break;
    case "plane":
    case "gaussians":
      ({ X, y } = surface(n, noise, new RandomState(seed), c.name));
      nClasses = 0;
      break;
    case "csv":
      throw new Error("makeDataSet: csv data comes from the page, not from a generator");
  }
  return {
    X: Float32Array.from(X),
    y,
    n,
    d,
    nClasses: isRegression(c) ? 0 : nClasses,
    columnNames: Array.from({ length: d }, (_, i) => `x${i + 1}`),
  };
}

/** sklearn's train_test_split(X, y, test_size=testRatio, random_state=seed). */
export function splitDataSet(ds: DataSet, testRatio: number, seed: number): Split {
  const meta = { nClasses: ds.nClasses, columnNames: ds.columnNames };
  const X = fromTypedArray(ds.X, [ds.n, ds.d]);
  const y = fromTypedArray(ds.y, [ds.n]);
  if (testRatio <= 0) {
    const empty = { X: new Float32Array(0), y: ds.y.slice(0, 0), n: 0, d: ds.d };
    return { ...meta, train: { X: ds.X, y: ds.y, n: ds.n, d: ds.d }, test: empty };
  }
  const [Xtr, Xte, ytr, yte] = trainTestSplit(X, y, { testSize: testRatio, randomState: seed });
  const table = (a: typeof X, b: typeof X): Table => ({
    X: a.toTypedArray() as Float32Array,
    y: b.toTypedArray() as Int32Array | Float32Array,
    n: a.shape[0],
    d: ds.d,
  });
  return { ...meta, train: table(Xtr, ytr), test: table(Xte, yte) };
}

const DERIVE: Record<Derived, (a: number, b: number) => number> = {
  x1sq: (a) => a * a,
  x2sq: (_a, b) => b * b,
  x1x2: (a, b) => a * b,
  sinx1: (a) => Math.sin(a),
  sinx2: (_a, b) => Math.sin(b),
};

/** The model's inputs [n, columns + derived] from rows of X [n, d] (derived from columns 0 and 1). */
export function inputs(
  X: Float32Array,
  n: number,
  d: number,
  c: Pick<Config, "columns" | "derived">,
): Float32Array {
  const w = c.columns.length + c.derived.length;
  const out = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let k = i * w;
    for (const j of c.columns) out[k++] = X[row + j];
    for (const f of c.derived) out[k++] = DERIVE[f](X[row], X[row + 1]);
  }
  return out;
}

/** Names of the model's inputs, in order. */
export function inputNames(
  c: Pick<Config, "columns" | "derived">,
  columnNames: readonly string[],
): string[] {
  return [
    ...c.columns.map((j) => columnNames[j] ?? `x${j + 1}`),
    ...c.derived.map((f) => DERIVED_LABELS[f]),
  ];
}
