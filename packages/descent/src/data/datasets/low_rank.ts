import type { Tensor } from "../../tensor/index.js";
import type { RandomState } from "../../util/random/random_state.js";
import { checkRandomState } from "../../util/random/random_state.js";
import type { RandomStateLike, TensorDatasetOptions } from "./common.js";
import { checkInt, floatTensor } from "./common.js";
import { checkAllocation } from "../../util/dtype.js";
import { householderQ } from "./qr.js";

/** Options of `makeLowRankMatrix`: scikit-learn 1.2's `make_low_rank_matrix`, camelCased. */
export interface MakeLowRankMatrixOptions {
  /** Rows (100). */
  nSamples?: number;
  /** Columns (100). */
  nFeatures?: number;
  /** Approximate number of singular vectors that carry most of the data (10). */
  effectiveRank?: number;
  /** Relative weight of the slowly decaying tail of the singular values, in [0, 1] (0.5). */
  tailStrength?: number;
  /** Seed, RandomState, or null for an unseeded state. */
  randomState?: RandomStateLike;
}

/**
 * A matrix with a bell-shaped singular spectrum: `X = U diag(s) V^T` with `U`, `V` the Q factors
 * of standard normal [nSamples, n] and [nFeatures, n] matrices (`n = min(nSamples, nFeatures)`,
 * LAPACK sign convention, see `householderQ`) and
 * `s_i = (1 - tailStrength) exp(-(i / effectiveRank)^2) + tailStrength exp(-0.1 i / effectiveRank)`.
 * scikit-learn 1.2's `make_low_rank_matrix`; returns row-major [nSamples, nFeatures].
 */
export function makeLowRankMatrixArray(
  options: MakeLowRankMatrixOptions = {},
  rs: RandomState = checkRandomState(options.randomState),
): Float64Array {
  const op = "makeLowRankMatrix";
  const { nSamples = 100, nFeatures = 100, effectiveRank = 10, tailStrength = 0.5 } = options;
  checkInt(op, "nSamples", nSamples);
  checkInt(op, "nFeatures", nFeatures);
  const n = Math.min(nSamples, nFeatures);
  const u = householderQ(rs.standardNormal([nSamples, n]), nSamples, n).q;
  const v = householderQ(rs.standardNormal([nFeatures, n]), nFeatures, n).q;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lowRank = (1 - tailStrength) * Math.exp(-1.0 * (i / effectiveRank) ** 2);
    const tail = tailStrength * Math.exp((-0.1 * i) / effectiveRank);
    s[i] = lowRank + tail;
  }
  checkAllocation(op, [nSamples, nFeatures], "float64");
  const X = new Float64Array(nSamples * nFeatures);
  const us = new Float64Array(n);
  for (let r = 0; r < nSamples; r++) {
    for (let j = 0; j < n; j++) us[j] = u[r * n + j] * s[j];
    for (let c = 0; c < nFeatures; c++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += us[j] * v[c * n + j];
      X[r * nFeatures + c] = acc;
    }
  }
  return X;
}

/** `makeLowRankMatrix` as a tensor [nSamples, nFeatures] (float32, or `dtype`). */
export function makeLowRankMatrix(
  options: MakeLowRankMatrixOptions & TensorDatasetOptions = {},
): Tensor {
  const { nSamples = 100, nFeatures = 100 } = options;
  return floatTensor(makeLowRankMatrixArray(options), [nSamples, nFeatures], options.dtype);
}
