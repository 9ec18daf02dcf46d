import { NDArray } from "../backend/ndarray.js";
import { expandTo } from "../backend/kernels/binary.js";
import type { Generator } from "../util/random/generator.js";
import { defaultGenerator } from "../util/random/generator.js";
import { broadcastShapes, checkShape, fmtShape } from "../util/shape.js";
import { isFloat } from "../util/dtype.js";
import type { RandomOptions } from "./args.js";
import { dtypeOf, make, shapeArg, splitArgs } from "./args.js";
import type { Tensor } from "./tensor.js";

/**
 * Random creation functions. Every one draws from `opts.generator` or the default generator
 * (`manualSeed`), so a seed gives the same values in Node and the browser; the streams are
 * descent's own, not PyTorch's.
 */

type ShapeArgs = (number | readonly number[] | RandomOptions)[];

const gen = (opts: RandomOptions): Generator => opts.generator ?? defaultGenerator;

function checkFloat(dtype: string, op: string): void {
  if (dtype !== "float32" && dtype !== "float64")
    throw new TypeError(
      `${op}: expected a floating point dtype (float32 or float64), got ${dtype}`,
    );
}

/** Fills a new array of `shape` with draw(); float32 by default. */
function fill(
  shape: number[],
  opts: RandomOptions,
  op: string,
  draw: (g: Generator, f32: boolean) => number,
): Tensor {
  const dtype = dtypeOf(opts, "float32", op);
  checkFloat(dtype, op);
  const a = NDArray.empty(dtype, shape, op);
  const g = gen(opts);
  const f32 = dtype === "float32";
  for (let i = 0; i < a.size; i++) a.data[i] = draw(g, f32);
  return make(a, opts);
}

// float32 draws use 24 bits: a double in [0, 1) could round up to exactly 1 in float32.
const uniform = (g: Generator, f32: boolean) => (f32 ? g.randomFloat32() : g.random());

/** Uniform samples in [0, 1) of a shape given as numbers or an array: `rand(2, 3)`. PyTorch: `torch.rand`. */
export function rand(...args: ShapeArgs): Tensor {
  const [shape, opts] = splitArgs(args, "rand");
  return fill(shape, opts, "rand", uniform);
}

/** Standard normal samples of a shape given as numbers or an array: `randn(5, 3)`. PyTorch: `torch.randn`. */
export function randn(...args: ShapeArgs): Tensor {
  const [shape, opts] = splitArgs(args, "randn");
  return fill(shape, opts, "randn", (g) => g.normal());
}

/** `rand` in t's shape and dtype. PyTorch: `torch.rand_like`. */
export const randLike = (t: Tensor, opts: RandomOptions = {}): Tensor =>
  rand(t.shape, { dtype: t.dtype, ...opts });

/** `randn` in t's shape and dtype. PyTorch: `torch.randn_like`. */
export const randnLike = (t: Tensor, opts: RandomOptions = {}): Tensor =>
  randn(t.shape, { dtype: t.dtype, ...opts });

/**
 * Uniform integers in [low, high) of `size`: `randint(0, 10, [3])`, or `randint(10, [3])` with
 * low 0. int32 (PyTorch gives int64). PyTorch: `torch.randint(low, high, size)`.
 */
export function randint(
  low: number,
  high: number | readonly number[],
  size?: number | readonly number[] | RandomOptions,
  opts: RandomOptions = {},
): Tensor {
  if (Array.isArray(high)) return randint(0, low, high, (size as RandomOptions | undefined) ?? {});
  if (size === undefined || (typeof size === "object" && !Array.isArray(size)))
    throw new TypeError(`randint: a size is required, as randint(${low}, ${String(high)}, [2, 3])`);
  const shape = shapeArg([size as number | readonly number[]], "randint");
  for (const [k, v] of [
    ["low", low],
    ["high", high],
  ] as const)
    if (!Number.isInteger(v))
      throw new TypeError(`randint: ${k} must be an integer, got ${String(v)}`);
  const hi = high as number;
  if (hi <= low) throw new RangeError(`randint: low (${low}) must be less than high (${hi})`);
  const a = NDArray.empty(dtypeOf(opts, "int32", "randint"), shape, "randint");
  const g = gen(opts);
  for (let i = 0; i < a.size; i++) a.data[i] = g.integer(low, hi);
  return make(a, opts);
}

/** `randint(low, high)` in t's shape and dtype; `randintLike(t, high)` takes low 0. PyTorch: `torch.randint_like`. */
export function randintLike(
  t: Tensor,
  low: number,
  high?: number,
  opts: RandomOptions = {},
): Tensor {
  if (high === undefined) [low, high] = [0, low];
  return randint(low, high, t.shape, { dtype: t.dtype, ...opts });
}

/** A random permutation of 0..n-1 (int32), by Fisher-Yates. PyTorch: `torch.randperm`. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const g = gen(opts);
  const a = NDArray.empty(
    dtypeOf(opts, "int32", "randperm"),
    checkShape([n], "randperm"),
    "randperm",
  );
  for (let i = 0; i < n; i++) a.data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    const t = a.data[i];
    a.data[i] = a.data[j];
    a.data[j] = t;
  }
  return make(a, opts);
}

/**
 * 1 with probability p, else 0, for each probability p in `input` (values in [0, 1]); the result
 * has input's shape and dtype. PyTorch: `torch.bernoulli(input)`.
 */
export function bernoulli(input: Tensor, opts: RandomOptions = {}): Tensor {
  if (!isFloat(input.dtype))
    throw new TypeError(`bernoulli: expected a float tensor of probabilities, got ${input.dtype}`);
  const p = input.value.data;
  for (let i = 0; i < p.length; i++)
    if (!(p[i] >= 0 && p[i] <= 1))
      throw new RangeError(
        `bernoulli: probabilities must be in [0, 1], got ${p[i]} at index ${i} (shape ${fmtShape(input.shape)})`,
      );
  const g = gen(opts);
  const a = NDArray.empty(opts.dtype ?? input.dtype, input.shape);
  for (let i = 0; i < p.length; i++) a.data[i] = g.random() < p[i] ? 1 : 0;
  return make(a, opts);
}

/**
 * `numSamples` category indices drawn for each row of `input` (1-D [C] or 2-D [N, C] of
 * non-negative weights, not necessarily summing to 1): with `replacement` independently, without
 * it each index at most once. int32 [numSamples] or [N, numSamples]. PyTorch: `torch.multinomial`.
 */
export function multinomial(
  input: Tensor,
  numSamples: number,
  replacement = false,
  opts: RandomOptions = {},
): Tensor {
  const op = "multinomial";
  if (input.ndim !== 1 && input.ndim !== 2)
    throw new RangeError(
      `${op}: input must be 1-D [C] or 2-D [N, C] weights, got shape ${fmtShape(input.shape)}`,
    );
  const c = input.shape[input.ndim - 1];
  const rows = input.ndim === 2 ? input.shape[0] : 1;
  if (!Number.isInteger(numSamples) || numSamples <= 0)
    throw new RangeError(`${op}: numSamples must be a positive integer, got ${numSamples}`);
  if (!replacement && numSamples > c)
    throw new RangeError(
      `${op}: cannot draw ${numSamples} samples from ${c} categories without replacement; pass replacement = true or draw at most ${c}`,
    );
  const w = input.value.data;
  const g = gen(opts);
  const out = NDArray.empty(
    dtypeOf(opts, "int32", op),
    input.ndim === 2 ? [rows, numSamples] : [numSamples],
  );
  for (let r = 0; r < rows; r++) {
    const p = Array.from(w.subarray(r * c, (r + 1) * c));
    let total = 0;
    p.forEach((v, j) => {
      if (!(v >= 0) || !Number.isFinite(v))
        throw new RangeError(
          `${op}: weights must be finite and non-negative, got ${v} at [${input.ndim === 2 ? `${r}, ` : ""}${j}]`,
        );
      total += v;
    });
    for (let s = 0; s < numSamples; s++) {
      if (!(total > 0))
        throw new RangeError(
          `${op}: row ${r} has no positive weight left to draw sample ${s} from (weights sum to 0)`,
        );
      let u = g.random() * total;
      let j = 0;
      while (j < c - 1 && (u >= p[j] || p[j] === 0)) u -= p[j++];
      while (p[j] === 0) j--; // rounding at the top end: the last category with weight
      out.data[r * numSamples + s] = j;
      if (!replacement) {
        total -= p[j];
        p[j] = 0;
      }
    }
  }
  return make(out, opts);
}

/**
 * Normal samples with the given means and standard deviations, broadcast together (tensors or
 * numbers; with two numbers a `size` is needed): `normal(zeros(3), 2)`, `normal(0, 1, [2, 2])`.
 * PyTorch: `torch.normal(mean, std, size)`.
 */
export function normal(
  mean: Tensor | number,
  std: Tensor | number,
  size?: number | readonly number[],
  opts: RandomOptions = {},
): Tensor {
  const op = "normal";
  const shapeOf = (v: Tensor | number) => (typeof v === "number" ? [] : v.shape);
  let shape = broadcastShapes(shapeOf(mean), shapeOf(std), op);
  if (size !== undefined) {
    if (typeof mean !== "number" || typeof std !== "number")
      throw new TypeError(
        `${op}: a size is only taken with a number mean and std (tensors give the shape)`,
      );
    shape = shapeArg([size], op);
  } else if (typeof mean === "number" && typeof std === "number")
    throw new TypeError(
      `${op}: with a number mean and std, pass a size: normal(${mean}, ${std}, [2, 3])`,
    );
  const dtype =
    opts.dtype ?? [mean, std].find((v): v is Tensor => typeof v !== "number")?.dtype ?? "float32";
  checkFloat(dtype, op);
  const values = (v: Tensor | number) =>
    typeof v === "number" ? null : expandTo(v.value, shape, op).data;
  const m = values(mean);
  const s = values(std);
  const a = NDArray.empty(dtype, shape, op);
  const g = gen(opts);
  for (let i = 0; i < a.size; i++) {
    const sd = s ? s[i] : (std as number);
    if (!(sd >= 0))
      throw new RangeError(`${op}: std must be >= 0, got ${sd}${s ? ` at index ${i}` : ""}`);
    a.data[i] = (m ? m[i] : (mean as number)) + sd * g.normal();
  }
  return make(a, opts);
}
