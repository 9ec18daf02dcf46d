/**
 * d2l ("Dive into Deep Learning") chapter 3 and section 4.2-4.3 in descent, as `train.d2l`:
 * linear regression's data and net, the softmax-regression and MLP models (from scratch and
 * concise), and the chapter's training loop (`trainCh3`, `evaluateAccuracy`, `predictCh3`, `sgd`).
 */
export { linregData, linregNet, TRUE_W, TRUE_B } from "./linreg.js";
export {
  sgd,
  accuracy,
  evaluateAccuracy,
  trainEpochCh3,
  trainCh3,
  predictCh3,
  sampleDataset,
  spreadIndices,
  forward,
} from "./d2l_ch3.js";
export type {
  Net,
  Updater,
  DataIter,
  Ch3Epoch,
  TrainCh3Options,
  Ch3Predictions,
} from "./d2l_ch3.js";
export {
  softmax,
  crossEntropy,
  softmaxRegressionScratch,
  softmaxRegressionConcise,
  initWeights,
  NUM_INPUTS,
  NUM_OUTPUTS,
  CH3_DEFAULTS,
} from "./d2l_softmax.js";
export type { ScratchModel, SoftmaxScratch, D2lInitOptions } from "./d2l_softmax.js";
export { relu, mlpScratch, mlpConcise, NUM_HIDDENS } from "./d2l_mlp.js";
export type { MlpScratch } from "./d2l_mlp.js";
