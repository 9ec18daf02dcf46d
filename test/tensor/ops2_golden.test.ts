import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import * as T from "../../src/tensor/index.js";
import { getBackend, listBackends, setBackend } from "../../src/backend/registry.js";
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
  minimumFn: (xs) => T.minimum(xs[0], xs[1]),
};

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
    test(`${backend}: ${c.op}: ${c.name}`, () => {
      const prev = getBackend().name;
      setBackend(backend);
      try {
        runCase(c, OPS[c.op]);
      } finally {
        setBackend(prev);
      }
    });
  }
}
