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

export const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/ops.json", import.meta.url), "utf8"),
) as { torch: string; ops: OpCase[]; format: FormatCase[] };

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
