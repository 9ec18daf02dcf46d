import type { Tensor } from "../../tensor/index.js";
import { checkRandomState } from "../../util/random/random_state.js";
import type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
import { checkAllocation } from "../../util/dtype.js";
import { checkInt, floatTensor, labelTensor, shuffleRows } from "./common.js";

/** Options of `makeBlobs`: scikit-learn 1.2's `make_blobs` parameters, camelCased. */
export interface MakeBlobsOptions {
  /** Total samples, split evenly over the centres (100), or the count of each centre. */
  nSamples?: number | readonly number[];
  /** Features per sample (2); ignored when `centers` are given as coordinates. */
  nFeatures?: number;
  /** Number of centres (drawn uniformly in `centerBox`), or their coordinates. Default: 3, or one
   * per entry of an array `nSamples`. */
  centers?: number | readonly (readonly number[])[] | null;
  /** Standard deviation of every cluster (1.0), or one per centre. */
  clusterStd?: number | readonly number[];
  /** Bounds `[low, high)` of random centres ([-10, 10]). */
  centerBox?: readonly [number, number];
  /** Shuffle the samples (true). */
  shuffle?: boolean;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
  /** Also return the centres (false). */
  returnCenters?: boolean;
}

/** `makeBlobsArrays`' result: the data and the centres, [nCenters, nFeatures] row-major. */
export interface BlobsArrays extends DatasetArrays<Int32Array> {
  centers: Float64Array;
  nCenters: number;
}

/**
 * Isotropic Gaussian blobs: scikit-learn 1.2's `make_blobs`, draw for draw. Random centres are
 * `uniform(centerBox[0], centerBox[1], size=[nCenters, nFeatures])`; blob `i` is
 * `normal(loc=centers[i], scale=clusterStd[i], size=[n_i, nFeatures])`, labelled `i`; then
 * the rows are shuffled. Returns plain arrays (`X` row-major, `y` labels, `centers`).
 */
export function makeBlobsArrays(options: MakeBlobsOptions = {}): BlobsArrays {
  const op = "makeBlobs";
  const { nSamples = 100, clusterStd = 1.0, centerBox = [-10.0, 10.0], shuffle = true } = options;
  let { nFeatures = 2, centers = null } = options;
  checkInt(op, "nFeatures", nFeatures);
  const rs = checkRandomState(options.randomState);
  let nCenters: number;
  let C: Float64Array;

  const randomCenters = (): Float64Array =>
    rs.uniform(centerBox[0], centerBox[1], [nCenters, nFeatures]);
  if (typeof nSamples === "number") {
    checkInt(op, "nSamples", nSamples);
    if (centers === null) centers = 3;
    if (typeof centers === "number") {
      nCenters = checkInt(op, "centers", centers, 1);
      C = randomCenters();
    } else {
      [C, nCenters, nFeatures] = matrix(op, centers);
    }
  } else {
    nSamples.forEach((n, i) => checkInt(op, `nSamples[${i}]`, n));
    nCenters = nSamples.length;
    if (centers === null) {
      C = randomCenters();
    } else if (typeof centers === "number") {
      throw new TypeError(
        `${op}: Parameter \`centers\` must be array-like. Got ${centers} instead ` +
          "(with an array nSamples, give centers as coordinates or null)",
      );
    } else if (centers.length !== nCenters) {
      throw new RangeError(
        `${op}: Length of \`n_samples\` not consistent with number of centers. Got n_samples = ` +
          `${JSON.stringify(nSamples)} and centers = ${JSON.stringify(centers)}`,
      );
    } else {
      [C, , nFeatures] = matrix(op, centers);
    }
  }

  if (typeof clusterStd !== "number" && clusterStd.length !== nCenters) {
    throw new RangeError(
      `${op}: Length of \`clusters_std\` not consistent with number of centers. Got centers = ` +
        `${nCenters} centres and cluster_std = ${JSON.stringify(clusterStd)}`,
    );
  }
  const stds =
    typeof clusterStd === "number" ? new Array<number>(nCenters).fill(clusterStd) : clusterStd;

  let perCenter: readonly number[];
  if (typeof nSamples === "number") {
    const counts = new Array<number>(nCenters).fill(Math.floor(nSamples / nCenters));
    for (let i = 0; i < nSamples % nCenters; i++) counts[i] += 1;
    perCenter = counts;
  } else {
    perCenter = nSamples;
  }

  const total = perCenter.reduce((s, n) => s + n, 0);
  const F = nFeatures;
  checkAllocation(op, [total, F], "float64");
  let X: Float64Array = new Float64Array(total * F);
  let y: Int32Array = new Int32Array(total);
  let start = 0;
  for (let i = 0; i < nCenters; i++) {
    const n = perCenter[i];
    X.set(rs.normal(C.subarray(i * F, (i + 1) * F), stds[i], [n, F]), start * F);
    y.fill(i, start, start + n);
    start += n;
  }
  if (shuffle) ({ X, y } = shuffleRows(rs, X, F, y));
  return { X, y, nSamples: total, nFeatures: F, centers: C, nCenters };
}

/**
 * `makeBlobs` with tensors: `X` [nSamples, nFeatures] (float32, or `dtype`), `y` [nSamples] int32,
 * and with `returnCenters` also `centers` [nCenters, nFeatures].
 *
 * ```ts
 * const { X, y } = makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions & TensorDatasetOptions = {}): {
  X: Tensor;
  y: Tensor;
  centers?: Tensor;
} {
  const d = makeBlobsArrays(options);
  const out: { X: Tensor; y: Tensor; centers?: Tensor } = {
    X: floatTensor(d.X, [d.nSamples, d.nFeatures], options.dtype),
    y: labelTensor(d.y),
  };
  if (options.returnCenters) {
    out.centers = floatTensor(d.centers, [d.nCenters, d.nFeatures], options.dtype);
  }
  return out;
}

/** Rows of equal length as a row-major Float64Array: [data, rows, cols]. */
function matrix(op: string, rows: readonly (readonly number[])[]): [Float64Array, number, number] {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const out = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new RangeError(`${op}: centers must be rows of equal length (row ${i})`);
    }
    out.set(row, i * cols);
  });
  return [out, rows.length, cols];
}
