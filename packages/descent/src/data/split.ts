import { fromTypedArray, Tensor } from "../tensor/index.js";
import type { RandomState } from "../util/random/random_state.js";
import { checkRandomState } from "../util/random/random_state.js";
import type { NumericTypedArray } from "../util/random/size.js";

/**
 * What `trainTestSplit` can split along its first axis: a tensor (`[N, *]`), a plain array of
 * `N` entries (numbers, strings, rows...), or a typed array of `N` numbers.
 */
export type Splittable = Tensor | readonly unknown[] | NumericTypedArray;

/** Options of `trainTestSplit`, with scikit-learn's defaults. */
export interface TrainTestSplitOptions {
  /**
   * A fraction in (0, 1) of the samples (rounded up), or a count >= 1. Default: the complement
   * of `trainSize`, or 0.25 when both are absent.
   */
  testSize?: number | null;
  /** A fraction in (0, 1) of the samples (rounded down), or a count >= 1. Default: the complement of the test size. */
  trainSize?: number | null;
  /** Seed (or `RandomState`) of the shuffle: the same integer gives scikit-learn's split. */
  randomState?: number | RandomState | null;
  /** Shuffle before splitting (default true); without it, the first samples train and the next test. */
  shuffle?: boolean;
  /** Class labels (`[N]`, or `[N, K]` rows for multi-label): keep their proportions in both parts. */
  stratify?: Tensor | readonly unknown[] | ArrayLike<number> | null;
}

/**
 * Splits arrays into random train and test subsets, like scikit-learn's
 * `train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True,
 * stratify=None)`: returns `[a0Train, a0Test, a1Train, a1Test, ...]`, each of its input's kind
 * (a tensor gives tensors, gathered with `indexSelect(0, ...)`; a plain or typed array gives one
 * of the same kind).
 *
 * Sizes: a fraction in (0, 1) is a share of the `N` samples (`nTest = ceil(testSize * N)`,
 * `nTrain = floor(trainSize * N)`), a whole number >= 1 is a count (so `1` means one sample;
 * scikit-learn would reject the float `1.0`), and a missing size is the complement of the other.
 * With `shuffle` (the default) the split is `ShuffleSplit`'s: `p = RandomState(seed).permutation(N)`,
 * test = `p[:nTest]`, train = `p[nTest:nTest + nTrain]`, so with the same integer `randomState`
 * the indices equal scikit-learn's (numpy's legacy streams, bit for bit). With `stratify`, it is
 * `StratifiedShuffleSplit`'s, also draw for draw.
 *
 * ```ts
 * const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
 * // X: [100, 4] -> XTrain: [80, 4], XTest: [20, 4]
 * ```
 */
export function trainTestSplit<A extends Splittable>(
  ...args: [...arrays: A[], options: TrainTestSplitOptions]
): A[];
export function trainTestSplit<A extends Splittable>(...arrays: A[]): A[];
export function trainTestSplit(...args: (Splittable | TrainTestSplitOptions)[]): Splittable[] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptions(last);
  const options = (hasOptions ? last : {}) as TrainTestSplitOptions;
  const arrays = (hasOptions ? args.slice(0, -1) : args) as Splittable[];
  const {
    testSize = null,
    trainSize = null,
    randomState = null,
    shuffle = true,
    stratify = null,
  } = options;
  if (arrays.length === 0)
    throw new RangeError("trainTestSplit: At least one array required as input");
  const lengths = arrays.map((a, k) => numSamples(a, `array ${k}`));
  if (lengths.some((n) => n !== lengths[0])) {
    throw new RangeError(
      `trainTestSplit: Found input variables with inconsistent numbers of samples: [${lengths.join(", ")}]`,
    );
  }
  const n = lengths[0];
  const [nTrain, nTest] = validateShuffleSplit(n, testSize, trainSize, 0.25);
  let train: Int32Array;
  let test: Int32Array;
  if (!shuffle) {
    if (stratify !== null) {
      throw new RangeError(
        "trainTestSplit: Stratified train/test split is not implemented for shuffle=false",
      );
    }
    train = Int32Array.from({ length: nTrain }, (_, i) => i);
    test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else if (stratify !== null) {
    const keys = labelKeys(stratify);
    if (keys.length !== n) {
      throw new RangeError(
        `trainTestSplit: Found input variables with inconsistent numbers of samples: [${n}, ${keys.length}] (stratify has ${keys.length} labels)`,
      );
    }
    [train, test] = stratifiedShuffleSplit(keys, nTrain, nTest, checkRandomState(randomState));
  } else {
    const p = checkRandomState(randomState).permutation(n);
    test = p.slice(0, nTest);
    train = p.slice(nTest, nTest + nTrain);
  }
  const out: Splittable[] = [];
  for (const a of arrays) out.push(take(a, train), take(a, test));
  return out;
}

/**
 * The train and test sizes for `n` samples, scikit-learn's `_validate_shuffle_split` (with the
 * same checks and messages): fractions round the test part up and the train part down.
 */
export function validateShuffleSplit(
  n: number,
  testSize: number | null,
  trainSize: number | null,
  defaultTestSize: number | null = null,
): [number, number] {
  if (testSize === null && trainSize === null) testSize = defaultTestSize;
  const kind = (v: number | null): "i" | "f" | null =>
    v === null ? null : Number.isInteger(v) ? "i" : "f";
  for (const [name, v] of [
    ["testSize", testSize],
    ["trainSize", trainSize],
  ] as const) {
    if (v !== null && (typeof v !== "number" || Number.isNaN(v))) {
      throw new TypeError(`trainTestSplit: Invalid value for ${name}: ${String(v)}`);
    }
    const k = kind(v);
    if ((k === "i" && (v! >= n || v! <= 0)) || (k === "f" && (v! <= 0 || v! >= 1))) {
      throw new RangeError(
        `trainTestSplit: ${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`,
      );
    }
  }
  const testKind = kind(testSize);
  const trainKind = kind(trainSize);
  if (testKind === "f" && trainKind === "f" && trainSize! + testSize! > 1) {
    throw new RangeError(
      `trainTestSplit: The sum of testSize and trainSize = ${trainSize! + testSize!}, should be in the (0, 1) range. Reduce testSize and/or trainSize.`,
    );
  }
  let nTest = testKind === "f" ? Math.ceil(testSize! * n) : (testSize ?? 0);
  let nTrain = trainKind === "f" ? Math.floor(trainSize! * n) : (trainSize ?? 0);
  if (trainSize === null) nTrain = n - nTest;
  else if (testSize === null) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new RangeError(
      `trainTestSplit: The sum of trainSize and testSize = ${nTrain + nTest}, should be smaller than the number of samples ${n}. Reduce testSize and/or trainSize.`,
    );
  }
  if (nTrain === 0) {
    throw new RangeError(
      `trainTestSplit: With nSamples=${n}, testSize=${testSize} and trainSize=${trainSize}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    );
  }
  return [nTrain, nTest];
}

/**
 * scikit-learn's `StratifiedShuffleSplit` (one split): classes sorted as `np.unique` sorts them,
 * per-class counts from `_approximateMode`, then one `permutation` per class and a final
 * `permutation` of each part, all from `rs` in that order.
 */
function stratifiedShuffleSplit(
  keys: readonly (number | string)[],
  nTrain: number,
  nTest: number,
  rs: RandomState,
): [Int32Array, Int32Array] {
  const classes = uniqueSorted(keys);
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const counts = new Array<number>(classes.length).fill(0);
  const members: number[][] = classes.map(() => []);
  keys.forEach((k, i) => {
    const c = classOf.get(k)!;
    counts[c]++;
    members[c].push(i); // increasing i: argsort(y_indices, kind="mergesort") split by class
  });
  if (Math.min(...counts) < 2) {
    throw new RangeError(
      "trainTestSplit: The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.",
    );
  }
  if (nTrain < classes.length) {
    throw new RangeError(
      `trainTestSplit: The trainSize = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`,
    );
  }
  if (nTest < classes.length) {
    throw new RangeError(
      `trainTestSplit: The testSize = ${nTest} should be greater or equal to the number of classes = ${classes.length}`,
    );
  }
  const nI = approximateMode(counts, nTrain, rs);
  const tI = approximateMode(
    counts.map((c, i) => c - nI[i]),
    nTest,
    rs,
  );
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < classes.length; i++) {
    const p = rs.permutation(counts[i]);
    const idx = Array.from(p, (j) => members[i][j]);
    train.push(...idx.slice(0, nI[i]));
    test.push(...idx.slice(nI[i], nI[i] + tI[i]));
  }
  return [rs.permutation(Int32Array.from(train)), rs.permutation(Int32Array.from(test))];
}

/**
 * scikit-learn's `_approximate_mode`: `floor(counts / total * nDraws)`, then one more for the
 * classes with the largest remainders, ties broken by `rs.choice(..., replace=false)`.
 */
export function approximateMode(
  counts: readonly number[],
  nDraws: number,
  rs: RandomState,
): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      const chosen = rs.choice(inds, addNow, { replace: false });
      for (const i of chosen) floored[i] += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/** Distinct keys in `np.unique` order: numbers ascending, strings by code point. */
function uniqueSorted(keys: readonly (number | string)[]): (number | string)[] {
  const u = [...new Set(keys)];
  const numeric = u.every((k) => typeof k === "number");
  if (!numeric && !u.every((k) => typeof k === "string")) {
    throw new TypeError("trainTestSplit: stratify labels must be all numbers or all strings");
  }
  return numeric
    ? (u as number[]).sort((a, b) => a - b)
    : (u as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One hashable key per sample; 2-D labels become their rows joined by spaces, as in scikit-learn. */
function labelKeys(stratify: NonNullable<TrainTestSplitOptions["stratify"]>): (number | string)[] {
  if (stratify instanceof Tensor) {
    if (stratify.ndim === 1) return Array.from(stratify.toTypedArray());
    if (stratify.ndim === 2) {
      return (stratify.tolist() as number[][]).map((row) => row.join(" "));
    }
    throw new RangeError(
      `trainTestSplit: stratify must be 1-D or 2-D, got a tensor of shape [${stratify.shape.join(", ")}]`,
    );
  }
  return Array.from(stratify as ArrayLike<unknown>, (v, i) => {
    if (typeof v === "number" || typeof v === "string") return v;
    if (typeof v === "boolean") return Number(v);
    if (Array.isArray(v)) return v.join(" ");
    throw new TypeError(
      `trainTestSplit: stratify label ${i} is ${typeof v}; expected a number or string`,
    );
  });
}

function isOptions(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    !(v instanceof Tensor) &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v)
  );
}

function numSamples(a: Splittable, name: string): number {
  if (a instanceof Tensor) {
    if (a.ndim === 0) {
      throw new RangeError(
        `trainTestSplit: ${name} is a scalar tensor; expected a first dimension of samples`,
      );
    }
    return a.shape[0];
  }
  if (Array.isArray(a) || ArrayBuffer.isView(a)) return a.length;
  throw new TypeError(
    `trainTestSplit: ${name} is ${a === null ? "null" : typeof a}; expected a Tensor, an array or a typed array`,
  );
}

function take<A extends Splittable>(a: A, idx: Int32Array): A {
  if (a instanceof Tensor) return a.indexSelect(0, fromTypedArray(idx.slice())) as A;
  if (Array.isArray(a)) return Array.from(idx, (i) => a[i]) as unknown as A;
  const src = a as Exclude<Splittable, Tensor | readonly unknown[]>;
  const ctor = src.constructor as new (n: number) => typeof src;
  const out = new ctor(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]];
  return out as A;
}
