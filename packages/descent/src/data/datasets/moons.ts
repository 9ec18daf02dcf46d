import type { Tensor } from "../../tensor/index.js";
import type { RandomState } from "../../util/random/random_state.js";
import { checkRandomState } from "../../util/random/random_state.js";
import type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
import { checkAllocation } from "../../util/dtype.js";
import { checkInt, floatTensor, labelTensor, linspace, shuffleRows } from "./common.js";

/** Options of `makeMoons`: scikit-learn 1.2's `make_moons` parameters, camelCased. */
export interface MakeMoonsOptions {
  /** Total points (100; the outer moon gets `floor(n / 2)`), or `[nOuter, nInner]`. */
  nSamples?: number | readonly number[];
  /** Shuffle the points (true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (null: none). */
  noise?: number | null;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
}

/**
 * Two interleaving half circles: scikit-learn 1.2's `make_moons`. With `t = linspace(0, pi, n)`,
 * the outer moon is `(cos t, sin t)` (label 0), the inner one `(1 - cos t, 1 - sin t - 0.5)`
 * (label 1); then shuffle, then `X += normal(scale=noise, size=X.shape)`.
 */
export function makeMoonsArrays(options: MakeMoonsOptions = {}): DatasetArrays<Int32Array> {
  const { nSamples = 100, shuffle = true, noise = null } = options;
  const [nOut, nIn] = splitSamples("makeMoons", nSamples);
  const rs = checkRandomState(options.randomState);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const X = new Float64Array(2 * (nOut + nIn));
  tOut.forEach((t, i) => {
    X[2 * i] = Math.cos(t);
    X[2 * i + 1] = Math.sin(t);
  });
  tIn.forEach((t, i) => {
    X[2 * (nOut + i)] = 1 - Math.cos(t);
    X[2 * (nOut + i) + 1] = 1 - Math.sin(t) - 0.5;
  });
  return finishTwoClasses(rs, X, nOut, nIn, shuffle, noise);
}

/** `makeMoons` with tensors: `X` [nSamples, 2] (float32, or `dtype`), `y` [nSamples] int32. */
export function makeMoons(options: MakeMoonsOptions & TensorDatasetOptions = {}): {
  X: Tensor;
  y: Tensor;
} {
  const d = makeMoonsArrays(options);
  return { X: floatTensor(d.X, [d.nSamples, 2], options.dtype), y: labelTensor(d.y) };
}

/**
 * `[nOuter, nInner]` from an int (outer gets the floor half) or a two-element array, checked to
 * fit in memory as `[n, 2]` float64 points.
 */
export function splitSamples(op: string, nSamples: number | readonly number[]): [number, number] {
  const [nOut, nIn] = samplesOf(op, nSamples);
  checkAllocation(op, [nOut + nIn, 2], "float64");
  return [nOut, nIn];
}

function samplesOf(op: string, nSamples: number | readonly number[]): [number, number] {
  if (typeof nSamples === "number") {
    checkInt(op, "nSamples", nSamples);
    const nOut = Math.floor(nSamples / 2);
    return [nOut, nSamples - nOut];
  }
  if (nSamples.length !== 2) {
    throw new RangeError(
      `${op}: \`n_samples\` can be either an int or a two-element tuple. ` +
        `(got nSamples=${JSON.stringify(nSamples)})`,
    );
  }
  return [checkInt(op, "nSamples[0]", nSamples[0]), checkInt(op, "nSamples[1]", nSamples[1])];
}

/** Labels (nOut zeros, nIn ones), then the shuffle, then the noise, as sklearn orders them. */
export function finishTwoClasses(
  rs: RandomState,
  X: Float64Array,
  nOut: number,
  nIn: number,
  shuffle: boolean,
  noise: number | null,
): DatasetArrays<Int32Array> {
  let y: Int32Array = new Int32Array(nOut + nIn).fill(1, nOut);
  let Xs: Float64Array = X;
  if (shuffle) ({ X: Xs, y } = shuffleRows(rs, X, 2, y));
  if (noise !== null) {
    const e = rs.normal(0.0, noise, [nOut + nIn, 2]);
    for (let i = 0; i < Xs.length; i++) Xs[i] += e[i];
  }
  return { X: Xs, y, nSamples: nOut + nIn, nFeatures: 2 };
}
