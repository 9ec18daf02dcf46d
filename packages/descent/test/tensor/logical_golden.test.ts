import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import {
  F,
  fromTypedArray,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
} from "../../src/index.js";

/**
 * torch.logical_and / or / xor / not and F.one_hot against PyTorch 1.13
 * (test/fixtures/torch/logical.json, written by scripts/golden/torch_logical.py): values, shapes
 * and dtypes (PyTorch's int64 one-hot is int32 here), function and method alike, and one_hot's
 * errors saying what PyTorch's say.
 */

interface Enc {
  values: (number | boolean | string)[];
  shape: number[];
  dtype: string;
}
interface Case {
  name: string;
  op: string;
  numClasses?: number;
  inputs: Enc[];
  out: Enc;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/logical.json", import.meta.url), "utf8"),
) as { cases: Case[]; errors: Record<string, string> };

const DTYPES: Record<string, "float32" | "int32" | "bool"> = {
  float32: "float32",
  int32: "int32",
  int64: "int32",
  bool: "bool",
};
const num = (v: number | boolean | string): number =>
  typeof v === "string" ? Number(v.replace("inf", "Infinity")) : Number(v);

function toTensor(e: Enc): Tensor {
  const dtype = DTYPES[e.dtype];
  const data =
    dtype === "float32"
      ? Float32Array.from(e.values, num)
      : dtype === "int32"
        ? Int32Array.from(e.values, num)
        : Uint8Array.from(e.values, num);
  return fromTypedArray(data, e.shape);
}

const RUN: Record<string, (xs: Tensor[], c: Case) => Tensor> = {
  logicalAnd: ([a, b]) => check(a.logicalAnd(b), logicalAnd(a, b)),
  logicalOr: ([a, b]) => check(a.logicalOr(b), logicalOr(a, b)),
  logicalXor: ([a, b]) => check(a.logicalXor(b), logicalXor(a, b)),
  logicalNot: ([a]) => check(a.logicalNot(), logicalNot(a)),
  oneHot: ([a], c) => F.oneHot(a, c.numClasses),
};

function check(method: Tensor, fn: Tensor): Tensor {
  assert.deepEqual(fn.tolist(), method.tolist(), "function and method agree");
  return method;
}

for (const c of fixture.cases) {
  test(`${c.name} as PyTorch`, () => {
    const got = RUN[c.op](c.inputs.map(toTensor), c);
    assert.equal(got.dtype, DTYPES[c.out.dtype]);
    assert.deepEqual(got.shape, c.out.shape);
    assert.deepEqual(Array.from(got.toTypedArray(), Number), c.out.values.map(num));
  });
}

test("oneHot refuses what PyTorch refuses, with PyTorch's reason and the value", () => {
  const ints = (v: number[]) => fromTypedArray(Int32Array.from(v));
  assert.match(fixture.errors.negative, /Class values must be non-negative/);
  assert.throws(() => F.oneHot(ints([1, -1]), 3), /class values must be non-negative, got -1/);
  assert.match(fixture.errors["too large"], /Class values must be smaller than num_classes/);
  assert.throws(
    () => F.oneHot(ints([1, 3]), 3),
    /class values must be smaller than numClasses 3, got 3/,
  );
  assert.match(fixture.errors.float, /only applicable to index tensor/);
  assert.throws(
    () => F.oneHot(fromTypedArray(Float32Array.from([1, 0])), 3),
    /oneHot: labels must be an int32 tensor of class indices, got float32 of shape \[2\]/,
  );
  assert.throws(() => F.oneHot(ints([]), -1), /cannot infer numClasses from an empty tensor/);
});
