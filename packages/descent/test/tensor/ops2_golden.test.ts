import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import * as T from "../../src/tensor/index.js";
import * as F from "../../src/nn/functional.js";
import { listBackends } from "../../src/backend/registry.js";
import { onBackend } from "../helpers/backend.js";
import { readOpsFixture, runCase } from "../helpers/torch_fixture.js";
import type { OpRun } from "../helpers/torch_fixture.js";

/**
 * The functions of issue 12 against PyTorch 1.13: one row of test/fixtures/torch/ops2.json per
 * case (written by scripts/golden/torch_ops2.py), forward values, grad_fn names and gradients,
 * on every backend.
 */

const fixture = readOpsFixture("ops2.json");
type Args = Record<string, unknown>;
const num = (a: Args, k: string) => a[k] as number;
const bool = (a: Args, k: string) => a[k] as boolean | undefined;
const dimArg = (a: Args) => a.dim as number | number[] | undefined;
/** The p of a norm: a number, 'fro', or "inf" / "-inf" for the infinities. */
const pArg = (a: Args): number | "fro" | undefined =>
  a.p === "inf" ? Infinity : a.p === "-inf" ? -Infinity : (a.p as number | "fro" | undefined);
/** The second operand: a number from args.other, or the second input. */
const other = (xs: Tensor[], a: Args): Tensor | number => (a.other as number) ?? xs[1];

const UNARY = [
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "log2",
  "log10",
  "log1p",
  "expm1",
  "reciprocal",
  "rsqrt",
  "erf",
  "frac",
  "sign",
  "floor",
  "ceil",
  "round",
  "trunc",
  "square",
] as const;

const OPS: Record<string, OpRun> = {
  // Methods, and the torch-namespace function of the same name.
  ...Object.fromEntries(
    UNARY.map((op) => [op, (xs: Tensor[]) => check(xs[0][op](), T[op](xs[0]))]),
  ),
  atan2: (xs) => check(xs[0].atan2(xs[1]), T.atan2(xs[0], xs[1])),
  fmod: (xs, a) => check(xs[0].fmod(other(xs, a)), T.fmod(xs[0], other(xs, a))),
  remainder: (xs, a) => check(xs[0].remainder(other(xs, a)), T.remainder(xs[0], other(xs, a))),
  lerp: (xs, a) => xs[0].lerp(xs[1], a.weight === undefined ? xs[2] : num(a, "weight")),
  maximumFn: (xs) => T.maximum(xs[0], xs[1]),
  stack: (xs, a) => T.stack(xs, num(a, "dim")),
  einsum: (xs, a) => T.einsum(a.equation as string, ...xs),
  sort: (xs, a) =>
    pair(
      xs[0].sort(a.dim as number, bool(a, "descending")),
      T.sort(xs[0], a.dim as number, bool(a, "descending")),
    ),
  argsort: (xs, a) =>
    check(
      xs[0].argsort(a.dim as number, bool(a, "descending")),
      T.argsort(xs[0], a.dim as number, bool(a, "descending")),
    ),
  topk: (xs, a) =>
    pair(
      xs[0].topk(num(a, "k"), a.dim as number, bool(a, "largest")),
      T.topk(xs[0], num(a, "k"), a.dim as number, bool(a, "largest")),
    ),
  kthvalue: (xs, a) =>
    pair(
      xs[0].kthvalue(num(a, "k"), a.dim as number, bool(a, "keepdim")),
      T.kthvalue(xs[0], num(a, "k"), a.dim as number, bool(a, "keepdim")),
    ),
  median: (xs, a) =>
    a.dim === undefined
      ? check(xs[0].median(), T.median(xs[0]))
      : pair(
          xs[0].median(num(a, "dim"), bool(a, "keepdim")),
          T.median(xs[0], num(a, "dim"), bool(a, "keepdim")),
        ),
  unique: (xs, a) => xs[0].unique(a),
  bincount: (xs, a) =>
    check(
      xs[0].bincount(xs[1] ?? null, a.minlength as number),
      T.bincount(xs[0], xs[1] ?? null, a.minlength as number),
    ),
  histc: (xs, a) =>
    check(
      xs[0].histc(num(a, "bins"), a.min as number, a.max as number),
      T.histc(xs[0], num(a, "bins"), a.min as number, a.max as number),
    ),
  repeat: (xs, a) => xs[0].repeat(a.reps as number[]),
  tile: (xs, a) => check(xs[0].tile(a.reps as number[]), T.tile(xs[0], a.reps as number[])),
  flip: (xs, a) => check(xs[0].flip(a.dims as number[]), T.flip(xs[0], a.dims as number[])),
  roll: (xs, a) =>
    check(
      xs[0].roll(a.shifts as number, a.dims as number),
      T.roll(xs[0], a.shifts as number, a.dims as number),
    ),
  chunk: (xs, a) =>
    piece(
      xs[0].chunk(num(a, "chunks"), a.dim as number),
      T.chunk(xs[0], num(a, "chunks"), a.dim as number),
      a,
    ),
  chunkCount: (xs, a) => {
    const parts = xs[0].chunk(num(a, "chunks"));
    assert.equal(parts.length, num(a, "count"), "number of chunks");
    return parts[2];
  },
  split: (xs, a) =>
    piece(
      xs[0].split(a.size as number, a.dim as number),
      T.split(xs[0], a.size as number, a.dim as number),
      a,
    ),
  unbind: (xs, a) => piece(xs[0].unbind(a.dim as number), T.unbind(xs[0], a.dim as number), a),
  movedim: (xs, a) =>
    check(
      xs[0].movedim(a.source as number, a.destination as number),
      T.movedim(xs[0], a.source as number, a.destination as number),
    ),
  flattenFn: (xs, a) => T.flatten(xs[0], num(a, "start"), num(a, "end")),
  unflatten: (xs, a) => xs[0].unflatten(num(a, "dim"), a.sizes as number[]),
  broadcastTo: (xs, a) =>
    check(xs[0].broadcastTo(a.shape as number[]), T.broadcastTo(xs[0], a.shape as number[])),
  meshgrid: (xs, a) =>
    T.meshgrid([xs[0], xs[1]], { indexing: a.indexing as "ij" | "xy" })[num(a, "piece")],
  "F.leakyRelu": (xs, a) => F.leakyRelu(xs[0], a.negativeSlope as number | undefined),
  "F.elu": (xs, a) => F.elu(xs[0], a.alpha as number | undefined),
  "F.gelu": (xs, a) => F.gelu(xs[0], a as { approximate?: "none" | "tanh" }),
  "F.silu": (xs) => F.silu(xs[0]),
  "F.softplus": (xs, a) => F.softplus(xs[0], a as { beta?: number; threshold?: number }),
  "F.mish": (xs) => F.mish(xs[0]),
  "F.hardtanh": (xs, a) =>
    F.hardtanh(xs[0], a.minVal as number | undefined, a.maxVal as number | undefined),
  "F.relu6": (xs) => F.relu6(xs[0]),
  "F.logsigmoid": (xs) => F.logsigmoid(xs[0]),
  "F.softsign": (xs) => F.softsign(xs[0]),
  var: (xs, a) => check(xs[0].var(dimArg(a), a), T.var(xs[0], dimArg(a), a)),
  std: (xs, a) => check(xs[0].std(dimArg(a), a), T.std(xs[0], dimArg(a), a)),
  norm: (xs, a) =>
    check(
      xs[0].norm(pArg(a), dimArg(a), bool(a, "keepdim")),
      T.norm(xs[0], pArg(a), dimArg(a), bool(a, "keepdim")),
    ),
  prod: (xs, a) =>
    check(
      xs[0].prod(dimArg(a) as number, bool(a, "keepdim")),
      T.prod(xs[0], dimArg(a) as number, bool(a, "keepdim")),
    ),
  cumsum: (xs, a) => check(xs[0].cumsum(num(a, "dim")), T.cumsum(xs[0], num(a, "dim"))),
  cumprod: (xs, a) => check(xs[0].cumprod(num(a, "dim")), T.cumprod(xs[0], num(a, "dim"))),
  logsumexp: (xs, a) =>
    check(
      xs[0].logsumexp(a.dim as number, bool(a, "keepdim")),
      T.logsumexp(xs[0], a.dim as number, bool(a, "keepdim")),
    ),
  all: (xs, a) =>
    check(
      xs[0].all(a.dim as number, bool(a, "keepdim")),
      T.all(xs[0], a.dim as number, bool(a, "keepdim")),
    ),
  any: (xs, a) =>
    check(
      xs[0].any(a.dim as number, bool(a, "keepdim")),
      T.any(xs[0], a.dim as number, bool(a, "keepdim")),
    ),
  dot: (xs) => check(xs[0].dot(xs[1]), T.dot(xs[0], xs[1])),
  mv: (xs) => check(xs[0].mv(xs[1]), T.mv(xs[0], xs[1])),
  mmFn: (xs) => T.mm(xs[0], xs[1]),
  bmm: (xs) => check(xs[0].bmm(xs[1]), T.bmm(xs[0], xs[1])),
  outer: (xs) => check(xs[0].outer(xs[1]), T.outer(xs[0], xs[1])),
  trace: (xs) => check(xs[0].trace(), T.trace(xs[0])),
  tril: (xs, a) => check(xs[0].tril(a.diagonal as number), T.tril(xs[0], a.diagonal as number)),
  triu: (xs, a) => check(xs[0].triu(a.diagonal as number), T.triu(xs[0], a.diagonal as number)),
  minimumFn: (xs) => T.minimum(xs[0], xs[1]),
};

/** One piece of a list (method and function agreeing on every piece). */
function piece(method: Tensor[], fn: Tensor[], a: Args): Tensor {
  assert.equal(fn.length, method.length, "function and method give as many pieces");
  method.forEach((m, i) => check(m, fn[i]));
  return method[num(a, "piece")];
}

/** values and indices of a method (both agreeing with the function's). */
function pair(method: T.ValuesIndices, fn: T.ValuesIndices): Tensor[] {
  check(method.indices, fn.indices);
  return [check(method.values, fn.values), method.indices];
}

/** The method's result, after checking that the function gives the same values. */
function check(method: Tensor, fn: Tensor): Tensor {
  assert.deepEqual(fn.tolist(), method.tolist(), "function and method agree");
  return method;
}

test(`ops2 fixture from PyTorch ${fixture.torch} covers every runner`, () => {
  const covered = new Set(fixture.ops.map((c) => c.op));
  assert.deepEqual(
    Object.keys(OPS).filter((k) => !covered.has(k)),
    [],
  );
});

for (const backend of listBackends()) {
  for (const c of fixture.ops) {
    test(`${backend}: ${c.op}: ${c.name}`, () => onBackend(backend, () => runCase(c, OPS[c.op])));
  }
}
