import type { Tensor } from "../../tensor/index.js";
import type { RandomState } from "../../util/random/random_state.js";
import { checkRandomState } from "../../util/random/random_state.js";
import { sampleWithoutReplacement } from "../../util/random/sample_without_replacement.js";
import type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
import { checkAllocation } from "../../util/dtype.js";
import { checkInt, floatTensor, labelTensor, permuteColumns, shuffleRows } from "./common.js";

/** Options of `makeClassification`: scikit-learn 1.2's parameters, camelCased, same defaults. */
export interface MakeClassificationOptions {
  /** Number of samples (100). */
  nSamples?: number;
  /** Total number of features: informative, redundant, repeated, then useless noise (20). */
  nFeatures?: number;
  /** Features that carry the class signal (2). */
  nInformative?: number;
  /** Random linear combinations of the informative features (2). */
  nRedundant?: number;
  /** Copies of informative or redundant features (0). */
  nRepeated?: number;
  /** Number of classes (2). */
  nClasses?: number;
  /** Gaussian clusters per class (2); needs nClasses * nClustersPerClass <= 2 ** nInformative. */
  nClustersPerClass?: number;
  /** Class proportions (length nClasses, or nClasses - 1 and the last is 1 - sum); null: equal. */
  weights?: readonly number[] | null;
  /** Fraction of labels replaced by random ones (0.01); a negative value draws nothing. */
  flipY?: number;
  /** Half the side of the hypercube whose vertices are the cluster centres (1.0). */
  classSep?: number;
  /** Centres on hypercube vertices (true), or on a random polytope (false). */
  hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or null for `(2 u - 1) * classSep` (0.0). */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature after the shift: number, per feature, or null for `1 + 100 u` (1.0). */
  scale?: number | readonly number[] | null;
  /** Shuffle the samples and the features (true). */
  shuffle?: boolean;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
}

/**
 * `n` distinct vertices of the `d`-dimensional unit hypercube, as 0/1 rows (sklearn's
 * `_generate_hypercube`): vertex numbers from `sampleWithoutReplacement(2**d, n)` written in
 * binary, most significant bit first. Beyond 30 dimensions, the first `d - 30` coordinates are
 * `randint(2, size=(n, d - 30))` and the last 30 recurse.
 */
export function generateHypercube(n: number, d: number, rs: RandomState): Float64Array {
  const out = new Float64Array(n * d);
  let extra = 0;
  if (d > 30) {
    extra = d - 30;
    const bits = rs.randintFloat64(0, 2, [n, extra]);
    for (let i = 0; i < n; i++) out.set(bits.subarray(i * extra, (i + 1) * extra), i * d);
  }
  const dims = d - extra;
  const vertices = sampleWithoutReplacement(2 ** dims, n, rs);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < dims; b++) {
      out[i * d + extra + b] = Math.floor(vertices[i] / 2 ** (dims - 1 - b)) % 2;
    }
  }
  return out;
}

/**
 * Gaussian clusters on the vertices of a hypercube, one or more per class, with redundant,
 * repeated and noise features: scikit-learn 1.2's `make_classification`, step for step and draw
 * for draw, so a seed gives sklearn's exact `y` and `X` to rounding.
 *
 * The draws, in order: cluster vertices; (no hypercube: a factor per cluster, per feature);
 * informative features `N(0, 1)`; per cluster a covariance mixer `A = 2 U - 1`
 * (`X_k = X_k A + centroid`); redundant mixer `B = 2 U - 1` (`X_red = X_inf B`); repeated
 * column picks; noise features `N(0, 1)`; label flips (`U < flipY`, then `randint(nClasses)`);
 * random shift and scale when null; the sample shuffle; the feature shuffle.
 *
 * Returns plain arrays: `X` [nSamples, nFeatures] row-major, `y` int labels.
 * sklearn: `make_classification(n_samples=100, n_features=20, ...)`.
 */
export function makeClassificationArrays(
  options: MakeClassificationOptions = {},
): DatasetArrays<Int32Array> {
  const op = "makeClassification";
  const {
    nSamples = 100,
    nFeatures = 20,
    nInformative = 2,
    nRedundant = 2,
    nRepeated = 0,
    nClasses = 2,
    nClustersPerClass = 2,
    flipY = 0.01,
    classSep = 1.0,
    hypercube = true,
    shuffle = true,
  } = options;
  let { weights = null, shift = 0.0, scale = 1.0 } = options;
  checkInt(op, "nSamples", nSamples);
  checkInt(op, "nFeatures", nFeatures);
  checkInt(op, "nInformative", nInformative);
  checkInt(op, "nRedundant", nRedundant);
  checkInt(op, "nRepeated", nRepeated);
  checkInt(op, "nClasses", nClasses, 1);
  checkInt(op, "nClustersPerClass", nClustersPerClass, 1);
  const rs = checkRandomState(options.randomState);

  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new RangeError(
      `${op}: Number of informative, redundant and repeated features must sum to less than the ` +
        `number of total features (nInformative=${nInformative} + nRedundant=${nRedundant} + ` +
        `nRepeated=${nRepeated} > nFeatures=${nFeatures})`,
    );
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new RangeError(
      `${op}: n_classes(${nClasses}) * n_clusters_per_class(${nClustersPerClass}) must be ` +
        `smaller or equal 2**n_informative(${nInformative})=${2 ** nInformative} ` +
        "(raise nInformative or lower nClasses / nClustersPerClass)",
    );
  }
  if (weights !== null) {
    if (weights.length !== nClasses && weights.length !== nClasses - 1) {
      throw new RangeError(
        `${op}: Weights specified but incompatible with number of classes. ` +
          `(weights has length ${weights.length}; nClasses=${nClasses})`,
      );
    }
    if (weights.length === nClasses - 1) {
      weights = [...weights, 1.0 - weights.reduce((s, w) => s + w, 0)];
    }
  } else {
    weights = Array.from({ length: nClasses }, () => 1.0 / nClasses);
  }
  shift = checkPerFeature(op, "shift", shift, nFeatures);
  scale = checkPerFeature(op, "scale", scale, nFeatures);

  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster = Array.from({ length: nClusters }, (_, k) =>
    Math.trunc((nSamples * weights[k % nClasses]) / nClustersPerClass),
  );
  const missing = nSamples - perCluster.reduce((s, v) => s + v, 0);
  for (let i = 0; i < missing; i++) perCluster[i % nClusters] += 1;

  const F = nFeatures;
  checkAllocation(op, [nSamples, F], "float64");
  const X = new Float64Array(nSamples * F);
  let y: Int32Array = new Int32Array(nSamples);

  // Cluster centres: hypercube vertices scaled to +-classSep, optionally squashed at random.
  const centroids = generateHypercube(nClusters, nInformative, rs);
  for (let i = 0; i < centroids.length; i++) {
    centroids[i] *= 2 * classSep;
    centroids[i] -= classSep;
  }
  if (!hypercube) {
    const perRow = rs.uniform(0, 1, [nClusters, 1]);
    for (let i = 0; i < centroids.length; i++) centroids[i] *= perRow[Math.floor(i / nInformative)];
    const perCol = rs.uniform(0, 1, [1, nInformative]);
    for (let i = 0; i < centroids.length; i++) centroids[i] *= perCol[i % nInformative];
  }

  // Informative features, then each cluster mixed by a random A and moved to its centre.
  const g = rs.standardNormal([nSamples, nInformative]);
  for (let r = 0; r < nSamples; r++)
    X.set(g.subarray(r * nInformative, (r + 1) * nInformative), r * F);
  let stop = 0;
  for (let k = 0; k < nClusters; k++) {
    const start = Math.min(stop, nSamples);
    stop = Math.min(stop + perCluster[k], nSamples);
    y.fill(k % nClasses, start, stop);
    const A = rs.uniform(0, 1, [nInformative, nInformative]).map((u) => 2 * u - 1);
    mixColumns(X, F, start, stop, 0, nInformative, A, 0, nInformative);
    for (let r = start; r < stop; r++) {
      for (let c = 0; c < nInformative; c++) X[r * F + c] += centroids[k * nInformative + c];
    }
  }

  if (nRedundant > 0) {
    const B = rs.uniform(0, 1, [nInformative, nRedundant]).map((u) => 2 * u - 1);
    mixColumns(X, F, 0, nSamples, 0, nInformative, B, nInformative, nRedundant);
  }
  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const picks = rs.uniform(0, 1, nRepeated).map((u) => Math.trunc((n - 1) * u + 0.5));
    for (let r = 0; r < nSamples; r++) {
      for (let t = 0; t < nRepeated; t++) X[r * F + n + t] = X[r * F + picks[t]];
    }
  }
  if (nUseless > 0) {
    const noise = rs.standardNormal([nSamples, nUseless]);
    for (let r = 0; r < nSamples; r++) {
      X.set(noise.subarray(r * nUseless, (r + 1) * nUseless), r * F + F - nUseless);
    }
  }

  if (flipY >= 0.0) {
    const u = rs.uniform(0, 1, nSamples);
    const flip: number[] = [];
    for (let i = 0; i < nSamples; i++) if (u[i] < flipY) flip.push(i);
    const labels = rs.randintFloat64(0, nClasses, flip.length);
    flip.forEach((i, j) => (y[i] = labels[j]));
  }

  const shifts = shift ?? rs.uniform(0, 1, F).map((u) => (2 * u - 1) * classSep);
  addPerFeature(X, F, shifts, (a, b) => a + b);
  const scales = scale ?? rs.uniform(0, 1, F).map((u) => 1 + 100 * u);
  addPerFeature(X, F, scales, (a, b) => a * b);

  let Xout: Float64Array = X;
  if (shuffle) {
    ({ X: Xout, y } = shuffleRows(rs, X, F, y));
    permuteColumns(Xout, F, rs.permutation(F));
  }
  return { X: Xout, y, nSamples, nFeatures: F };
}

/**
 * `makeClassification` with tensors: `X` [nSamples, nFeatures] (float32, or `dtype`) and `y`
 * [nSamples] int32 labels. See `makeClassificationArrays` for the algorithm.
 *
 * ```ts
 * const { X, y } = makeClassification({ nSamples: 1000, nFeatures: 4, nInformative: 2,
 *   nRedundant: 0, randomState: 42 }); // X: [1000, 4] float32, y: [1000] int32, as sklearn
 * ```
 */
export function makeClassification(
  options: MakeClassificationOptions & TensorDatasetOptions = {},
): {
  X: Tensor;
  y: Tensor;
} {
  const d = makeClassificationArrays(options);
  return { X: floatTensor(d.X, [d.nSamples, d.nFeatures], options.dtype), y: labelTensor(d.y) };
}

/** Rows [r0, r1) of columns [c0, c0 + k) times M (k x m), written to columns [o0, o0 + m). */
function mixColumns(
  X: Float64Array,
  F: number,
  r0: number,
  r1: number,
  c0: number,
  k: number,
  M: Float64Array,
  o0: number,
  m: number,
): void {
  const row = new Float64Array(m);
  for (let r = r0; r < r1; r++) {
    row.fill(0);
    for (let j = 0; j < k; j++) {
      const x = X[r * F + c0 + j];
      for (let c = 0; c < m; c++) row[c] += x * M[j * m + c];
    }
    X.set(row, r * F + o0);
  }
}

function checkPerFeature(
  op: string,
  name: string,
  v: number | readonly number[] | null,
  nFeatures: number,
): number | readonly number[] | null {
  if (Array.isArray(v) && v.length !== nFeatures) {
    throw new RangeError(`${op}: ${name} has ${v.length} values; expected nFeatures=${nFeatures}`);
  }
  return v;
}

function addPerFeature(
  X: Float64Array,
  F: number,
  v: number | ArrayLike<number>,
  f: (a: number, b: number) => number,
): void {
  for (let i = 0; i < X.length; i++) X[i] = f(X[i], typeof v === "number" ? v : v[i % F]);
}
