/**
 * d2l (new edition, v1.0) 2.5 "Automatic Differentiation"
 * (https://d2l.ai/chapter_preliminaries/autograd.html), the PyTorch code cell by cell: the
 * gradient of 2 x.x, of a sum, of a non-scalar (with `gradient=`), detaching, and a function with
 * Python control flow. `x.grad.zero_()` is the same call; `torch.randn(size=())` is `randn([])`.
 *
 * Run: npx tsx examples/d2l/ch2_5_autograd.ts
 */
import { arange, dot, ones, randn, tensor, type Tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

// 2.5.4 Gradients and Python Control Flow: the number of doublings depends on a.
function f(a: Tensor): Tensor {
  let b = a.mul(2);
  while (b.norm().item() < 1000) b = b.mul(2);
  return b.sum().item() > 0 ? b : b.mul(100);
}

/** `a`: the value of 2.5.4's random `a` (the test gives PyTorch's draw; default randn). */
export function run(opts: SectionOptions & { a?: number } = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 2.5.1 A Simple Function
  const x = arange(4.0, { dtype: "float32" });
  p.show("x", x);
  x.requiresGrad_(true);
  p.show("x.grad is None", x.grad === null);
  let y = dot(x, x).mul(2);
  p.show("y = 2 * torch.dot(x, x)", y);
  y.backward();
  p.show("x.grad", x.grad!);
  p.show("x.grad == 4 * x", x.grad!.eq(x.mul(4)));
  x.grad!.zero_();
  y = x.sum();
  y.backward();
  p.show("x.grad of x.sum()", x.grad!);
  // 2.5.2 Backward for Non-Scalar Variables
  x.grad!.zero_();
  y = x.mul(x);
  y.backward(ones(y.shape[0]));
  p.show("x.grad of x * x", x.grad!);
  // 2.5.3 Detaching Computation
  x.grad!.zero_();
  y = x.mul(x);
  const u = y.detach();
  const z = u.mul(x);
  z.sum().backward();
  p.show("x.grad == u", x.grad!.eq(u));
  x.grad!.zero_();
  y.sum().backward();
  p.show("x.grad == 2 * x", x.grad!.eq(x.mul(2)));
  // 2.5.4 Gradients and Python Control Flow. Whether d / a rounds back to a.grad exactly
  // depends on the draw (when a < 0, d = 100 b), so the test gives both programs the same a.
  const a =
    opts.a === undefined ? randn([], { requiresGrad: true }) : tensor(opts.a).requiresGrad_();
  p.show("a", a.detach());
  const d = f(a);
  d.backward();
  p.show("a.grad == d / a", a.grad!.eq(d.div(a)));
  return p.shown;
}

if (isMain(import.meta.url)) run();
