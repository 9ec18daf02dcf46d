/**
 * d2l's multilayer perceptron on Fashion-MNIST (sections 4.2 and 4.3): 784 inputs, one hidden
 * layer of 256 ReLU units, 10 outputs (logits), trained like chapter 3's softmax regression
 * (`nn.CrossEntropyLoss`, SGD lr 0.1, batch size 256, 10 epochs). The hidden layer is what lets it
 * beat the linear model: softmax regression can only draw linear boundaries between classes.
 */
import { Flatten, Linear, ReLU, Sequential } from "../../nn/index.js";
import type { Tensor } from "../../tensor/index.js";
import { randn, zeros, zerosLike } from "../../tensor/index.js";
import type { D2lInitOptions, ScratchModel } from "./d2l_softmax.js";
import { NUM_INPUTS, NUM_OUTPUTS, initWeights } from "./d2l_softmax.js";

/** The book's hidden-layer width. */
export const NUM_HIDDENS = 256;

/** max(X, 0) elementwise, d2l 4.2's hand-written `relu` (`torch.max(X, zeros_like(X))`). */
export function relu(X: Tensor): Tensor {
  return X.maximum(zerosLike(X));
}

/** d2l 4.2's MLP, with its four parameters by name. */
export interface MlpScratch extends ScratchModel {
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/**
 * d2l 4.2's model from scratch: `W1` [784, 256] and `W2` [256, 10] from N(0, 0.01^2), zero
 * biases, and `net(X) = relu(X.reshape(-1, 784) @ W1 + b1) @ W2 + b2` (logits [N, 10]).
 */
export function mlpScratch(opts: D2lInitOptions = {}): MlpScratch {
  const { generator } = opts;
  const W1 = randn([NUM_INPUTS, NUM_HIDDENS], { generator }).mul(0.01).requiresGrad_();
  const b1 = zeros([NUM_HIDDENS], { requiresGrad: true });
  const W2 = randn([NUM_HIDDENS, NUM_OUTPUTS], { generator }).mul(0.01).requiresGrad_();
  const b2 = zeros([NUM_OUTPUTS], { requiresGrad: true });
  const net = (X: Tensor): Tensor => {
    X = X.reshape(-1, NUM_INPUTS);
    const H = relu(X.matmul(W1).add(b1));
    return H.matmul(W2).add(b2);
  };
  return { W1, b1, W2, b2, params: [W1, b1, W2, b2], net };
}

/**
 * d2l 4.3's concise model: `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
 * nn.Linear(256, 10))` with `init_weights` (weights from N(0, 0.01^2)).
 */
export function mlpConcise(opts: D2lInitOptions = {}): Sequential {
  const { generator } = opts;
  const net = new Sequential(
    new Flatten(),
    new Linear(NUM_INPUTS, NUM_HIDDENS, { generator }),
    new ReLU(),
    new Linear(NUM_HIDDENS, NUM_OUTPUTS, { generator }),
  );
  return initWeights(net, opts);
}
