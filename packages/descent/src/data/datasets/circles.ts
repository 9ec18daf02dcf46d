import type { Tensor } from "../../tensor/index.js";
import { checkRandomState } from "../../util/random/random_state.js";
import type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
import { floatTensor, labelTensor, linspace } from "./common.js";
import { finishTwoClasses, splitSamples } from "./moons.js";

/** Options of `makeCircles`: scikit-learn 1.2's `make_circles` parameters, camelCased. */
export interface MakeCirclesOptions {
  /** Total points (100; the outer circle gets `floor(n / 2)`), or `[nOuter, nInner]`. */
  nSamples?: number | readonly number[];
  /** Shuffle the points (true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (null: none). */
  noise?: number | null;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
  /** Inner radius over outer radius, in [0, 1) (0.8). */
  factor?: number;
}

/**
 * A large circle containing a smaller one: scikit-learn 1.2's `make_circles`. With
 * `t = linspace(0, 2 pi, n, endpoint=false)`, the outer circle is `(cos t, sin t)` (label 0),
 * the inner one `factor * (cos t, sin t)` (label 1); then shuffle, then
 * `X += normal(scale=noise, size=X.shape)`.
 */
export function makeCirclesArrays(options: MakeCirclesOptions = {}): DatasetArrays<Int32Array> {
  const { nSamples = 100, shuffle = true, noise = null, factor = 0.8 } = options;
  if (!(factor >= 0 && factor < 1)) {
    throw new RangeError(`makeCircles: 'factor' has to be between 0 and 1. (got factor=${factor})`);
  }
  const [nOut, nIn] = splitSamples("makeCircles", nSamples);
  const rs = checkRandomState(options.randomState);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const X = new Float64Array(2 * (nOut + nIn));
  tOut.forEach((t, i) => {
    X[2 * i] = Math.cos(t);
    X[2 * i + 1] = Math.sin(t);
  });
  tIn.forEach((t, i) => {
    X[2 * (nOut + i)] = Math.cos(t) * factor;
    X[2 * (nOut + i) + 1] = Math.sin(t) * factor;
  });
  return finishTwoClasses(rs, X, nOut, nIn, shuffle, noise);
}

/** `makeCircles` with tensors: `X` [nSamples, 2] (float32, or `dtype`), `y` [nSamples] int32. */
export function makeCircles(options: MakeCirclesOptions & TensorDatasetOptions = {}): {
  X: Tensor;
  y: Tensor;
} {
  const d = makeCirclesArrays(options);
  return { X: floatTensor(d.X, [d.nSamples, 2], options.dtype), y: labelTensor(d.y) };
}
