import type { Tensor } from "./tensor.js";

/**
 * The torch namespace's elementwise functions (`torch.sin(x)` is `sin(x)`): each calls the
 * Tensor method of the same name, where its formula and gradient are documented.
 */

/** torch.sin: see `Tensor.sin`. */
export const sin = (x: Tensor): Tensor => x.sin();

/** torch.cos: see `Tensor.cos`. */
export const cos = (x: Tensor): Tensor => x.cos();

/** torch.tan: see `Tensor.tan`. */
export const tan = (x: Tensor): Tensor => x.tan();

/** torch.asin: see `Tensor.asin`. */
export const asin = (x: Tensor): Tensor => x.asin();

/** torch.acos: see `Tensor.acos`. */
export const acos = (x: Tensor): Tensor => x.acos();

/** torch.atan: see `Tensor.atan`. */
export const atan = (x: Tensor): Tensor => x.atan();

/** torch.sinh: see `Tensor.sinh`. */
export const sinh = (x: Tensor): Tensor => x.sinh();

/** torch.cosh: see `Tensor.cosh`. */
export const cosh = (x: Tensor): Tensor => x.cosh();

/** torch.log2: see `Tensor.log2`. */
export const log2 = (x: Tensor): Tensor => x.log2();

/** torch.log10: see `Tensor.log10`. */
export const log10 = (x: Tensor): Tensor => x.log10();

/** torch.log1p: see `Tensor.log1p`. */
export const log1p = (x: Tensor): Tensor => x.log1p();

/** torch.expm1: see `Tensor.expm1`. */
export const expm1 = (x: Tensor): Tensor => x.expm1();

/** torch.reciprocal: see `Tensor.reciprocal`. */
export const reciprocal = (x: Tensor): Tensor => x.reciprocal();

/** torch.rsqrt: see `Tensor.rsqrt`. */
export const rsqrt = (x: Tensor): Tensor => x.rsqrt();

/** torch.erf: see `Tensor.erf`. */
export const erf = (x: Tensor): Tensor => x.erf();

/** torch.frac: see `Tensor.frac`. */
export const frac = (x: Tensor): Tensor => x.frac();

/** torch.sign: see `Tensor.sign`. */
export const sign = (x: Tensor): Tensor => x.sign();

/** torch.floor: see `Tensor.floor`. */
export const floor = (x: Tensor): Tensor => x.floor();

/** torch.ceil: see `Tensor.ceil`. */
export const ceil = (x: Tensor): Tensor => x.ceil();

/** torch.round: see `Tensor.round`. */
export const round = (x: Tensor, decimals?: number): Tensor => x.round(decimals);

/** torch.trunc: see `Tensor.trunc`. */
export const trunc = (x: Tensor): Tensor => x.trunc();

/** torch.square: see `Tensor.square`. */
export const square = (x: Tensor): Tensor => x.square();

/** torch.neg: see `Tensor.neg`. */
export const neg = (x: Tensor): Tensor => x.neg();

/** torch.abs: see `Tensor.abs`. */
export const abs = (x: Tensor): Tensor => x.abs();

/** torch.sqrt: see `Tensor.sqrt`. */
export const sqrt = (x: Tensor): Tensor => x.sqrt();

/** torch.atan2(input, other): the angle of (other, input). */
export const atan2 = (input: Tensor, other: Tensor): Tensor => input.atan2(other);
/** torch.fmod: input - trunc(input / other) * other. */
export const fmod = (input: Tensor, other: Tensor | number): Tensor => input.fmod(other);
/** torch.remainder: input - floor(input / other) * other. */
export const remainder = (input: Tensor, other: Tensor | number): Tensor => input.remainder(other);
/** torch.lerp: start + weight * (end - start). */
export const lerp = (start: Tensor, end: Tensor, weight: Tensor | number): Tensor =>
  start.lerp(end, weight);
/** torch.maximum: elementwise max of two broadcast tensors (NaN wins). */
export const maximum = (a: Tensor, b: Tensor): Tensor => a.maximum(b);
/** torch.minimum: elementwise min of two broadcast tensors (NaN wins). */
export const minimum = (a: Tensor, b: Tensor): Tensor => a.minimum(b);

/** torch.logical_and: see `Tensor.logicalAnd`. */
export const logicalAnd = (a: Tensor, b: Tensor | number): Tensor => a.logicalAnd(b);
/** torch.logical_or: see `Tensor.logicalOr`. */
export const logicalOr = (a: Tensor, b: Tensor | number): Tensor => a.logicalOr(b);
/** torch.logical_xor: see `Tensor.logicalXor`. */
export const logicalXor = (a: Tensor, b: Tensor | number): Tensor => a.logicalXor(b);
/** torch.logical_not: see `Tensor.logicalNot`. */
export const logicalNot = (x: Tensor): Tensor => x.logicalNot();
