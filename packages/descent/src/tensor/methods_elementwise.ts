import * as K from "../backend/kernels/binary.js";
import * as A from "../autograd/ops/arithmetic.js";
import * as U from "../autograd/ops/unary.js";
import * as S from "./shapes.js";
import { Tensor, type Methods, operand } from "./core.js";

/**
 * Tensor's elementwise arithmetic and comparisons (over autograd/ops/arithmetic.ts and
 * unary.ts).
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /** this + alpha * other, broadcasting (`torch.add`). */
    add(o: Tensor | number, alpha?: number): Tensor;
    /** this - alpha * other, broadcasting (`torch.sub`). */
    sub(o: Tensor | number, alpha?: number): Tensor;
    /** this * other, elementwise with broadcasting (`torch.mul`). */
    mul(o: Tensor | number): Tensor;
    /** this / other, elementwise with broadcasting (`torch.div`). */
    div(o: Tensor | number): Tensor;
    /** this ** other, elementwise with broadcasting (`torch.pow`). */
    pow(o: Tensor | number): Tensor;
    /** other - this, for `1 - x` written as `x.rsub(1)`. */
    rsub(o: Tensor | number): Tensor;
    /** max(this, other), elementwise with broadcasting (`torch.maximum`). */
    maximum(o: Tensor): Tensor;
    /** min(this, other), elementwise with broadcasting (`torch.minimum`). */
    minimum(o: Tensor): Tensor;
    /** -this, elementwise (`torch.neg`). */
    neg(): Tensor;
    /** e^x, elementwise (`torch.exp`). */
    exp(): Tensor;
    /** ln(x), elementwise: -Infinity at 0, NaN below (`torch.log`). */
    log(): Tensor;
    /** sqrt(x), elementwise (`torch.sqrt`). */
    sqrt(): Tensor;
    /** |x|, elementwise (`torch.abs`). */
    abs(): Tensor;
    /** x^2, elementwise (`torch.square`). */
    square(): Tensor;
    /** 1 / (1 + e^-x), elementwise (`torch.sigmoid`). */
    sigmoid(): Tensor;
    /** tanh(x), elementwise (`torch.tanh`). */
    tanh(): Tensor;
    /** max(x, 0), elementwise (`torch.relu`). */
    relu(): Tensor;
    /** min(max(x, min), max), elementwise; either bound may be left out (`torch.clamp`). */
    clamp(min?: number | null, max?: number | null): Tensor;
    /** this AND other (non-zero, NaN included, is true), broadcasting, as bool (`torch.logical_and`). */
    logicalAnd(o: Tensor | number): Tensor;
    /** this OR other (non-zero, NaN included, is true), broadcasting, as bool (`torch.logical_or`). */
    logicalOr(o: Tensor | number): Tensor;
    /** this XOR other (non-zero, NaN included, is true), broadcasting, as bool (`torch.logical_xor`). */
    logicalXor(o: Tensor | number): Tensor;
    /** NOT this: true where this is zero, as bool (`torch.logical_not`). */
    logicalNot(): Tensor;
    /** this == other, elementwise with broadcasting, as a bool tensor (`torch.eq`). */
    eq(o: Tensor | number): Tensor;
    /** this != other, elementwise with broadcasting, as a bool tensor (`torch.ne`). */
    ne(o: Tensor | number): Tensor;
    /** this > other, elementwise with broadcasting, as a bool tensor (`torch.gt`). */
    gt(o: Tensor | number): Tensor;
    /** this >= other, elementwise with broadcasting, as a bool tensor (`torch.ge`). */
    ge(o: Tensor | number): Tensor;
    /** this < other, elementwise with broadcasting, as a bool tensor (`torch.lt`). */
    lt(o: Tensor | number): Tensor;
    /** this <= other, elementwise with broadcasting, as a bool tensor (`torch.le`). */
    le(o: Tensor | number): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const elementwiseMethods: Methods = {
  add(o, alpha = 1) {
    const b = alpha === 1 ? operand(this, o, "add") : operand(this, o, "add").mul(alpha);
    return Tensor.apply("AddBackward0", A.add(this.value, b.value), [this, b]);
  },
  sub(o, alpha = 1) {
    const b = alpha === 1 ? operand(this, o, "sub") : operand(this, o, "sub").mul(alpha);
    return Tensor.apply("SubBackward0", A.sub(this.value, b.value), [this, b]);
  },
  mul(o) {
    const b = operand(this, o, "mul");
    return Tensor.apply("MulBackward0", A.mul(this.value, b.value), [this, b]);
  },
  div(o) {
    const b = operand(this, o, "div");
    return Tensor.apply("DivBackward0", A.div(this.value, b.value), [this, b]);
  },
  pow(o) {
    return typeof o === "number"
      ? Tensor.apply("PowBackward0", U.powScalar(this.value, o), [this])
      : Tensor.apply("PowBackward1", A.pow(this.value, S.checkTensor(o, "pow").value), [this, o]);
  },
  rsub(o) {
    const a = operand(this, o, "rsub");
    return Tensor.apply("RsubBackward1", A.sub(a.value, this.value), [a, this]);
  },
  maximum(o) {
    return Tensor.apply("MaximumBackward0", A.extremum(this.value, o.value, true), [this, o]);
  },
  minimum(o) {
    return Tensor.apply("MinimumBackward0", A.extremum(this.value, o.value, false), [this, o]);
  },
  neg() {
    return Tensor.apply("NegBackward0", U.neg(this.value), [this]);
  },
  exp() {
    return Tensor.apply("ExpBackward0", U.exp(this.value), [this]);
  },
  log() {
    return Tensor.apply("LogBackward0", U.log(this.value), [this]);
  },
  sqrt() {
    return Tensor.apply("SqrtBackward0", U.sqrt(this.value), [this]);
  },
  abs() {
    return Tensor.apply("AbsBackward0", U.abs(this.value), [this]);
  },
  square() {
    return this.pow(2);
  },
  sigmoid() {
    return Tensor.apply("SigmoidBackward0", U.sigmoid(this.value), [this]);
  },
  tanh() {
    return Tensor.apply("TanhBackward0", U.tanh(this.value), [this]);
  },
  relu() {
    return Tensor.apply("ReluBackward0", U.relu(this.value), [this]);
  },
  clamp(min, max) {
    S.checkClamp(min, max);
    return Tensor.apply("ClampBackward1", U.clamp(this.value, min ?? -Infinity, max ?? Infinity), [
      this,
    ]);
  },
  logicalAnd(o) {
    return compare(this, o, K.AND, "logicalAnd");
  },
  logicalOr(o) {
    return compare(this, o, K.OR, "logicalOr");
  },
  logicalXor(o) {
    return compare(this, o, K.XOR, "logicalXor");
  },
  logicalNot() {
    return compare(this, 0, K.EQ, "logicalNot");
  },
  eq(o) {
    return compare(this, o, K.EQ, "eq");
  },
  ne(o) {
    return compare(this, o, K.NE, "ne");
  },
  gt(o) {
    return compare(this, o, K.GT, "gt");
  },
  ge(o) {
    return compare(this, o, K.GE, "ge");
  },
  lt(o) {
    return compare(this, o, K.LT, "lt");
  },
  le(o) {
    return compare(this, o, K.LE, "le");
  },
};

function compare(
  t: Tensor,
  o: Tensor | number,
  f: Parameters<typeof K.binary>[2],
  op: string,
): Tensor {
  const b = operand(t, o, op);
  S.checkBroadcast(t.value, b.value, op);
  return new Tensor(K.binary(t.value, b.value, f, "bool", op));
}
