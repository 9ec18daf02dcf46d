/**
 * d2l's softmax regression on Fashion-MNIST: from scratch (section 3.6: a hand-written softmax and
 * cross-entropy, `W` ~ N(0, 0.01^2) [784, 10], `b` = 0, trained with the hand-written `sgd`) and
 * concise (section 3.7: `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))` on logits with
 * `nn.CrossEntropyLoss`). The book trains both for 10 epochs, batch size 256, learning rate 0.1.
 */
import { Flatten, Linear, Sequential, init } from "../../nn/index.js";
import type { Module } from "../../nn/index.js";
import type { Generator, Tensor } from "../../tensor/index.js";
import { randn, zeros } from "../../tensor/index.js";

/** 28 x 28 pixels in, 10 classes out. */
export const NUM_INPUTS = 784;
/** The ten Fashion-MNIST classes. */
export const NUM_OUTPUTS = 10;

/** The book's hyper-parameters for chapter 3's Fashion-MNIST runs (and 4.2's MLP). */
export const CH3_DEFAULTS = { batchSize: 256, lr: 0.1, numEpochs: 10 } as const;

/**
 * softmax(X)_ij = exp(X_ij) / sum_k exp(X_ik), row by row, d2l 3.6's hand-written softmax.
 * Like the book's, it does not subtract the row maximum first, so large scores overflow; the
 * library's `x.softmax(1)` and `nn.CrossEntropyLoss` are the stable forms (d2l 3.7 explains why).
 *
 * PyTorch (d2l): `X_exp = torch.exp(X); partition = X_exp.sum(1, keepdim=True); return X_exp / partition`
 */
export function softmax(X: Tensor): Tensor {
  const XExp = X.exp();
  const partition = XExp.sum(1, true);
  return XExp.div(partition); // broadcasting divides each row by its sum
}

/**
 * Cross-entropy of predicted probabilities `yHat` [N, C] and class indices `y` [N], giving the
 * per-example losses -log yHat[i, y_i], shape [N], d2l 3.6's `cross_entropy`.
 *
 * PyTorch (d2l): `-torch.log(y_hat[range(len(y_hat)), y])`; here the picking is `gather`.
 */
export function crossEntropy(yHat: Tensor, y: Tensor): Tensor {
  return yHat.gather(1, y.reshape(-1, 1)).log().neg().reshape(-1);
}

/** A model made of plain tensors: its parameters (each `requiresGrad`) and its function. */
export interface ScratchModel {
  params: Tensor[];
  /** The model's function: inputs [N, 784] to outputs [N, 10]. */
  net: (X: Tensor) => Tensor;
}

/** d2l 3.6's softmax regression, with its two parameters by name. */
export interface SoftmaxScratch extends ScratchModel {
  W: Tensor;
  b: Tensor;
}

/** Where initial weights come from (default: the default generator, see `manualSeed`). */
export interface D2lInitOptions {
  generator?: Generator;
}

/**
 * d2l 3.6's model: `W` ~ N(0, 0.01^2) of shape [784, 10], `b` = zeros(10), both with
 * `requiresGrad`, and `net(X) = softmax(X.reshape(-1, 784) @ W + b)` (probabilities [N, 10]).
 */
export function softmaxRegressionScratch(opts: D2lInitOptions = {}): SoftmaxScratch {
  const W = randn([NUM_INPUTS, NUM_OUTPUTS], { generator: opts.generator })
    .mul(0.01)
    .requiresGrad_();
  const b = zeros([NUM_OUTPUTS], { requiresGrad: true });
  const net = (X: Tensor): Tensor => softmax(X.reshape(-1, W.shape[0]).matmul(W).add(b));
  return { W, b, params: [W, b], net };
}

/**
 * d2l's `init_weights`: every `nn.Linear` weight in `net` from N(0, 0.01^2) (biases keep
 * PyTorch's default initialisation). Returns `net`.
 */
export function initWeights<M extends Module>(net: M, opts: D2lInitOptions = {}): M {
  for (const m of net.modules()) {
    if (m instanceof Linear) init.normal_(m.weight, 0, 0.01, opts.generator);
  }
  return net;
}

/**
 * d2l 3.7's model: `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))` with `init_weights`. It
 * returns logits; train it with `new nn.CrossEntropyLoss({ reduction: "none" })`, which applies
 * the (stable) log-softmax itself.
 */
export function softmaxRegressionConcise(opts: D2lInitOptions = {}): Sequential {
  const net = new Sequential(
    new Flatten(),
    new Linear(NUM_INPUTS, NUM_OUTPUTS, { generator: opts.generator }),
  );
  return initWeights(net, opts);
}
