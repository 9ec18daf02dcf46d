/**
 * d2l (new edition, v1.0) 2.1 "Data Manipulation"
 * (https://d2l.ai/chapter_preliminaries/ndarray.html), the PyTorch code cell by cell: creating
 * tensors, indexing and slicing, operations, broadcasting, saving memory, conversion.
 * Python's `id(Y)` becomes JavaScript's object identity (`===`), `X.numpy()` becomes `tolist()`.
 *
 * Run: npx tsx examples/d2l/ch2_1_data_manipulation.ts
 */
import { arange, cat, exp, ones, randn, tensor, zeros, zerosLike, type Tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

export function run(opts: SectionOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 2.1.1 Getting Started
  const x = arange(12, { dtype: "float32" });
  p.show("x", x);
  p.show("x.numel()", x.numel());
  p.show("x.shape", x.shape);
  let X = x.reshape(3, 4);
  p.show("X", X);
  p.show("zeros((2, 3, 4))", zeros([2, 3, 4]));
  p.show("ones((2, 3, 4))", ones([2, 3, 4]));
  p.show("randn(3, 4).shape", randn(3, 4).shape); // random: only its shape is compared
  p.show(
    "tensor([[2, 1, 4, 3], ...])",
    tensor([
      [2, 1, 4, 3],
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ]),
  );

  // 2.1.2 Indexing and Slicing
  p.show("X[-1]", X.get(-1));
  p.show("X[1:3]", X.get("1:3"));
  X.set([1, 2], 17);
  p.show("X[1, 2] = 17", X);
  X.set([":2", ":"], 12);
  p.show("X[:2, :] = 12", X);

  // 2.1.3 Operations (X is a view of x, so x has changed too)
  p.show("torch.exp(x)", exp(x));
  const x2 = tensor([1.0, 2, 4, 8]);
  const y2 = tensor([2, 2, 2, 2]);
  p.show("x + y", x2.add(y2));
  p.show("x - y", x2.sub(y2));
  p.show("x * y", x2.mul(y2));
  p.show("x / y", x2.div(y2));
  p.show("x ** y", x2.pow(y2));
  X = arange(12, { dtype: "float32" }).reshape(3, 4);
  let Y: Tensor = tensor([
    [2.0, 1, 4, 3],
    [1, 2, 3, 4],
    [4, 3, 2, 1],
  ]);
  p.show("torch.cat((X, Y), dim=0)", cat([X, Y], 0));
  p.show("torch.cat((X, Y), dim=1)", cat([X, Y], 1));
  p.show("X == Y", X.eq(Y));
  p.show("X.sum()", X.sum());

  // 2.1.4 Broadcasting
  const a = arange(3).reshape(3, 1);
  const b = arange(2).reshape(1, 2);
  p.show("a", a);
  p.show("b", b);
  p.show("a + b", a.add(b));

  // 2.1.5 Saving Memory: `Y = Y + X` makes a new tensor; `Z[:] = ...` and `X += Y` do not.
  let before: Tensor = Y;
  Y = Y.add(X);
  p.show("id(Y) == before", Y === before);
  const Z = zerosLike(Y);
  before = Z;
  Z.set(":", X.add(Y));
  p.show("id(Z) unchanged after Z[:] = X + Y", Z === before);
  before = X;
  X.add_(Y);
  p.show("id(X) == before after X += Y", X === before);
  p.show("X after X += Y", X);

  // 2.1.6 Conversion to Other Python Objects
  const A = X.tolist(); // the book's X.numpy()
  const B = tensor(A);
  p.show("torch.from_numpy(X.numpy())", B);
  const a1 = tensor([3.5]);
  p.show("a = tensor([3.5])", a1);
  p.show("a.item()", a1.item());
  p.show("int(a)", Math.trunc(a1.item()));
  return p.shown;
}

if (isMain(import.meta.url)) run();
