import { test } from "node:test";
import assert from "node:assert/strict";

import type { DType, Tensor } from "../../src/tensor/index.js";
import { cat, fromTypedArray, stack, where } from "../../src/tensor/index.js";
import { listBackends } from "../../src/backend/registry.js";
import { onBackend } from "../helpers/backend.js";
import { fixture, runCase } from "../helpers/torch_fixture.js";
import type { OpRun } from "../helpers/torch_fixture.js";

/**
 * Every op against PyTorch 1.13: one row of test/fixtures/torch/ops.json per case (written by
 * scripts/golden/torch_ops.py). Each row runs forward, compares the outputs, feeds the stored
 * upstream gradient to backward and compares each input's gradient.
 */

type Args = Record<string, unknown>;
type Run = OpRun;

const num = (a: Args, k: string) => a[k] as number;
const opt = <T>(a: Args, k: string) => a[k] as T | undefined;
/** The second operand: a number from args.other, or the second input. */
const other = (xs: Tensor[], a: Args): Tensor | number => (a.other as number) ?? xs[1];

const OPS: Record<string, Run> = {
  add: (xs, a) => xs[0].add(other(xs, a), opt(a, "alpha")),
  sub: (xs, a) => xs[0].sub(other(xs, a), opt(a, "alpha")),
  mul: (xs, a) => xs[0].mul(other(xs, a)),
  div: (xs, a) => xs[0].div(other(xs, a)),
  pow: (xs, a) => xs[0].pow(other(xs, a)),
  rsub: (xs, a) => xs[0].rsub(other(xs, a)),
  maximum: (xs) => xs[0].maximum(xs[1]),
  minimum: (xs) => xs[0].minimum(xs[1]),
  neg: (xs) => xs[0].neg(),
  exp: (xs) => xs[0].exp(),
  log: (xs) => xs[0].log(),
  sqrt: (xs) => xs[0].sqrt(),
  abs: (xs) => xs[0].abs(),
  sigmoid: (xs) => xs[0].sigmoid(),
  tanh: (xs) => xs[0].tanh(),
  relu: (xs) => xs[0].relu(),
  clamp: (xs, a) => xs[0].clamp(opt(a, "min"), opt(a, "max")),
  matmul: (xs) => xs[0].matmul(xs[1]),
  mm: (xs) => xs[0].mm(xs[1]),
  sum: (xs, a) => xs[0].sum(opt(a, "dim"), opt(a, "keepdim")),
  mean: (xs, a) => xs[0].mean(opt(a, "dim"), opt(a, "keepdim")),
  max: (xs, a) => (a.dim === undefined ? xs[0].max() : xs[0].max(num(a, "dim"), opt(a, "keepdim"))),
  min: (xs, a) => (a.dim === undefined ? xs[0].min() : xs[0].min(num(a, "dim"), opt(a, "keepdim"))),
  argmax: (xs, a) => xs[0].argmax(opt(a, "dim"), opt(a, "keepdim")),
  argmin: (xs, a) => xs[0].argmin(opt(a, "dim"), opt(a, "keepdim")),
  softmax: (xs, a) => xs[0].softmax(num(a, "dim")),
  logSoftmax: (xs, a) => xs[0].logSoftmax(num(a, "dim")),
  reshape: (xs, a) => xs[0].reshape(a.shape as number[]),
  view: (xs, a) => xs[0].view(a.shape as number[]),
  flatten: (xs, a) => xs[0].flatten(opt(a, "start"), opt(a, "end")),
  squeeze: (xs, a) => xs[0].squeeze(opt(a, "dim")),
  unsqueeze: (xs, a) => xs[0].unsqueeze(num(a, "dim")),
  transpose: (xs, a) => xs[0].transpose(num(a, "dim0"), num(a, "dim1")),
  t: (xs) => xs[0].t(),
  permute: (xs, a) => xs[0].permute(a.dims as number[]),
  expand: (xs, a) => xs[0].expand(a.shape as number[]),
  cat: (xs, a) => cat(xs, num(a, "dim")),
  stack: (xs, a) => stack(xs, num(a, "dim")),
  narrow: (xs, a) => xs[0].narrow(num(a, "dim"), num(a, "start"), num(a, "length")),
  slice: (xs, a) => xs[0].slice(num(a, "start"), opt(a, "end"), opt(a, "dim")),
  index: (xs, a) => xs[0].index(num(a, "i")),
  indexSelect: (xs, a) => xs[0].indexSelect(num(a, "dim"), a.index as number[]),
  gather: (xs, a) => xs[0].gather(num(a, "dim"), xs[1]),
  clone: (xs) => xs[0].clone(),
  to: (xs, a) => xs[0].to(a.dtype as DType),
  where: (xs, a) =>
    a.a !== undefined
      ? where(xs[0], num(a, "a"), xs[1])
      : a.b !== undefined
        ? where(xs[0], xs[1], num(a, "b"))
        : where(xs[0], xs[1], xs[2]),
  eq: (xs, a) => xs[0].eq(other(xs, a)),
  ne: (xs, a) => xs[0].ne(other(xs, a)),
  gt: (xs, a) => xs[0].gt(other(xs, a)),
  ge: (xs, a) => xs[0].ge(other(xs, a)),
  lt: (xs, a) => xs[0].lt(other(xs, a)),
  le: (xs, a) => xs[0].le(other(xs, a)),
};

test(`fixture has op cases from PyTorch ${fixture.torch}`, () => {
  assert.ok(fixture.ops.length > 150);
  const covered = new Set(fixture.ops.map((c) => c.op));
  assert.deepEqual(
    Object.keys(OPS).filter((k) => !covered.has(k)),
    [],
    "every runner has a fixture row",
  );
});

for (const c of fixture.ops) {
  test(`${c.op}: ${c.name}`, () => runCase(c, OPS[c.op]));
}

for (const backend of listBackends()) {
  test(`matmul propagates NaN and inf through zero factors on the ${backend} backend`, () => {
    onBackend(backend, () => {
      const out = fromTypedArray(new Float32Array([0, 1]), [1, 2]).matmul(
        fromTypedArray(new Float32Array([NaN, 1]), [2, 1]),
      );
      assert.ok(Number.isNaN(out.item()), `0 * NaN + 1 * 1 should be NaN, got ${out.item()}`);
      // Large enough for the blocked kernels: column 0 of B holds one NaN, so column 0 of A @ B is NaN.
      const b = new Float32Array(128 * 128);
      b[0] = NaN;
      const big = fromTypedArray(new Float32Array(128 * 128), [128, 128]).matmul(
        fromTypedArray(b, [128, 128]),
      );
      const nans = big.toTypedArray().filter((v) => Number.isNaN(v)).length;
      assert.equal(nans, 128);
    });
  });
}
