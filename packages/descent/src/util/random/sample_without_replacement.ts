import type { RandomState } from "./random_state.js";

/** How `sampleWithoutReplacement` picks its integers (scikit-learn's `method=`). */
export type SampleMethod = "auto" | "tracking_selection" | "reservoir_sampling" | "pool";

/**
 * `k` distinct integers from [0, n), scikit-learn's `utils.random.sample_without_replacement(
 * n_population, n_samples, method="auto", random_state)`, draw for draw. With `ratio = k / n`,
 * "auto" uses `permutation(n)[:k]` when 0.01 < ratio < 0.99, else tracking selection
 * (ratio < 0.2) or reservoir sampling. The order of the result is not random for reservoir
 * sampling (it starts from `[0, ..., k-1]`).
 * - tracking selection: `j = randint(n)` again until unseen, k times;
 * - reservoir: `out = [0..k)`, then for `i` in [k, n): `j = randint(0, i + 1)`; if `j < k`, `out[j] = i`;
 * - pool: `j = randint(n - i)`, take `pool[j]`, move the last live entry into its place.
 */
export function sampleWithoutReplacement(
  nPopulation: number,
  nSamples: number,
  rs: RandomState,
  method: SampleMethod = "auto",
): Float64Array {
  if (!Number.isSafeInteger(nPopulation) || !Number.isSafeInteger(nSamples) || nSamples < 0) {
    throw new RangeError(
      `sampleWithoutReplacement: nPopulation and nSamples must be non-negative integers, got ${nPopulation} and ${nSamples}`,
    );
  }
  if (nPopulation < 0) {
    throw new RangeError(`n_population should be greater than 0, got ${nPopulation}.`);
  }
  if (nSamples > nPopulation) {
    throw new RangeError(
      "n_population should be greater or equal than n_samples, got n_samples > n_population " +
        `(${nSamples} > ${nPopulation})`,
    );
  }
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1.0;
  if (method === "auto" && ratio > 0.01 && ratio < 0.99) {
    return Float64Array.from(rs.permutation(nPopulation).subarray(0, nSamples));
  }
  const out = new Float64Array(nSamples);
  if ((method === "auto" || method === "tracking_selection") && ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rs.integer(0, nPopulation);
      while (selected.has(j)) j = rs.integer(0, nPopulation);
      selected.add(j);
      out[i] = j;
    }
  } else if (method === "pool") {
    const pool = new Float64Array(nPopulation);
    for (let i = 0; i < nPopulation; i++) pool[i] = i;
    for (let i = 0; i < nSamples; i++) {
      const j = rs.integer(0, nPopulation - i);
      out[i] = pool[j];
      pool[j] = pool[nPopulation - i - 1];
    }
  } else {
    for (let i = 0; i < nSamples; i++) out[i] = i;
    for (let i = nSamples; i < nPopulation; i++) {
      const j = rs.integer(0, i + 1);
      if (j < nSamples) out[j] = i;
    }
  }
  return out;
}
