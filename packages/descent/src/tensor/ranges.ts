import { NDArray } from "../backend/ndarray.js";
import type { DType } from "../util/dtype.js";
import { checkDType } from "../util/dtype.js";
import { Tensor } from "./tensor.js";
import { fillRuns, fma, linspaceInto } from "../backend/kernels/range.js";

/**
 * arange, linspace and logspace, computed as PyTorch 1.13's CPU kernels compute them (so the
 * float32 values agree bit for bit with an AVX2 build, and within an ulp or two elsewhere):
 * in runs of 16, each run split into two vectors of 8 (4 for float64) whose first value is
 * computed from the run's index and the rest by adding multiples of the step; the tail one by one.
 */

export interface RangeOptions {
  /** Element type; see each function for its default. */
  dtype?: DType;
  requiresGrad?: boolean;
}

function make(
  dtype: DType,
  n: number,
  op: string,
  fill: (a: NDArray) => void,
  opts: RangeOptions,
): Tensor {
  const a = NDArray.empty(checkDType(dtype, op), [n], op);
  fill(a);
  return new Tensor(a, opts.requiresGrad ?? false);
}

/**
 * Values from start to end (exclusive) by step: start + i * step for i < ceil((end - start) / step).
 * `arange(5)` is [0, 1, 2, 3, 4]; `arange(0, 1, 0.1)` has 10 values. int32 when all arguments are
 * integers (PyTorch gives int64), float32 otherwise. PyTorch: `torch.arange(start, end, step)`.
 */
export function arange(start: number, end?: number, step?: number, opts?: RangeOptions): Tensor;
/** `arange(12, { dtype: "float32" })`: options after fewer numbers, as `torch.arange(12, dtype=...)`. */
export function arange(end: number, opts: RangeOptions): Tensor;
export function arange(start: number, end: number, opts: RangeOptions): Tensor;
export function arange(
  start: number,
  endOrOpts?: number | RangeOptions,
  stepOrOpts: number | RangeOptions = 1,
  opts: RangeOptions = {},
): Tensor {
  // The options object may come right after the numbers given (PyTorch's dtype= keyword).
  let end: number | undefined;
  let step = 1;
  if (typeof endOrOpts === "object" && endOrOpts !== null) [end, opts] = [undefined, endOrOpts];
  else if (typeof stepOrOpts === "object" && stepOrOpts !== null)
    [end, opts] = [endOrOpts, stepOrOpts];
  else [end, step] = [endOrOpts, stepOrOpts];
  if (end === undefined) [start, end] = [0, start];
  for (const [k, v] of [
    ["start", start],
    ["end", end],
    ["step", step],
  ] as const)
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new RangeError(`arange: ${k} must be a finite number, got ${String(v)}`);
  if (step === 0) throw new RangeError("arange: step must be nonzero");
  if ((end - start) / step < 0)
    throw new RangeError(
      `arange: upper bound and step are inconsistent (start ${start}, end ${end}, step ${step}); the step must point from start to end`,
    );
  const n = Math.ceil((end - start) / step);
  const allInt = [start, end, step].every(Number.isInteger);
  const dtype = opts.dtype ?? (allInt ? "int32" : "float32");
  return make(
    dtype,
    n,
    "arange",
    (a) => {
      const d = a.data as Float32Array;
      // Computed in double, the vector's first value rounded to the dtype before the others are added.
      if (dtype === "float32")
        fillRuns(
          d,
          8,
          (i) => Math.fround(fma(step, i, start)),
          (b, k) => fma(k, step, b),
        );
      else
        fillRuns(
          d,
          4,
          (i) => fma(step, i, start),
          (b, k) => fma(k, step, b),
        );
    },
    opts,
  );
}

function checkSteps(steps: number, op: string): void {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`${op}: steps must be a non-negative integer, got ${steps}`);
}

/**
 * `steps` evenly spaced values from start to end inclusive: start + i * (end - start) / (steps - 1),
 * the first half stepped up from start and the second half down from end, in the dtype's own
 * precision (float32 by default), as PyTorch. PyTorch: `torch.linspace(start, end, steps)`.
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  opts: RangeOptions = {},
): Tensor {
  checkSteps(steps, "linspace");
  const dtype = opts.dtype ?? "float32";
  return make(dtype, steps, "linspace", (a) => linspaceInto(a, start, end, steps), opts);
}

/**
 * `steps` values base^x for x evenly spaced from start to end inclusive (base 10 by default):
 * the exponents as linspace's in double from float32 ends, the powers rounded to the dtype.
 * PyTorch: `torch.logspace(start, end, steps, base)`.
 */
export function logspace(
  start: number,
  end: number,
  steps: number,
  base = 10,
  opts: RangeOptions = {},
): Tensor {
  checkSteps(steps, "logspace");
  const dtype = opts.dtype ?? "float32";
  return make(
    dtype,
    steps,
    "logspace",
    (a) => {
      const r = dtype === "float32" ? Math.fround : (v: number) => v;
      const s = r(start);
      const e = r(end);
      const step = steps > 1 ? r(e - s) / (steps - 1) : 0;
      const half = Math.floor(steps / 2);
      for (let i = 0; i < steps; i++)
        a.data[i] = Math.pow(base, i < half ? s + step * i : e - step * (steps - i - 1));
    },
    opts,
  );
}
