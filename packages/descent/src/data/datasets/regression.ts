import type { Tensor } from "../../tensor/index.js";
import { checkRandomState } from "../../util/random/random_state.js";
import type { DatasetArrays, RandomStateLike, TensorDatasetOptions } from "./common.js";
import { checkInt, floatTensor, permuteColumns, shuffleRows, takeRows } from "./common.js";
import { checkAllocation } from "../../util/dtype.js";
import { makeLowRankMatrixArray } from "./low_rank.js";

/** Options of `makeRegression`: scikit-learn 1.2's `make_regression` parameters, camelCased. */
export interface MakeRegressionOptions {
  /** Number of samples (100). */
  nSamples?: number;
  /** Number of features (100). */
  nFeatures?: number;
  /** Features with a non-zero coefficient (10; capped at nFeatures). */
  nInformative?: number;
  /** Number of regression targets (1). */
  nTargets?: number;
  /** Added to every target (0.0). */
  bias?: number;
  /** null: X ~ N(0, 1); a number: X from `makeLowRankMatrix` with this effective rank. */
  effectiveRank?: number | null;
  /** Tail weight of the singular spectrum when effectiveRank is set (0.5). */
  tailStrength?: number;
  /** Standard deviation of Gaussian noise added to the targets (0.0). */
  noise?: number;
  /** Shuffle the samples and the features (true). */
  shuffle?: boolean;
  /** Also return the coefficients (false). */
  coef?: boolean;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
}

/** `makeRegressionArrays`' result: `y` [nSamples, nTargets] and `coef` [nFeatures, nTargets]. */
export interface RegressionArrays extends DatasetArrays<Float64Array> {
  nTargets: number;
  coef: Float64Array;
}

/**
 * A random linear regression problem: scikit-learn 1.2's `make_regression`, draw for draw.
 * `X ~ N(0, 1)` (or a low-rank matrix), coefficients `100 U` for the first nInformative features
 * and 0 elsewhere, `y = X coef + bias + noise * N(0, 1)`; then rows and features are shuffled
 * (the coefficients with the features). Returns plain row-major arrays.
 */
export function makeRegressionArrays(options: MakeRegressionOptions = {}): RegressionArrays {
  const op = "makeRegression";
  const {
    nSamples = 100,
    nFeatures = 100,
    nTargets = 1,
    bias = 0.0,
    effectiveRank = null,
    tailStrength = 0.5,
    noise = 0.0,
    shuffle = true,
  } = options;
  checkInt(op, "nSamples", nSamples);
  checkInt(op, "nFeatures", nFeatures);
  checkInt(op, "nTargets", nTargets);
  checkAllocation(op, [nSamples, nFeatures], "float64");
  const nInformative = Math.min(
    nFeatures,
    checkInt(op, "nInformative", options.nInformative ?? 10),
  );
  const rs = checkRandomState(options.randomState);

  let X =
    effectiveRank === null
      ? rs.standardNormal([nSamples, nFeatures])
      : makeLowRankMatrixArray({ nSamples, nFeatures, effectiveRank, tailStrength }, rs);

  // Ground truth: 100 U on the informative rows, zeros below.
  let coef: Float64Array = new Float64Array(nFeatures * nTargets);
  coef.set(rs.uniform(0, 1, [nInformative, nTargets]).map((u) => 100 * u));

  let y: Float64Array = new Float64Array(nSamples * nTargets);
  for (let r = 0; r < nSamples; r++) {
    for (let t = 0; t < nTargets; t++) {
      let acc = 0;
      for (let f = 0; f < nInformative; f++) acc += X[r * nFeatures + f] * coef[f * nTargets + t];
      y[r * nTargets + t] = acc + bias;
    }
  }
  if (noise > 0.0) {
    const e = rs.normal(0.0, noise, [nSamples, nTargets]);
    for (let i = 0; i < y.length; i++) y[i] += e[i];
  }
  if (shuffle) {
    ({ X, y } = shuffleRows(rs, X, nFeatures, y, nTargets));
    const idx = rs.permutation(nFeatures);
    permuteColumns(X, nFeatures, idx);
    coef = takeRows(coef, nTargets, idx);
  }
  return { X, y, coef, nSamples, nFeatures, nTargets };
}

/**
 * `makeRegression` with tensors: `X` [nSamples, nFeatures], `y` [nSamples] (or
 * [nSamples, nTargets] when nTargets > 1), and with `coef: true` also `coef` [nFeatures] (or
 * [nFeatures, nTargets]); all float32, or `dtype`. (sklearn squeezes every size-1 axis; descent
 * keeps the sample axis when nSamples is 1.)
 *
 * ```ts
 * const { X, y, coef } = makeRegression({ nSamples: 200, nFeatures: 5, noise: 1, coef: true, randomState: 0 });
 * ```
 */
export function makeRegression(options: MakeRegressionOptions & TensorDatasetOptions = {}): {
  X: Tensor;
  y: Tensor;
  coef?: Tensor;
} {
  const d = makeRegressionArrays(options);
  const wide = d.nTargets !== 1;
  const out: { X: Tensor; y: Tensor; coef?: Tensor } = {
    X: floatTensor(d.X, [d.nSamples, d.nFeatures], options.dtype),
    y: floatTensor(d.y, wide ? [d.nSamples, d.nTargets] : [d.nSamples], options.dtype),
  };
  if (options.coef) {
    out.coef = floatTensor(d.coef, wide ? [d.nFeatures, d.nTargets] : [d.nFeatures], options.dtype);
  }
  return out;
}
