import { test } from "node:test";
import assert from "node:assert/strict";

import * as T from "../../src/tensor/index.js";
import { ones, tensor } from "../../src/tensor/index.js";
import { errorRows } from "../helpers/error_rows.js";
import type { ErrorRow } from "../helpers/error_rows.js";

/**
 * Bad input to round(decimals), sort / argsort options, unique with dim, dist and einsum with
 * '...': each error names the op, the value or shapes and what was expected. Also the behaviour
 * that PyTorch leaves unspecified and the golden rows cannot pin down.
 */

const ROWS: ErrorRow[] = [
  {
    name: "round with fractional decimals",
    call: () => ones(2).round(1.5),
    type: TypeError,
    parts: ["round", "decimals must be an integer", "1.5"],
  },
  {
    name: "round(decimals) of an int tensor",
    call: () => T.round(tensor([1, 2], { dtype: "int32" }), 2),
    type: TypeError,
    parts: ["round", "int32", ".float()"],
  },
  {
    name: "sort with an unknown option",
    call: () => ones(3).sort({ dim: 0, stabel: true } as T.SortOptions),
    type: TypeError,
    parts: ["sort", '"stabel"', "dim, descending, stable"],
  },
  {
    name: "argsort with a non-boolean stable",
    call: () => T.argsort(ones(3), { stable: 1 as unknown as boolean }),
    type: TypeError,
    parts: ["argsort", "stable must be true or false", "1"],
  },
  {
    name: "sort along a dim out of range",
    call: () => ones(2, 3).sort({ dim: 2 }),
    type: RangeError,
    parts: ["sort", "2"],
  },
  {
    name: "unique along a dim out of range",
    call: () => ones(2, 3).unique({ dim: 3 }),
    type: RangeError,
    parts: ["unique", "3"],
  },
  {
    name: "unique with an unknown option",
    call: () => ones(2, 3).unique({ return_counts: true } as T.UniqueOptions),
    type: TypeError,
    parts: ["unique", '"return_counts"', "returnCounts"],
  },
  {
    name: "unique along a dim when another dim is empty",
    call: () => T.unique(T.zeros(2, 0), { dim: 0 }),
    type: RangeError,
    parts: ["unique", "[2, 0]", "0-sized"],
  },
  {
    name: "dist with a number",
    call: () => ones(2).dist(1 as unknown as T.Tensor),
    type: TypeError,
    parts: ["dist", "expected a Tensor", "number"],
  },
  {
    name: "dist of shapes that do not broadcast",
    call: () => T.dist(ones(2, 3), ones(2)),
    type: RangeError,
    parts: ["[2, 3]", "[2]", "broadcast"],
  },
  {
    name: "einsum whose '...' dims do not broadcast",
    call: () => T.einsum("...ij,...jk", ones(2, 3, 4), ones(3, 4, 5)),
    type: RangeError,
    parts: ["einsum", "'...'", "2 and 3", "[2, 3, 4] and [3, 4, 5]"],
  },
  {
    name: "einsum with two ellipses in one operand",
    call: () => T.einsum("...i...", ones(2, 3)),
    type: RangeError,
    parts: ["einsum", "at most one '...'"],
  },
  {
    name: "einsum with more labels than dims beside '...'",
    call: () => T.einsum("...ijk", ones(2, 3)),
    type: RangeError,
    parts: ["einsum", "3 label(s)", "2 dim(s)"],
  },
  {
    name: "einsum with a stray dot in the output",
    call: () => T.einsum("ij->i.", ones(2, 3)),
    type: RangeError,
    parts: ["einsum", "output", "at most one '...'"],
  },
];

errorRows(ROWS);

test("sort and argsort: positional and keyword forms agree, and stable is the default", () => {
  const x = tensor([2, 1, 2, 1, 0, 2]);
  assert.deepEqual(
    x.sort({ descending: true }).indices.tolist(),
    x.sort(-1, true).indices.tolist(),
  );
  assert.deepEqual(x.argsort({ stable: false }).tolist(), [4, 1, 3, 0, 2, 5]);
  assert.equal(x.requiresGrad_().sort().values.gradFn?.name, "SortBackward0");
});

test("unique: sorted: false gives the sorted result (PyTorch leaves the order unspecified)", () => {
  const x = tensor([3, 1, 2, 3, 1, 5, -1]);
  const a = x.unique({ sorted: false, returnInverse: true, returnCounts: true }) as T.Tensor[];
  const b = x.unique({ returnInverse: true, returnCounts: true }) as T.Tensor[];
  assert.deepEqual(
    a.map((t) => t.tolist()),
    b.map((t) => t.tolist()),
  );
  assert.deepEqual(a[0].tolist(), [-1, 1, 2, 3, 5]);
});

test("unique: NaNs (and slices holding NaN) are each distinct, after every number", () => {
  const [v, inv, c] = tensor([NaN, 2, NaN, 1, 2]).unique({
    returnInverse: true,
    returnCounts: true,
  }) as T.Tensor[];
  assert.deepEqual(v.tolist(), [1, 2, NaN, NaN]);
  assert.deepEqual(inv.tolist(), [2, 1, 3, 0, 1]);
  assert.deepEqual(c.tolist(), [1, 2, 1, 1]);
  const rows = tensor([
    [NaN, 1],
    [0, 1],
    [NaN, 1],
  ]).unique({ dim: 0, returnCounts: true }) as T.Tensor[];
  assert.deepEqual(rows[0].tolist(), [
    [0, 1],
    [NaN, 1],
    [NaN, 1],
  ]);
  assert.deepEqual(rows[1].tolist(), [1, 1, 1]);
});

test("norm: the gradient of an all-zero input is 0 for every p, including through dist", () => {
  for (const p of ["fro", 2, 1, 3, 1.5, 0.5, -1, Infinity, -Infinity, 0] as const) {
    const x = T.zeros(2, 3, { dtype: "float64" }).requiresGrad_();
    x.norm(p, 1).sum().backward();
    assert.deepEqual(
      x.grad!.tolist(),
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
      `p = ${p}`,
    );
  }
  const a = tensor([1, 2]).requiresGrad_();
  a.dist(tensor([1, 2])).backward();
  assert.deepEqual(a.grad!.tolist(), [0, 0]);
});

test("norm: a later in-place write to its input or output is caught by backward", () => {
  const x = tensor([3, 4]).requiresGrad_();
  const y = x.mul(1);
  const n = y.norm();
  y.mul_(2);
  assert.throws(() => n.backward(), /modified by an inplace operation/);
});
