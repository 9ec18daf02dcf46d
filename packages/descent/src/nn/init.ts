import type { Tensor } from "../tensor/index.js";
import { defaultGenerator } from "../tensor/index.js";
import type { Generator } from "../util/random/generator.js";
import { erf, erfinv } from "../util/special.js";
import { orthogonalRows } from "./init_orthogonal.js";

/**
 * Initialisers, like `torch.nn.init`: each writes into the tensor's own storage (no graph is
 * recorded and no temporary the size of the tensor is made) and returns it. Random ones take a
 * seeded generator, positionally after PyTorch's arguments or in the options object
 * (`normal_(w, { std: 0.01, generator })`); the numbers are descent's stream, not PyTorch's.
 */

type Gen = { generator?: Generator };

/**
 * Writes t's elements in place with `write` (row-major order) through `Tensor.writeInPlace`:
 * straight into the storage when t is contiguous (a parameter: no temporary), else into a
 * contiguous copy scattered back through the view, so that a view's base changes as PyTorch's
 * does; the storage's version is bumped, as PyTorch's in-place initialisers bump it.
 */
function fillInPlace(
  t: Tensor,
  op: string,
  write: (d: Float32Array | Float64Array) => void,
): Tensor {
  if (t.dtype !== "float32" && t.dtype !== "float64")
    throw new TypeError(`${op}: expected a float tensor, got ${t.dtype}`);
  return t.writeInPlace((d) => write(d as Float32Array | Float64Array));
}

/** Fills with U(a, b). PyTorch: `nn.init.uniform_(tensor, a=0.0, b=1.0)`. */
export function uniform_(
  t: Tensor,
  a: number | ({ a?: number; b?: number } & Gen) = 0,
  b = 1,
  generator: Generator = defaultGenerator,
): Tensor {
  if (typeof a === "object") return uniform_(t, a.a ?? 0, a.b ?? 1, a.generator ?? generator);
  if (!(a <= b)) throw new RangeError(`uniform_: expected a <= b, got a = ${a}, b = ${b}`);
  return fillInPlace(t, "uniform_", (d) => {
    if (d instanceof Float32Array) {
      // r * (b - a) + a in float32 steps, each rounded (24-bit draws never reach 1)
      const w = Math.fround(b - a);
      const lo = Math.fround(a);
      for (let i = 0; i < d.length; i++) d[i] = Math.fround(generator.randomFloat32() * w) + lo;
    } else for (let i = 0; i < d.length; i++) d[i] = generator.random() * (b - a) + a;
  });
}

/** Fills with N(mean, std^2). PyTorch: `nn.init.normal_(tensor, mean=0.0, std=1.0)`. */
export function normal_(
  t: Tensor,
  mean: number | ({ mean?: number; std?: number } & Gen) = 0,
  std = 1,
  generator: Generator = defaultGenerator,
): Tensor {
  if (typeof mean === "object")
    return normal_(t, mean.mean ?? 0, mean.std ?? 1, mean.generator ?? generator);
  if (!(std >= 0)) throw new RangeError(`normal_: std must be >= 0, got ${std}`);
  return fillInPlace(t, "normal_", (d) => {
    if (d instanceof Float32Array) {
      const s = Math.fround(std);
      const m = Math.fround(mean);
      for (let i = 0; i < d.length; i++)
        d[i] = Math.fround(Math.fround(generator.normal()) * s) + m;
    } else for (let i = 0; i < d.length; i++) d[i] = generator.normal() * std + mean;
  });
}

/**
 * Fills with N(mean, std^2) truncated to [a, b], by inverting the normal CDF on a uniform draw
 * between CDF(a) and CDF(b), as PyTorch does. PyTorch:
 * `nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0)`.
 */
export function trunc_normal_(
  t: Tensor,
  mean: number | ({ mean?: number; std?: number; a?: number; b?: number } & Gen) = 0,
  std = 1,
  a = -2,
  b = 2,
  generator: Generator = defaultGenerator,
): Tensor {
  if (typeof mean === "object") {
    const o = mean;
    return trunc_normal_(t, o.mean ?? 0, o.std ?? 1, o.a ?? -2, o.b ?? 2, o.generator ?? generator);
  }
  if (!(std > 0)) throw new RangeError(`trunc_normal_: std must be > 0, got ${std}`);
  if (!(a < b)) throw new RangeError(`trunc_normal_: expected a < b, got a = ${a}, b = ${b}`);
  const cdf = (x: number) => (1 + erf((x - mean) / std / Math.SQRT2)) / 2;
  const lo = 2 * cdf(a) - 1;
  const hi = 2 * cdf(b) - 1;
  return fillInPlace(t, "trunc_normal_", (d) => {
    for (let i = 0; i < d.length; i++) {
      const v = mean + std * Math.SQRT2 * erfinv(lo + (hi - lo) * generator.random());
      d[i] = Math.min(Math.max(v, a), b);
      if (d[i] < a || d[i] > b) d[i] = v < a ? a : b; // float32 rounding past a bound
    }
  });
}

/** Fills with the value v. PyTorch: `nn.init.constant_(tensor, val)`. */
export function constant_(t: Tensor, v: number): Tensor {
  return fillInPlace(t, "constant_", (d) => d.fill(v));
}

/** Fills with 0. PyTorch: `nn.init.zeros_`. */
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);

/** Fills with 1. PyTorch: `nn.init.ones_`. */
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

/** A 2-D tensor becomes the identity (ones on the diagonal). PyTorch: `nn.init.eye_`. */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2)
    throw new RangeError(`eye_: only 2-D tensors are supported, got shape [${t.shape}]`);
  const [n, m] = t.shape;
  return fillInPlace(t, "eye_", (d) => {
    d.fill(0);
    for (let i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
  });
}

/** fan_in and fan_out of a weight [out, in, *kernel]. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new RangeError(
      `calculateFanInAndFanOut: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [${t.shape}])`,
    );
  }
  const receptive = t.shape.slice(2).reduce((p, d) => p * d, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/** The nonlinearities `calculateGain` knows, by PyTorch's names (and `leakyRelu`). */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "leakyRelu"
  | "selu";

/**
 * The recommended gain for a nonlinearity: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt(2) (relu),
 * sqrt(2 / (1 + slope^2)) (leaky_relu, slope default 0.01), 3/4 (selu).
 * PyTorch: `nn.init.calculate_gain(nonlinearity, param=None)`.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu":
    case "leakyRelu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || !Number.isFinite(slope))
        throw new TypeError(`calculateGain: negative_slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new RangeError(
        `calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)} (linear, conv1d, sigmoid, tanh, relu, leaky_relu, selu, ...)`,
      );
  }
}

/**
 * Options of `kaimingUniform_` / `kaimingNormal_`, as PyTorch's keywords (a = 0, mode "fanIn",
 * nonlinearity "leaky_relu").
 */
export interface KaimingOptions extends Gen {
  /** The negative slope of the rectifier after this layer (leaky_relu only; default 0). */
  a?: number;
  /** "fanIn" (default) keeps the forward pass's variance, "fanOut" the backward's. */
  mode?: "fanIn" | "fanOut" | "fan_in" | "fan_out";
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, o: KaimingOptions, op: string): number {
  const mode = o.mode ?? "fanIn";
  if (!["fanIn", "fanOut", "fan_in", "fan_out"].includes(mode))
    throw new RangeError(
      `${op}: mode ${JSON.stringify(mode)} not supported, use "fanIn" or "fanOut"`,
    );
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = mode === "fanIn" || mode === "fan_in" ? fanIn : fanOut;
  return calculateGain(o.nonlinearity ?? "leaky_relu", o.a ?? 0) / Math.sqrt(fan);
}

const kaimingOpts = (a: number | KaimingOptions, generator?: Generator): KaimingOptions =>
  typeof a === "object" ? a : { a, generator };

/**
 * He/Kaiming uniform: U(-bound, bound), bound = gain * sqrt(3 / fan), gain from `nonlinearity`
 * (default leaky_relu with slope a = 0: sqrt 2). With a = sqrt(5), as `nn.Linear` uses, the
 * bound is 1 / sqrt(fan_in). PyTorch:
 * `nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`.
 */
export function kaimingUniform_(
  t: Tensor,
  a: number | KaimingOptions = 0,
  generator?: Generator,
): Tensor {
  const o = kaimingOpts(a, generator);
  const bound = Math.sqrt(3) * kaimingStd(t, o, "kaimingUniform_");
  return uniform_(t, -bound, bound, o.generator ?? defaultGenerator);
}

/**
 * He/Kaiming normal: N(0, std^2), std = gain / sqrt(fan). PyTorch:
 * `nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`.
 */
export function kaimingNormal_(
  t: Tensor,
  a: number | KaimingOptions = 0,
  generator?: Generator,
): Tensor {
  const o = kaimingOpts(a, generator);
  return normal_(t, 0, kaimingStd(t, o, "kaimingNormal_"), o.generator ?? defaultGenerator);
}

const gainOpts = (g: number | ({ gain?: number } & Gen), generator?: Generator) =>
  typeof g === "object"
    ? { gain: g.gain ?? 1, generator: g.generator ?? defaultGenerator }
    : { gain: g, generator: generator ?? defaultGenerator };

/**
 * Glorot/Xavier uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)).
 * PyTorch: `nn.init.xavier_uniform_(tensor, gain=1.0)`.
 */
export function xavierUniform_(
  t: Tensor,
  gain: number | ({ gain?: number } & Gen) = 1,
  generator?: Generator,
): Tensor {
  const o = gainOpts(gain, generator);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const b = o.gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -b, b, o.generator);
}

/**
 * Glorot/Xavier normal: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)).
 * PyTorch: `nn.init.xavier_normal_(tensor, gain=1.0)`.
 */
export function xavierNormal_(
  t: Tensor,
  gain: number | ({ gain?: number } & Gen) = 1,
  generator?: Generator,
): Tensor {
  const o = gainOpts(gain, generator);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, o.gain * Math.sqrt(2 / (fanIn + fanOut)), o.generator);
}

/**
 * A (semi-)orthogonal matrix: the tensor viewed as [rows, cols] (rows = first dim) gets
 * orthonormal rows (rows <= cols) or columns, from the QR decomposition of a normal draw with
 * the signs fixed as PyTorch's, times `gain`. PyTorch: `nn.init.orthogonal_(tensor, gain=1)`.
 */
export function orthogonal_(
  t: Tensor,
  gain: number | ({ gain?: number } & Gen) = 1,
  generator?: Generator,
): Tensor {
  if (t.ndim < 2)
    throw new RangeError(
      `orthogonal_: only tensors with 2 or more dimensions are supported, got shape [${t.shape}]`,
    );
  const o = gainOpts(gain, generator);
  const rows = t.shape[0];
  const cols = t.numel() / rows;
  const q = orthogonalRows(rows, cols, () => o.generator.normal());
  return fillInPlace(t, "orthogonal_", (d) => {
    for (let i = 0; i < d.length; i++) d[i] = q[i] * o.gain;
  });
}
