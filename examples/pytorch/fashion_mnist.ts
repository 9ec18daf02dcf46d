/**
 * What the "Learn the Basics" programs share in place of torchvision: Fashion-MNIST from the
 * installed `fashion-mnist` package (no download), and, for the tests, starting weights and random
 * inputs that PyTorch's script draws too.
 *
 * descent's copy of Fashion-MNIST is ordered by class (see `loadFashionMnist`); torchvision's
 * files are mixed, and the tutorials' loaders do not shuffle, so the classes are interleaved here:
 * image 10 k + c of each set is image k of class c.
 */
import type { Tensor } from "descent";
import { data, fromTypedArray, nn, noGrad, tensor } from "descent";
import { loadFashionMnist } from "descent/io";

/** The tests' size: 640 training and 200 test images, 2 epochs. */
export const SMALL = { train: 640, test: 200, epochs: 2 } as const;

/** The first `n` images of `set` with the classes interleaved (sample 10 k + c: class c's k-th). */
function interleaved(set: data.TensorDataset, n: number): data.TensorDataset {
  const perClass = set.length / 10;
  const idx = Array.from({ length: n }, (_, i) => perClass * (i % 10) + Math.floor(i / 10));
  const at = tensor(idx, { dtype: "int32" });
  const [X, y] = set.tensors;
  return new data.TensorDataset(X.indexSelect(0, at), y.indexSelect(0, at));
}

/**
 * torchvision's `datasets.FashionMNIST(train=True/False, transform=ToTensor())`: images
 * [N, 1, 28, 28] in [0, 1], labels [N]; with `small`, SMALL's sizes.
 */
export function fashionMnist(small = false): {
  trainingData: data.TensorDataset;
  testData: data.TensorDataset;
} {
  const { trainSet, testSet } = loadFashionMnist();
  return {
    trainingData: interleaved(trainSet, small ? SMALL.train : trainSet.length),
    testData: interleaved(testSet, small ? SMALL.test : testSet.length),
  };
}

/**
 * Draws a model's parameters from numpy's RandomState, in `parameters()` order, uniform in
 * [-1/sqrt(fanIn), 1/sqrt(fanIn)] as PyTorch's nn.Linear does; the golden script does the same in
 * PyTorch, so both start from the same weights.
 */
export function initFromRandomState(model: nn.Module, rs: data.RandomState): void {
  noGrad(() => {
    for (const m of model.modules()) {
      if (!(m instanceof nn.Linear)) continue;
      const bound = 1 / Math.sqrt(m.inFeatures);
      for (const p of [m.weight, m.bias!])
        p.copy_(fromTypedArray(Float32Array.from(rs.uniform(-bound, bound, p.numel())), p.shape));
    }
  });
}

/** numpy's `rs.rand(*shape)` as a float32 tensor (for torch.rand in the tests' runs). */
export function randFromRandomState(rs: data.RandomState, shape: number[]): Tensor {
  return fromTypedArray(Float32Array.from(rs.rand(...shape)), shape);
}

/** numpy's `rs.randn(*shape)` as a float32 tensor (for torch.randn in the tests' runs). */
export function randnFromRandomState(rs: data.RandomState, shape: number[]): Tensor {
  return fromTypedArray(Float32Array.from(rs.randn(...shape)), shape);
}
