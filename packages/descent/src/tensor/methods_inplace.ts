import * as Ix from "../autograd/ops/indexing.js";
import type { Generator } from "../util/random/generator.js";
import { defaultGenerator } from "../util/random/generator.js";
import * as S from "./shapes.js";
import * as I from "./inplace.js";
import { Tensor, type Methods } from "./core.js";

/**
 * Tensor's in-place elementwise methods (trailing underscore: they write into the tensor and
 * its views' storage through `Tensor.inPlace`, which bumps the version and records autograd).
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /**
     * this += alpha * other, in place (other broadcast to this shape); returns this
     * (`torch.Tensor.add_`).
     */
    add_(o: Tensor | number, alpha?: number): this;
    /**
     * this -= alpha * other, in place (other broadcast to this shape); returns this
     * (`torch.Tensor.sub_`).
     */
    sub_(o: Tensor | number, alpha?: number): this;
    /**
     * this *= other, in place (other broadcast to this shape); returns this (`torch.Tensor.mul_`).
     */
    mul_(o: Tensor | number): this;
    /**
     * this /= other, in place (other broadcast to this shape); returns this (`torch.Tensor.div_`).
     */
    div_(o: Tensor | number): this;
    /**
     * this **= other, in place (other broadcast to this shape); returns this (`torch.Tensor.pow_`).
     */
    pow_(o: Tensor | number): this;
    /**
     * Clamps to [min, max] in place (either bound may be left out); returns this
     * (`torch.Tensor.clamp_`).
     */
    clamp_(min?: number | null, max?: number | null): this;
    /** Negates in place; returns this (`torch.Tensor.neg_`). */
    neg_(): this;
    /** e^x in place; returns this (`torch.Tensor.exp_`). */
    exp_(): this;
    /** ln(x) in place; returns this (`torch.Tensor.log_`). */
    log_(): this;
    /** sqrt(x) in place; returns this (`torch.Tensor.sqrt_`). */
    sqrt_(): this;
    /** |x| in place; returns this (`torch.Tensor.abs_`). */
    abs_(): this;
    /** 1 / (1 + e^-x) in place; returns this (`torch.Tensor.sigmoid_`). */
    sigmoid_(): this;
    /** tanh(x) in place; returns this (`torch.Tensor.tanh_`). */
    tanh_(): this;
    /** max(x, 0) in place; returns this (`torch.Tensor.relu_`). */
    relu_(): this;
    /** Fills with `value`; the old values get no gradient. */
    fill_(value: number): this;
    /** Fills this tensor with zeros, in place; returns this (`torch.Tensor.zero_`). */
    zero_(): this;
    /** Copies `src` (broadcast to this shape, cast to this dtype) into this tensor. */
    copy_(src: Tensor): this;
    /** Fills with N(mean, std^2) samples (torch.Tensor.normal_). */
    normal_(mean?: number, std?: number, opts?: { generator?: Generator }): this;
    /** Fills with U(from, to) samples (torch.Tensor.uniform_). */
    uniform_(from?: number, to?: number, opts?: { generator?: Generator }): this;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const inplaceMethods: Methods = {
  add_(o, alpha = 1) {
    return this.inPlace("add_", I.tensors(o), (s) => s.add(o, alpha));
  },
  sub_(o, alpha = 1) {
    return this.inPlace("sub_", I.tensors(o), (s) => s.sub(o, alpha));
  },
  mul_(o) {
    return this.inPlace("mul_", I.tensors(o), (s) => s.mul(o));
  },
  div_(o) {
    return this.inPlace("div_", I.tensors(o), (s) => s.div(o));
  },
  pow_(o) {
    return this.inPlace("pow_", I.tensors(o), (s) => s.pow(o));
  },
  clamp_(min, max) {
    return this.inPlace("clamp_", [], (s) => s.clamp(min, max));
  },
  neg_() {
    return this.inPlace("neg_", [], (s) => s.neg());
  },
  exp_() {
    return this.inPlace("exp_", [], (s) => s.exp());
  },
  log_() {
    return this.inPlace("log_", [], (s) => s.log());
  },
  sqrt_() {
    return this.inPlace("sqrt_", [], (s) => s.sqrt());
  },
  abs_() {
    return this.inPlace("abs_", [], (s) => s.abs());
  },
  sigmoid_() {
    return this.inPlace("sigmoid_", [], (s) => s.sigmoid());
  },
  tanh_() {
    return this.inPlace("tanh_", [], (s) => s.tanh());
  },
  relu_() {
    return this.inPlace("relu_", [], (s) => s.relu());
  },
  fill_(value) {
    return this.inPlace("fill_", [], (s) =>
      Tensor.apply("fill", Ix.fill(s.dtype, s.shape, value), [s]),
    );
  },
  zero_() {
    return this.fill_(0);
  },
  copy_(src) {
    S.checkTensor(src, "copy_");
    return this.inPlace("copy_", [src], (s) =>
      Tensor.apply("copy", Ix.copyFrom(src.value, s.shape, s.dtype), [s, src]),
    );
  },
  normal_(mean = 0, std = 1, opts = {}) {
    const g = opts.generator ?? defaultGenerator;
    const draw = () => mean + std * g.normal();
    return this.inPlace("normal_", [], (s) =>
      Tensor.apply("normal", Ix.sample(s.dtype, s.shape, draw), [s]),
    );
  },
  uniform_(from = 0, to = 1, opts = {}) {
    const g = opts.generator ?? defaultGenerator;
    const draw = () => from + (to - from) * g.random();
    return this.inPlace("uniform_", [], (s) =>
      Tensor.apply("uniform", Ix.sample(s.dtype, s.shape, draw), [s]),
    );
  },
};
