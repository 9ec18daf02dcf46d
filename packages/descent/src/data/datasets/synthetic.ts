import { Tensor } from "../../tensor/index.js";
import type { Generator } from "../../util/random/generator.js";
import { defaultGenerator } from "../../util/random/generator.js";
import type { TensorDatasetOptions } from "./common.js";
import { checkInt, floatTensor } from "./common.js";

/** Options of `syntheticData`. */
export interface SyntheticDataOptions extends TensorDatasetOptions {
  /** Source of the normal draws; the default generator (see `manualSeed`) when absent. */
  generator?: Generator;
}

/**
 * A linear-regression toy set, d2l's `synthetic_data(w, b, num_examples)`:
 * `X ~ N(0, 1)` of shape [numExamples, len(w)] and `y = X w + b + eps`, `eps ~ N(0, 0.01^2)`,
 * of shape [numExamples, 1]. Draws X row by row, then the noise, from `generator.normal()`;
 * computes in float64 and stores float32 (or `dtype`).
 *
 * ```ts
 * const { X, y } = syntheticData([2, -3.4], 4.2, 1000, { generator: new Generator(0) });
 * ```
 */
export function syntheticData(
  w: readonly number[] | Tensor,
  b: number,
  numExamples: number,
  options: SyntheticDataOptions = {},
): { X: Tensor; y: Tensor } {
  checkInt("syntheticData", "numExamples", numExamples);
  const weights = w instanceof Tensor ? Array.from(w.toTypedArray(), Number) : w;
  const k = weights.length;
  const gen = options.generator ?? defaultGenerator;
  const X = new Float64Array(numExamples * k);
  for (let i = 0; i < X.length; i++) X[i] = gen.normal();
  // y from the stored (possibly float32-rounded) X, so that y = X w + b + eps holds for the tensors.
  const Xs = options.dtype === "float64" ? X : Float64Array.from(Float32Array.from(X));
  const y = new Float64Array(numExamples);
  for (let r = 0; r < numExamples; r++) {
    let acc = 0;
    for (let j = 0; j < k; j++) acc += Xs[r * k + j] * weights[j];
    y[r] = acc + b;
  }
  for (let r = 0; r < numExamples; r++) y[r] += 0.01 * gen.normal();
  return {
    X: floatTensor(Xs, [numExamples, k], options.dtype),
    y: floatTensor(y, [numExamples, 1], options.dtype),
  };
}
