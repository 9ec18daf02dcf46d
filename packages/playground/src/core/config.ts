/**
 * The playground's whole state as one plain object: the data, the inputs, the model, the loss and
 * the optimizer. Everything the page shows follows from a Config and its seeds, so a Config (in
 * the URL) reproduces a run exactly. Pure: no DOM, no library.
 */

export const DATASETS = [
  "classification",
  "moons",
  "circles",
  "blobs",
  "xor",
  "spiral",
  "plane",
  "gaussians",
  "csv",
] as const;
export type DatasetName = (typeof DATASETS)[number];

/** Data sets whose label is a number to predict rather than a class. */
export const REGRESSION_SETS: readonly DatasetName[] = ["plane", "gaussians"];

export const ACTIVATIONS = ["sigmoid", "relu", "tanh", "linear"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** What follows the last Linear layer. */
export const OUTPUTS = ["sigmoid", "softmax", "none"] as const;
export type OutputAct = (typeof OUTPUTS)[number];

export const LOSSES = ["bce", "ce", "mse"] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ["sgd", "adam", "adamw"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const REGULARIZERS = ["none", "l1", "l2"] as const;
export type Regularizer = (typeof REGULARIZERS)[number];

/** Inputs computed from the first two columns, as in TensorFlow Playground. */
export const DERIVED = ["x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] as const;
export type Derived = (typeof DERIVED)[number];

/** Display names of the derived inputs. */
export const DERIVED_LABELS: Record<Derived, string> = {
  x1sq: "x1²",
  x2sq: "x2²",
  x1x2: "x1·x2",
  sinx1: "sin x1",
  sinx2: "sin x2",
};

export interface DataConfig {
  name: DatasetName;
  nSamples: number;
  /** Columns of X (only make_classification and csv have more than 2). */
  nFeatures: number;
  /** make_classification's n_informative. */
  nInformative: number;
  /** Classes of make_classification and blobs. */
  nClasses: number;
  /** Per set: flip_y for classification, cluster_std for blobs, else Gaussian noise on X (or y). */
  noise: number;
  seed: number;
  /** Fraction held out as the test set (sklearn's test_size). */
  testRatio: number;
  /** Columns drawn on the horizontal and vertical axes (0-based). */
  plotX: number;
  plotY: number;
}

export interface Config {
  data: DataConfig;
  /** Raw columns fed to the model (0-based, increasing). */
  columns: number[];
  /** Derived inputs, in DERIVED's order. */
  derived: Derived[];
  /** Units of each hidden layer (0 to 8 layers of 1 to 64). */
  hidden: number[];
  /** Activation after each hidden layer. */
  activations: Activation[];
  /** Dropout probability after each hidden activation (0: none). */
  dropout: number;
  output: OutputAct;
  /** Units of the output layer for cross-entropy; 0 means one per class. */
  outUnits: number;
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  nesterov: boolean;
  /** AdamW's decoupled weight decay. */
  weightDecay: number;
  regularizer: Regularizer;
  regRate: number;
  /** Samples per update; 0 means the whole training set (batch gradient descent). */
  batchSize: number;
  /** Seed of the initial weights and of the mini-batch order. */
  initSeed: number;
}

export const LIMITS = {
  nSamples: [20, 5000],
  nFeatures: [2, 20],
  nClasses: [2, 6],
  noise: [0, 5],
  seed: [0, 2 ** 31 - 1],
  testRatio: [0, 0.9],
  hiddenLayers: [0, 8],
  units: [1, 64],
  dropout: [0, 0.9],
  lr: [1e-5, 10],
  momentum: [0, 0.99],
  weightDecay: [0, 1],
  regRate: [0, 10],
  batchSize: [0, 5000],
  outUnits: [0, 16],
} as const satisfies Record<string, readonly [number, number]>;

/** The seed's data: make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0, random_state=42). */
export const SEED_DATA: DataConfig = {
  name: "classification",
  nSamples: 1000,
  nFeatures: 4,
  nInformative: 2,
  nClasses: 2,
  noise: 0.01,
  seed: 42,
  testRatio: 0.2,
  // x3 and x1 are the two informative columns of this draw (make_classification shuffles them).
  plotX: 2,
  plotY: 0,
};

/** The default run: the seed's 4-10-1 sigmoid network, BCELoss, SGD lr 0.1, full batch. */
export const DEFAULT_CONFIG: Config = {
  data: SEED_DATA,
  columns: [0, 1, 2, 3],
  derived: [],
  hidden: [10],
  activations: ["sigmoid"],
  dropout: 0,
  output: "sigmoid",
  outUnits: 0,
  loss: "bce",
  optimizer: "sgd",
  lr: 0.1,
  momentum: 0,
  nesterov: false,
  weightDecay: 0.01,
  regularizer: "none",
  regRate: 0,
  batchSize: 0,
  initSeed: 0,
};

/** Regression sets, and CSV data whose label is a number to predict (nClasses 0). */
export function isRegression(c: Config | DataConfig): boolean {
  const d = "data" in c ? c.data : c;
  return REGRESSION_SETS.includes(d.name) || (d.name === "csv" && d.nClasses === 0);
}

/** Rows in the training set for `nSamples` rows and sklearn's `test_size` rule (ceil for test). */
export function trainCount(nSamples: number, testRatio: number): number {
  return testRatio > 0 ? nSamples - Math.ceil(testRatio * nSamples) : nSamples;
}

/** The seed's notes' three names for the batch size (批量 / 随机 / 小批量梯度下降). */
export function descentKind(batchSize: number, nTrain: number): string {
  if (batchSize === 0 || batchSize >= nTrain) return "batch gradient descent";
  if (batchSize === 1) return "stochastic gradient descent";
  return "mini-batch gradient descent";
}

/** Number of model inputs. */
export const inputCount = (c: Config): number => c.columns.length + c.derived.length;

/** Units in the output layer. */
export function outputUnits(c: Config, nClasses: number): number {
  if (c.loss !== "ce") return 1;
  return c.outUnits > 0 ? c.outUnits : nClasses;
}

export const clamp = (v: number, [lo, hi]: readonly [number, number]): number =>
  Math.min(hi, Math.max(lo, v));

/** The plotted columns, or x1 and x2 when either does not exist. */
function plotAxes(x: number, y: number, nFeatures: number): { plotX: number; plotY: number } {
  const ok = (v: number) => Number.isInteger(v) && v >= 0 && v < nFeatures;
  return ok(x) && ok(y) ? { plotX: x, plotY: y } : { plotX: 0, plotY: 1 };
}

/**
 * A config made consistent: numbers inside LIMITS, one activation per hidden layer, an output
 * that the loss accepts (BCE needs probabilities, cross-entropy logits or the seed's softmax),
 * columns that exist. Returns a new object.
 */
export function normalize(c: Config): Config {
  const d = c.data;
  const nFeatures =
    d.name === "classification" || d.name === "csv" ? clamp(d.nFeatures, LIMITS.nFeatures) : 2;
  const data: DataConfig = {
    ...d,
    nSamples: Math.round(clamp(d.nSamples, LIMITS.nSamples)),
    nFeatures,
    nInformative: Math.round(clamp(d.nInformative, [1, nFeatures])),
    nClasses:
      d.name === "csv" && d.nClasses === 0 ? 0 : Math.round(clamp(d.nClasses, LIMITS.nClasses)),
    noise: clamp(d.noise, LIMITS.noise),
    seed: Math.round(clamp(d.seed, LIMITS.seed)),
    testRatio: clamp(d.testRatio, LIMITS.testRatio),
    ...plotAxes(d.plotX, d.plotY, nFeatures),
  };
  const hidden = c.hidden
    .slice(0, LIMITS.hiddenLayers[1])
    .map((u) => Math.round(clamp(u, LIMITS.units)));
  const activations = hidden.map((_, i) => c.activations[i] ?? c.activations.at(-1) ?? "relu");
  let columns = [...new Set(c.columns.filter((i) => i >= 0 && i < nFeatures))].sort(
    (a, b) => a - b,
  );
  const derived = DERIVED.filter((f) => c.derived.includes(f));
  if (columns.length + derived.length === 0) columns = [0];
  const regression = isRegression(data);
  const loss: LossName = regression ? "mse" : c.loss;
  const output: OutputAct =
    loss === "bce"
      ? "sigmoid"
      : loss === "ce"
        ? c.output === "softmax"
          ? "softmax"
          : "none"
        : c.output === "sigmoid"
          ? "sigmoid"
          : "none";
  return {
    ...c,
    data,
    columns,
    derived,
    hidden,
    activations,
    dropout: clamp(c.dropout, LIMITS.dropout),
    output,
    outUnits: Math.round(clamp(c.outUnits, LIMITS.outUnits)),
    loss,
    lr: clamp(c.lr, LIMITS.lr),
    momentum: clamp(c.momentum, LIMITS.momentum),
    weightDecay: clamp(c.weightDecay, LIMITS.weightDecay),
    regRate: clamp(c.regRate, LIMITS.regRate),
    batchSize: Math.round(clamp(c.batchSize, LIMITS.batchSize)),
    initSeed: Math.round(clamp(c.initSeed, LIMITS.seed)),
  };
}
