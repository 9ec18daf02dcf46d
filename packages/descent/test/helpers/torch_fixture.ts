import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { DType, Tensor } from "../../src/tensor/index.js";
import { fromTypedArray } from "../../src/tensor/index.js";
import { allocate } from "../../src/util/dtype.js";

/** Reading test/fixtures/torch/ops.json, written by scripts/golden/torch_ops.py. */

export type Num = number | boolean | "nan" | "inf" | "-inf";

/** A tensor as the fixture stores it: flat row-major values; dtype float32 when absent. */
export interface EncTensor {
  shape: number[];
  values: Num[];
  dtype?: DType;
}

export interface OpCase {
  name: string;
  op: string;
  args: Record<string, unknown>;
  inputs: EncTensor[];
  outs: EncTensor[];
  upstream?: Num[];
  grads?: (EncTensor | null)[];
  /** The name of PyTorch's grad_fn of outs[0] (as `AddBackward0`). */
  gradFn?: string;
}

export interface FormatCase {
  name: string;
  str: string;
  requires_grad: boolean;
  shape: number[];
  dtype?: DType;
  values?: Num[];
  arange?: { n: number; mul: number; add: number };
}

/** A fixture file of test/fixtures/torch by name. */
export function readOpsFixture(file: string): {
  torch: string;
  ops: OpCase[];
  format: FormatCase[];
} {
  return JSON.parse(readFileSync(new URL(`../fixtures/torch/${file}`, import.meta.url), "utf8"));
}

export const fixture = readOpsFixture("ops.json");

export function decode(v: Num): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

/** A descent tensor with the fixture's values, shape and dtype. */
export function toTensor(e: EncTensor, requiresGrad = false): Tensor {
  const dtype = e.dtype ?? "float32";
  const data = allocate(dtype, e.values.length);
  e.values.forEach((v, i) => (data[i] = decode(v)));
  return fromTypedArray(data, e.shape, { requiresGrad });
}

/** Relative and absolute tolerance of a comparison for each dtype (integers must be exact). */
export const TOL: Record<DType, { rtol: number; atol: number }> = {
  float32: { rtol: 1e-5, atol: 1e-6 },
  float64: { rtol: 1e-10, atol: 1e-12 },
  int32: { rtol: 0, atol: 0 },
  bool: { rtol: 0, atol: 0 },
};

/** Asserts that `actual` has the expected shape and dtype and values within the dtype's tolerance. */
export function assertTensorClose(actual: Tensor, expected: EncTensor, what: string): void {
  const dtype = expected.dtype ?? "float32";
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, dtype, `${what}: dtype`);
  const got = actual.toTypedArray();
  const { rtol, atol } = TOL[dtype];
  for (let i = 0; i < got.length; i++) {
    const e = decode(expected.values[i]);
    const a = got[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const ok = a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    assert.ok(ok, `${what}: element ${i} is ${a}, PyTorch gives ${e} (rtol ${rtol}, atol ${atol})`);
  }
}

/** How a test runs one op: from the case's input tensors and args to its output(s). */
export type OpRun = (xs: Tensor[], a: Record<string, unknown>) => Tensor | Tensor[];

const isFloatType = (d: DType | undefined) => d === undefined || d === "float32" || d === "float64";

/**
 * Runs one fixture row: forward, each output against PyTorch's, the grad_fn's name, then
 * backward from the stored upstream gradient and each input's gradient against PyTorch's.
 */
export function runCase(c: OpCase, run: OpRun | undefined): void {
  assert.ok(run, `no runner for op ${c.op}`);
  const xs = c.inputs.map((e) => toTensor(e, isFloatType(e.dtype)));
  const res = run(xs, c.args);
  const outs = Array.isArray(res) ? res : [res];
  assert.equal(outs.length, c.outs.length, "number of outputs");
  outs.forEach((o, i) => assertTensorClose(o, c.outs[i], `output ${i}`));
  if (!c.upstream) {
    assert.equal(outs[0].requiresGrad, false, "PyTorch's output does not require grad");
    return;
  }
  const out = outs[0];
  assert.equal(out.requiresGrad, true, "output requires grad");
  if (c.gradFn) assert.equal(out.gradFn?.name, c.gradFn, "grad_fn");
  const up = fromTypedArray(
    (out.dtype === "float64" ? Float64Array : Float32Array).from(c.upstream.map(decode)),
    out.shape,
  );
  out.backward(up);
  c.grads!.forEach((g, i) => {
    if (g === null) assert.equal(xs[i].grad, null, `input ${i} has no gradient`);
    else assertTensorClose(xs[i].grad!, g, `gradient of input ${i}`);
  });
}
