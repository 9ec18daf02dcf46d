/**
 * d2l (new edition, v1.0) 2.3 "Linear Algebra"
 * (https://d2l.ai/chapter_preliminaries/linear-algebra.html), the PyTorch code cell by cell:
 * scalars, vectors, matrices, tensors, reductions, dot products, matrix-vector and matrix-matrix
 * products, norms. `len(x)` is `x.shape[0]`; `A @ x` is `A.matmul(x)`.
 *
 * Run: npx tsx examples/d2l/ch2_3_linear_algebra.ts
 */
import { abs, arange, dot, mm, mv, norm, ones, tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

export function run(opts: SectionOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 2.3.1 Scalars
  let x = tensor(3.0);
  let y = tensor(2.0);
  p.show("x + y", x.add(y));
  p.show("x * y", x.mul(y));
  p.show("x / y", x.div(y));
  p.show("x**y", x.pow(y));
  // 2.3.2 Vectors
  x = arange(3);
  p.show("x = arange(3)", x);
  p.show("x[2]", x.get(2));
  p.show("len(x)", x.shape[0]);
  p.show("x.shape", x.shape);
  // 2.3.3 Matrices
  let A = arange(6).reshape(3, 2);
  p.show("A = arange(6).reshape(3, 2)", A);
  p.show("A.T", A.T);
  A = tensor([
    [1, 2, 3],
    [2, 0, 4],
    [3, 4, 5],
  ]);
  p.show("A == A.T", A.eq(A.T));
  // 2.3.4 Tensors
  p.show("arange(24).reshape(2, 3, 4)", arange(24).reshape(2, 3, 4));
  // 2.3.5 Basic Properties of Tensor Arithmetic
  A = arange(6, { dtype: "float32" }).reshape(2, 3);
  const B = A.clone();
  p.show("A", A);
  p.show("A + B", A.add(B));
  p.show("A * B", A.mul(B));
  const a = 2;
  const X = arange(24).reshape(2, 3, 4);
  p.show("a + X", X.add(a));
  p.show("(a * X).shape", X.mul(a).shape);
  // 2.3.6 Reduction
  x = arange(3, { dtype: "float32" });
  p.show("x.sum()", x.sum());
  p.show("A.sum()", A.sum());
  p.show("A.sum(axis=0).shape", A.sum(0).shape);
  p.show("A.sum(axis=1).shape", A.sum(1).shape);
  p.show("A.sum(axis=[0, 1]) == A.sum()", A.sum([0, 1]).eq(A.sum()));
  p.show("A.mean()", A.mean());
  p.show("A.sum() / A.numel()", A.sum().div(A.numel()));
  p.show("A.mean(axis=0)", A.mean(0));
  p.show("A.sum(axis=0) / A.shape[0]", A.sum(0).div(A.shape[0]));
  // 2.3.7 Non-Reduction Sum
  const sumA = A.sum(1, true);
  p.show("sum_A", sumA);
  p.show("sum_A.shape", sumA.shape);
  p.show("A / sum_A", A.div(sumA));
  p.show("A.cumsum(axis=0)", A.cumsum(0));
  // 2.3.8 Dot Products
  y = ones(3, { dtype: "float32" });
  p.show("torch.dot(x, y)", dot(x, y));
  p.show("torch.sum(x * y)", x.mul(y).sum());
  // 2.3.9 Matrix-Vector Products
  p.show("torch.mv(A, x)", mv(A, x));
  p.show("A@x", A.matmul(x));
  // 2.3.10 Matrix-Matrix Multiplication
  const B2 = ones(3, 4);
  p.show("torch.mm(A, B)", mm(A, B2));
  p.show("A@B", A.matmul(B2));
  // 2.3.11 Norms
  const u = tensor([3.0, -4.0]);
  p.show("torch.norm(u)", norm(u));
  p.show("torch.abs(u).sum()", abs(u).sum());
  p.show("torch.norm(torch.ones((4, 9)))", norm(ones([4, 9])));
  return p.shown;
}

if (isMain(import.meta.url)) run();
