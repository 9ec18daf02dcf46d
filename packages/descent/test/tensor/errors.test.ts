import { test } from "node:test";
import assert from "node:assert/strict";

import type { DType } from "../../src/tensor/index.js";
import { cat, noGrad, ones, stack, tensor, where, zeros } from "../../src/tensor/index.js";

/**
 * Bad input raises an Error whose message names the op, the shapes or values involved and what
 * was expected. One row per case: the call, the error class, and the parts the message must hold.
 */

interface Row {
  name: string;
  call: () => unknown;
  type: typeof Error;
  parts: (string | RegExp)[];
}

const int = { dtype: "int32" as const };

const ROWS: Row[] = [
  {
    name: "matmul of incompatible shapes",
    call: () => ones(2, 3).matmul(ones(4, 5)),
    type: RangeError,
    parts: ["matmul", "[2, 3]", "[4, 5]", "3 columns", "4 rows", "must be equal"],
  },
  {
    name: "matmul of 1-D vectors of different lengths",
    call: () => ones(3).matmul(ones(4)),
    type: RangeError,
    parts: ["matmul", "[3]", "[4]", "must be equal"],
  },
  {
    name: "matmul with batch dims that do not broadcast",
    call: () => ones(2, 3, 4).matmul(ones(3, 4, 5)),
    type: RangeError,
    parts: ["matmul", "[2, 3, 4]", "[3, 4, 5]", "batch", "must match or be 1"],
  },
  {
    name: "matmul of a 0-d tensor",
    call: () => ones(2).matmul(tensor(1)),
    type: RangeError,
    parts: ["matmul", "[2]", "[]", "at least 1 dimension"],
  },
  {
    name: "broadcasting failure in add",
    call: () => ones(2, 3).add(ones(4)),
    type: RangeError,
    parts: ["add", "[2, 3]", "[4]", "broadcast", "3 vs 4", "must match or be 1"],
  },
  {
    name: "broadcasting failure in mul",
    call: () => ones(2, 3).mul(ones(3, 2)),
    type: RangeError,
    parts: ["mul", "[2, 3]", "[3, 2]", "broadcast"],
  },
  {
    name: "broadcasting failure in a comparison",
    call: () => ones(2, 3).gt(ones(2)),
    type: RangeError,
    parts: ["gt", "[2, 3]", "[2]", "broadcast"],
  },
  {
    name: "reshape to a wrong size",
    call: () => ones(2, 3).reshape(4, 4),
    type: RangeError,
    parts: ["reshape", "[4, 4]", "size 6", "16 elements", "multiply to 6"],
  },
  {
    name: "reshape with -1 that cannot be inferred",
    call: () => ones(2, 3).reshape(-1, 4),
    type: RangeError,
    parts: ["reshape", "[-1, 4]", "size 6", "divide 6"],
  },
  {
    name: "view to a wrong size",
    call: () => ones(2, 3).view(5),
    type: RangeError,
    parts: ["view", "[5]", "size 6"],
  },
  {
    name: "index out of range",
    call: () => ones(3, 2).index(3),
    type: RangeError,
    parts: ["index", "index 3", "size 3", "-3..2"],
  },
  {
    name: "indexSelect out of range",
    call: () => ones(3).indexSelect(0, [0, 3]),
    type: RangeError,
    parts: ["indexSelect", "index 3", "size 3", "0..2"],
  },
  {
    name: "gather out of range",
    call: () =>
      ones(2, 2).gather(
        1,
        tensor(
          [
            [0, 2],
            [1, 0],
          ],
          int,
        ),
      ),
    type: RangeError,
    parts: ["gather", "index 2", "dimension 1", "size 2", "0..1"],
  },
  {
    name: "narrow past the end",
    call: () => ones(3, 4).narrow(1, 2, 3),
    type: RangeError,
    parts: ["narrow", "[2, 5)", "dimension 1", "size 4", "[3, 4]"],
  },
  {
    name: "dim out of range",
    call: () => ones(3, 4).sum(2),
    type: RangeError,
    parts: ["sum", "dimension 2", "2 dimension", "-2..1"],
  },
  {
    name: "unknown dtype",
    call: () => tensor([1], { dtype: "float16" as DType }),
    type: TypeError,
    parts: ["tensor", "float16", "float32, float64, int32, bool"],
  },
  {
    name: "unknown dtype in to()",
    call: () => ones(2).to("int64" as DType),
    type: TypeError,
    parts: ["to", "int64", "expected one of"],
  },
  {
    name: "ragged nested arrays",
    call: () => tensor([[1, 2], [3]]),
    type: RangeError,
    parts: ["tensor", "ragged", "length 2", "at [1]", "length 1"],
  },
  {
    name: "a list where a number belongs",
    call: () => tensor([1, [2]] as unknown as number[]),
    type: TypeError,
    parts: ["tensor", "at [1]", "expected a number"],
  },
  {
    name: "item() of a multi-element tensor",
    call: () => ones(2, 3).item(),
    type: RangeError,
    parts: ["item", "6 elements", "[2, 3]", "one-element"],
  },
  {
    name: "in-place update of a leaf that requires grad",
    call: () => ones(2, { requiresGrad: true }).sub_(1),
    type: Error,
    parts: ["sub_", "leaf", "requires grad", "in-place", "noGrad"],
  },
  {
    name: "in-place update that would grow the tensor",
    call: () => ones(3).add_(ones(2, 3)),
    type: RangeError,
    parts: ["add_", "[2, 3]", "[3]", "cannot grow"],
  },
  {
    name: "cat of mismatched shapes",
    call: () => cat([ones(2, 3), ones(2, 4)], 0),
    type: RangeError,
    parts: ["cat", "[2, 3]", "[2, 4]", "must match except in dimension 0"],
  },
  {
    name: "cat of 0-d tensors",
    call: () => cat([tensor(1), tensor(2)]),
    type: RangeError,
    parts: ["cat", "zero-dimensional", "stack"],
  },
  {
    name: "stack of unequal shapes",
    call: () => stack([ones(2, 3), ones(3, 2)]),
    type: RangeError,
    parts: ["stack", "[2, 3]", "[3, 2]", "equal size"],
  },
  {
    name: "where with a float condition",
    call: () => where(ones(2), ones(2), ones(2)),
    type: TypeError,
    parts: ["where", "bool", "float32"],
  },
  {
    name: "expand to an incompatible size",
    call: () => ones(3).expand(2, 4),
    type: RangeError,
    parts: ["expand", "(4)", "(3)", "[3]", "[2, 4]"],
  },
  {
    name: "permute with a repeated dim",
    call: () => ones(2, 3).permute(0, 0),
    type: RangeError,
    parts: ["permute", "[0, 0]", "permutation", "2 dimension"],
  },
  {
    name: "negative size",
    call: () => zeros(-1),
    type: TypeError,
    parts: ["zeros", "[-1]", "non-negative integers"],
  },
  {
    name: "mean of an int tensor",
    call: () => tensor([1], int).mean(),
    type: TypeError,
    parts: ["mean", "int32", "float"],
  },
  {
    name: "a string operand",
    call: () => ones(2).add("a" as unknown as number),
    type: TypeError,
    parts: ["add", "expected a Tensor", "string"],
  },
  {
    name: "backward from a non-scalar without a gradient",
    call: () => ones(3, { requiresGrad: true }).mul(2).backward(),
    type: Error,
    parts: ["backward", "scalar outputs", "[3]"],
  },
  {
    name: "requiresGrad on an int tensor",
    call: () => tensor([1], { ...int, requiresGrad: true }),
    type: TypeError,
    parts: ["requiresGrad", "floating point", "int32"],
  },
];

for (const row of ROWS) {
  test(`error: ${row.name}`, () => {
    assert.throws(row.call, (e: unknown) => {
      assert.ok(e instanceof row.type, `expected a ${row.type.name}, got ${String(e)}`);
      for (const p of row.parts) {
        const ok = typeof p === "string" ? e.message.includes(p) : p.test(e.message);
        assert.ok(ok, `message ${JSON.stringify(e.message)} should mention ${String(p)}`);
      }
      return true;
    });
  });
}

test("in-place updates of parameters are fine inside noGrad", () => {
  const w = ones(2, { requiresGrad: true });
  noGrad(() => w.sub_(tensor([0.5, 0.25])));
  assert.deepEqual(w.tolist(), [0.5, 0.75]);
  assert.equal(w.requiresGrad, true);
});
