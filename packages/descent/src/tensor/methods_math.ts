import * as MU from "../autograd/ops/math_unary.js";
import { UNARY_MATH, type UnaryMathName } from "../autograd/ops/math_unary.js";
import * as MB from "../autograd/ops/math_binary.js";
import type { BinaryMathName } from "../autograd/ops/math_binary.js";
import { scalarFor } from "./scalar.js";
import * as S from "./shapes.js";
import * as RoundF from "./round_forms.js";
import { Tensor, type Methods, operand } from "./core.js";

/**
 * Tensor's elementwise math functions (one line each over autograd/ops/math_*.ts).
 * Declared on Tensor by declaration merging; ./tensor.ts installs them on its prototype.
 */
declare module "./core.js" {
  interface Tensor {
    /** sin x (radians). PyTorch: `Tensor.sin`. */
    sin(): Tensor;
    /** cos x. PyTorch: `Tensor.cos`. */
    cos(): Tensor;
    /** tan x. PyTorch: `Tensor.tan`. */
    tan(): Tensor;
    /** arcsin x, NaN outside [-1, 1]. PyTorch: `Tensor.asin`. */
    asin(): Tensor;
    /** arccos x, NaN outside [-1, 1]. PyTorch: `Tensor.acos`. */
    acos(): Tensor;
    /** arctan x. PyTorch: `Tensor.atan`. */
    atan(): Tensor;
    /** sinh x = (e^x - e^-x) / 2. PyTorch: `Tensor.sinh`. */
    sinh(): Tensor;
    /** cosh x = (e^x + e^-x) / 2. PyTorch: `Tensor.cosh`. */
    cosh(): Tensor;
    /** log base 2. PyTorch: `Tensor.log2`. */
    log2(): Tensor;
    /** log base 10. PyTorch: `Tensor.log10`. */
    log10(): Tensor;
    /** ln(1 + x), accurate for small x. PyTorch: `Tensor.log1p`. */
    log1p(): Tensor;
    /** e^x - 1, accurate for small x. PyTorch: `Tensor.expm1`. */
    expm1(): Tensor;
    /** 1 / x. PyTorch: `Tensor.reciprocal`. */
    reciprocal(): Tensor;
    /** 1 / sqrt(x). PyTorch: `Tensor.rsqrt`. */
    rsqrt(): Tensor;
    /** The error function 2/sqrt(pi) * integral_0^x e^(-t^2) dt. PyTorch: `Tensor.erf`. */
    erf(): Tensor;
    /** x - trunc(x), with x's sign. PyTorch: `Tensor.frac`. */
    frac(): Tensor;
    /** -1, 0 or 1 by the sign of x (gradient 0). PyTorch: `Tensor.sign`. */
    sign(): Tensor;
    /** Largest integer <= x (gradient 0). PyTorch: `Tensor.floor`. */
    floor(): Tensor;
    /** Smallest integer >= x (gradient 0). PyTorch: `Tensor.ceil`. */
    ceil(): Tensor;
    /**
     * Nearest integer, halves to even (0.5 -> 0, 1.5 -> 2; gradient 0); with `decimals`, to that
     * many decimal places (negative: to tens, hundreds, ...), as PyTorch computes it in x's dtype.
     * PyTorch: `Tensor.round(decimals=0)`.
     */
    round(decimals?: number): Tensor;
    /** x without its fractional part, toward 0 (gradient 0). PyTorch: `Tensor.trunc`. */
    trunc(): Tensor;
    /** atan2(this, other): the angle of the point (other, this) in (-pi, pi]. PyTorch: `Tensor.atan2`. */
    atan2(other: Tensor): Tensor;
    /** C's fmod: this - trunc(this / other) * other, with this's sign. PyTorch: `Tensor.fmod`. */
    fmod(other: Tensor | number): Tensor;
    /** Python's %: this - floor(this / other) * other, with other's sign. PyTorch: `Tensor.remainder`. */
    remainder(other: Tensor | number): Tensor;
    /** this + weight * (end - this), broadcast. PyTorch: `Tensor.lerp`. */
    lerp(end: Tensor, weight: Tensor | number): Tensor;
  }
}

/** The methods declared above, which ./tensor.ts installs on Tensor's prototype. */
export const mathMethods: Methods = {
  sin() {
    return unaryMath(this, "sin");
  },
  cos() {
    return unaryMath(this, "cos");
  },
  tan() {
    return unaryMath(this, "tan");
  },
  asin() {
    return unaryMath(this, "asin");
  },
  acos() {
    return unaryMath(this, "acos");
  },
  atan() {
    return unaryMath(this, "atan");
  },
  sinh() {
    return unaryMath(this, "sinh");
  },
  cosh() {
    return unaryMath(this, "cosh");
  },
  log2() {
    return unaryMath(this, "log2");
  },
  log10() {
    return unaryMath(this, "log10");
  },
  log1p() {
    return unaryMath(this, "log1p");
  },
  expm1() {
    return unaryMath(this, "expm1");
  },
  reciprocal() {
    return unaryMath(this, "reciprocal");
  },
  rsqrt() {
    return unaryMath(this, "rsqrt");
  },
  erf() {
    return unaryMath(this, "erf");
  },
  frac() {
    return unaryMath(this, "frac");
  },
  sign() {
    return unaryMath(this, "sign");
  },
  floor() {
    return unaryMath(this, "floor");
  },
  ceil() {
    return unaryMath(this, "ceil");
  },
  round(decimals) {
    if (decimals === undefined) return unaryMath(this, "round");
    return Tensor.apply("RoundBackward1", RoundF.round(this.value, decimals), [this]);
  },
  trunc() {
    return unaryMath(this, "trunc");
  },
  atan2(other) {
    return binaryMath(this, S.checkTensor(other, "atan2"), "atan2", "Atan2Backward0");
  },
  fmod(other) {
    return binaryMath(
      this,
      operand(this, other, "fmod"),
      "fmod",
      "FmodBackward" + (typeof other === "number" ? "0" : "1"),
    );
  },
  remainder(other) {
    return binaryMath(
      this,
      operand(this, other, "remainder"),
      "remainder",
      "RemainderBackward" + (typeof other === "number" ? "0" : "1"),
    );
  },
  lerp(end, weight) {
    const w =
      typeof weight === "number"
        ? new Tensor(scalarFor(this.dtype, weight))
        : S.checkTensor(weight, "lerp");
    S.checkTensor(end, "lerp");
    const name = typeof weight === "number" ? "LerpBackward0" : "LerpBackward1";
    return Tensor.apply(name, MB.lerp(this.value, end.value, w.value), [this, end, w]);
  },
};

function unaryMath(t: Tensor, name: UnaryMathName): Tensor {
  return Tensor.apply(UNARY_MATH[name].node, MU.unaryMath(t.value, name), [t]);
}

function binaryMath(t: Tensor, o: Tensor, name: BinaryMathName, node: string): Tensor {
  return Tensor.apply(node, MB.binaryMath(t.value, o.value, name), [t, o]);
}
