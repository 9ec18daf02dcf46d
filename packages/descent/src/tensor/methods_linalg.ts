import type { BackwardFn } from "../autograd/node.js";
import { matmul as matmulOp } from "../autograd/ops/matmul.js";
import * as Sc from "../autograd/ops/scan.js";
import * as S from "./shapes.js";
import * as RF from "./reduce_forms.js";
import { Tensor, type Methods } from "./core.js";

/**
 * Tensor's matrix methods: products and triangles.
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /** Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands. */
    matmul(o: Tensor): Tensor;
    /**
     * The product of two matrices [n, k] x [k, m] -> [n, m] (`torch.mm`); matmul also takes vectors
     * and batches.
     */
    mm(o: Tensor): Tensor;
    /** The dot product of two 1-D tensors of one length. PyTorch: `Tensor.dot`. */
    dot(o: Tensor): Tensor;
    /** Matrix [n, m] times vector [m]: [n]. PyTorch: `Tensor.mv`. */
    mv(v: Tensor): Tensor;
    /** Batched matrix product [b, n, m] x [b, m, p] -> [b, n, p] (no broadcasting). PyTorch: `Tensor.bmm`. */
    bmm(o: Tensor): Tensor;
    /** The outer product of two 1-D tensors: out[i][j] = this[i] * v[j]. PyTorch: `Tensor.outer`. */
    outer(v: Tensor): Tensor;
    /** The sum of the main diagonal of a 2-D tensor. PyTorch: `Tensor.trace`. */
    trace(): Tensor;
    /** The lower triangle (j - i <= diagonal) of the last two dims, zeros above. PyTorch: `Tensor.tril`. */
    tril(diagonal?: number): Tensor;
    /** The upper triangle (j - i >= diagonal) of the last two dims, zeros below. PyTorch: `Tensor.triu`. */
    triu(diagonal?: number): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const linalgMethods: Methods = {
  matmul(o) {
    S.checkTensor(o, "matmul");
    S.checkMatmul(this.value, o.value);
    const av = this.ndim === 1 ? this.value.reshaped([1, this.numel()]) : this.value;
    const bv = o.ndim === 1 ? o.value.reshaped([o.numel(), 1]) : o.value;
    const r = matmulOp(av, bv);
    const shape = r.out.shape.filter(
      (_, i, s) =>
        !(i === s.length - 2 && this.ndim === 1) && !(i === s.length - 1 && o.ndim === 1),
    );
    // Named as PyTorch's last node: dot, mv, mm, or the reshape (a 2-D x batch: the copy) after
    // a batched product.
    const [na, nb] = [this.ndim, o.ndim];
    const batched = na === 2 && nb > 2 ? "CloneBackward0" : "UnsafeViewBackward0";
    const name =
      na > 2 || nb > 2
        ? batched
        : ["DotBackward0", "SqueezeBackward3", "MvBackward0", "MmBackward0"][(na - 1) * 2 + nb - 1];
    const backward: BackwardFn = (g, needs) => {
      const [ga, gb] = r.backward(g.reshaped(r.out.shape), needs);
      return [ga && ga.reshaped(this.value.shape), gb && gb.reshaped(o.value.shape)];
    };
    return Tensor.apply(name, { out: r.out.reshaped(shape), backward }, [this, o]);
  },
  mm(o) {
    S.checkRank(this.shape, 2, "mm");
    S.checkRank(S.checkTensor(o, "mm").shape, 2, "mm");
    return this.matmul(o);
  },
  dot(o) {
    return RF.checkLinalg(this, o, "dot", 1, 1).matmul(o);
  },
  mv(v) {
    return RF.checkLinalg(this, v, "mv", 2, 1).matmul(v);
  },
  bmm(o) {
    RF.checkLinalg(this, o, "bmm", 3, 3);
    return Tensor.apply("BmmBackward0", matmulOp(this.value, o.value), [this, o]);
  },
  outer(v) {
    // PyTorch's composition: self.reshape([n, 1]) * v
    return RF.checkLinalg(this, v, "outer", 1, 1).reshape([this.numel(), 1]).mul(v);
  },
  trace() {
    return Tensor.fused("TraceBackward0", [this], RF.trace);
  },
  tril(diagonal = 0) {
    return Tensor.apply(
      "TrilBackward0",
      Sc.triangle(RF.matrixArg(this, "tril").value, diagonal, true),
      [this],
    );
  },
  triu(diagonal = 0) {
    return Tensor.apply(
      "TriuBackward0",
      Sc.triangle(RF.matrixArg(this, "triu").value, diagonal, false),
      [this],
    );
  },
};
