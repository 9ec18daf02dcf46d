/**
 * What the CLI uses from the library's `train` and `data` namespaces and its Node-only `descent/io`
 * entry, gathered in one place so that commands import short names.
 */
import { data, train } from "descent";

export { saveModelWeights, loadModelWeights, loadStateDictFile } from "descent/io";

export const {
  fit,
  evaluate,
  NonFiniteLossError,
  accuracy,
  predictClasses,
  parseModelSpec,
  inputFeatures,
  lossByName,
  makeOptimizer,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  MOMENTUM_OPTIMIZERS,
  LinearNet,
  SoftmaxNet,
  seedData,
  linregData,
  linregNet,
  TRUE_W,
  TRUE_B,
} = train;
export type NonFiniteLossError = train.NonFiniteLossError;
export type History = train.History;
export type LossSpec = train.LossSpec;
export type LossFn = train.LossFn;
export type Task = train.Task;

export const {
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
  parseCsv,
  trainTestSplit,
} = data;
