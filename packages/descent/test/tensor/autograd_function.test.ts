/**
 * autograd.Function (user-defined differentiable ops): the gradient a subclass's backward gives
 * flows through the graph like a built-in op's, checked against central differences in float64;
 * gradFn names, saved-tensor version checks and bad backward results as PyTorch reports them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import { Generator, autograd, noGrad, tensor } from "../../src/tensor/index.js";
import { gradcheck, rand64 } from "../helpers/gradcheck.js";

/** The tutorial's P3(x) = (5x^3 - 3x) / 2 with its derivative 1.5 (5x^2 - 1). */
class LegendrePolynomial3 extends autograd.Function {
  static forward(ctx: autograd.FunctionCtx, input: Tensor): Tensor {
    ctx.saveForBackward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }
  static backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): Tensor {
    const [input] = ctx.savedTensors;
    return gradOutput.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

/** Two tensor inputs and a number: a * x^k, saving its output and a non-tensor value. */
class ScaledPower extends autograd.Function {
  static forward(ctx: autograd.FunctionCtx, a: Tensor, x: Tensor, k: number): Tensor {
    const out = a.mul(x.pow(k));
    ctx.saveForBackward(a, x, out);
    ctx.saved.k = k;
    return out;
  }
  static backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
    const [, x, out] = ctx.savedTensors;
    const k = ctx.saved.k as number;
    const da = ctx.needsInputGrad[0] ? g.mul(x.pow(k)).sum(1, true) : null; // a is [3, 1];
    const dx = ctx.needsInputGrad[1] ? g.mul(out).mul(k).div(x) : null;
    return [da, dx, null];
  }
}

test("autograd.Function: LegendrePolynomial3's gradient passes a float64 gradient check", () => {
  const x = rand64([7], new Generator(1));
  gradcheck((t) => LegendrePolynomial3.apply(t.mul(0.7).add(0.1)), [x]);
});

test("autograd.Function: several inputs, a saved output, a non-tensor argument, broadcasting", () => {
  const g = new Generator(2);
  const a = rand64([3, 1], g);
  const x = rand64([3, 4], g, { lo: 0.5, hi: 2 });
  gradcheck((p, q) => ScaledPower.apply(p, q, 3), [a, x]);
});

test("autograd.Function: apply is bound, gradFn is <Name>Backward, forward runs without grad", () => {
  const P3 = LegendrePolynomial3.apply;
  const x = tensor([0.5, -1, 2], { requiresGrad: true });
  const y = P3(x);
  assert.equal(String(y.gradFn), "<LegendrePolynomial3Backward>");
  assert.deepEqual(y.tolist(), [-0.4375, -1, 17]);
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [0.375, 6, 28.5]);
  // without inputs that need grad, nothing is recorded
  const z = P3(tensor([1, 2]));
  assert.equal(z.gradFn, null);
  assert.equal(z.requiresGrad, false);
  assert.equal(noGrad(() => P3(x)).gradFn, null);
});

test("autograd.Function: a saved input changed in place after forward is refused at backward", () => {
  const w = tensor([1, 2, 3], { requiresGrad: true });
  const x = w.mul(2);
  const y = LegendrePolynomial3.apply(x);
  x.add_(1);
  assert.throws(
    () => y.sum().backward(),
    /modified by an inplace operation: \[float32 \[3\]\] is at version 1; expected version 0 instead \(it is saved by LegendrePolynomial3Backward/,
  );
});

test("autograd.Function: a saved output changed in place is refused too", () => {
  const a = tensor([2], { requiresGrad: true });
  const x = tensor([1, 2]);
  const y = ScaledPower.apply(a, x, 2);
  y.mul_(3);
  assert.throws(() => y.sum().backward(), /modified by an inplace operation/);
});

test("autograd.Function: a returned input is not the output's storage", () => {
  class Identity extends autograd.Function {
    static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor {
      return x;
    }
    static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      return g;
    }
  }
  const x = tensor([1, 2], { requiresGrad: true });
  const y = Identity.apply(x);
  noGrad(() => y.add_(1));
  assert.deepEqual(x.tolist(), [1, 2]);
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [1, 1]);
});

test("autograd.Function: bad backward results are named", () => {
  class WrongCount extends autograd.Function {
    static forward(_ctx: autograd.FunctionCtx, x: Tensor, y: Tensor): Tensor {
      return x.add(y);
    }
    static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      return g;
    }
  }
  class WrongShape extends autograd.Function {
    static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor {
      return x.sum();
    }
    static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      return g;
    }
  }
  const x = tensor([1, 2], { requiresGrad: true });
  assert.throws(
    () => WrongCount.apply(x, x).sum().backward(),
    /^RangeError: WrongCount\.backward: returned 1 gradient\(s\) but forward took 2 argument\(s\)/,
  );
  assert.throws(
    () => WrongShape.apply(x).backward(),
    /^RangeError: WrongShape\.backward: gradient 0 has shape \[\] but input 0 has shape \[2\]$/,
  );
  assert.throws(
    () => (autograd.Function as unknown as { apply: (x: Tensor) => Tensor }).apply(x),
    /needs static forward\(ctx, \.\.\.args\) and backward\(ctx, gradOutput\)/,
  );
});
