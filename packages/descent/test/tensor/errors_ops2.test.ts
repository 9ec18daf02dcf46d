import * as T from "../../src/tensor/index.js";
import { ones, tensor } from "../../src/tensor/index.js";
import * as F from "../../src/nn/functional.js";
import { errorRows } from "../helpers/error_rows.js";
import type { ErrorRow } from "../helpers/error_rows.js";

/** Bad input to the functions of issue 12: each error names the op, the shapes and the fix. */

const ROWS: ErrorRow[] = [
  {
    name: "atan2 with a number",
    call: () => ones(2).atan2(1 as unknown as T.Tensor),
    type: TypeError,
    parts: ["atan2", "expected a Tensor", "number"],
  },
  {
    name: "fmod of shapes that do not broadcast",
    call: () => ones(2, 3).fmod(ones(2)),
    type: RangeError,
    parts: ["fmod", "[2, 3]", "[2]", "broadcast"],
  },
  {
    name: "remainder of shapes that do not broadcast",
    call: () => T.remainder(ones(4), ones(3)),
    type: RangeError,
    parts: ["remainder", "[4]", "[3]", "broadcast"],
  },
  {
    name: "lerp with a weight that does not broadcast",
    call: () => ones(2, 3).lerp(ones(3), tensor([0.5, 0.5])),
    type: RangeError,
    parts: ["lerp", "[2, 3]", "[2]", "broadcast"],
  },
  {
    name: "lerp without an end tensor",
    call: () => ones(2).lerp(null as unknown as T.Tensor, 0.5),
    type: TypeError,
    parts: ["lerp", "expected a Tensor", "null"],
  },
  {
    name: "std of an int tensor",
    call: () => ones(3, { dtype: "int32" }).std(),
    type: TypeError,
    parts: ["std", "int32", ".float()"],
  },
  {
    name: "var with a negative correction",
    call: () => ones(3).var(0, { correction: -1 }),
    type: RangeError,
    parts: ["var", "correction", "-1"],
  },
  {
    name: "norm with a dim out of range",
    call: () => ones(2, 3).norm(2, 2),
    type: RangeError,
    parts: ["norm", "dimension 2", "out of range", "-2..1"],
  },
  {
    name: "cumsum with a dim out of range",
    call: () => ones(2, 3).cumsum(-3),
    type: RangeError,
    parts: ["cumsum", "dimension -3", "-2..1"],
  },
  {
    name: "dot of 2-D tensors",
    call: () => ones(2, 3).dot(ones(3)),
    type: RangeError,
    parts: ["dot", "1-D", "[2, 3]", "[3]"],
  },
  {
    name: "dot of different lengths",
    call: () => T.dot(ones(3), ones(4)),
    type: RangeError,
    parts: ["dot", "3 vs 4", "[3]", "[4]"],
  },
  {
    name: "mv with the wrong vector length",
    call: () => ones(2, 3).mv(ones(2)),
    type: RangeError,
    parts: ["mv", "3 vs 2", "[2, 3]", "[2]"],
  },
  {
    name: "bmm with different batch sizes",
    call: () => ones(2, 3, 4).bmm(ones(3, 4, 2)),
    type: RangeError,
    parts: ["bmm", "batch sizes differ", "2 vs 3", "matmul"],
  },
  {
    name: "trace of a 3-D tensor",
    call: () => ones(2, 2, 2).trace(),
    type: RangeError,
    parts: ["trace", "2-D", "[2, 2, 2]"],
  },
  {
    name: "tril of a vector",
    call: () => ones(3).tril(),
    type: RangeError,
    parts: ["tril", "at least 2-D", "[3]"],
  },
  {
    name: "F.gelu with an unknown approximation",
    call: () => F.gelu(ones(2), { approximate: "erf" as "tanh" }),
    type: TypeError,
    parts: ["gelu", "'none' or 'tanh'", "erf"],
  },
  {
    name: "F.hardtanh with minVal above maxVal",
    call: () => F.hardtanh(ones(2), 2, 1),
    type: RangeError,
    parts: ["hardtanh", "maxVal (1)", "minVal (2)"],
  },
  {
    name: "repeat with fewer counts than dims",
    call: () => ones(2, 3).repeat(2),
    type: RangeError,
    parts: ["repeat", "number of repeats (1)", "(2, shape [2, 3])"],
  },
  {
    name: "split sizes that do not sum to the dim",
    call: () => ones(5, 2).split([2, 2]),
    type: RangeError,
    parts: ["split", "[2, 2]", "summing to 5", "sum to 4"],
  },
  {
    name: "chunk into 0 pieces",
    call: () => ones(4).chunk(0),
    type: RangeError,
    parts: ["chunk", "positive integer", "0"],
  },
  {
    name: "movedim with lists of different lengths",
    call: () => ones(2, 3, 4).movedim([0, 1], [2]),
    type: RangeError,
    parts: ["movedim", "[0, 1]", "[2]", "same number"],
  },
  {
    name: "unflatten into sizes of another product",
    call: () => ones(2, 6).unflatten(1, [4, 2]),
    type: RangeError,
    parts: ["unflatten", "[4, 2]", "6", "[2, 6]"],
  },
  {
    name: "roll with shifts and dims of different lengths",
    call: () => ones(2, 3).roll([1, 2], [0]),
    type: RangeError,
    parts: ["roll", "[1, 2]", "[0]", "same length"],
  },
  {
    name: "flip with a repeated dim",
    call: () => ones(2, 3).flip([1, -1]),
    type: RangeError,
    parts: ["flip", "more than once", "[1, 1]"],
  },
  {
    name: "broadcastTo a smaller shape",
    call: () => ones(2, 3).broadcastTo([3]),
    type: RangeError,
    parts: ["expand", "[2, 3]", "[3]"],
  },
  {
    name: "meshgrid of a 2-D tensor",
    call: () => T.meshgrid([ones(2), ones(2, 2)]),
    type: RangeError,
    parts: ["meshgrid", "1-D", "[2, 2]", "position 1"],
  },
  {
    name: "topk with k above the dim's size",
    call: () => ones(2, 3).topk(4),
    type: RangeError,
    parts: ["topk", "0..3", "[2, 3]", "4"],
  },
  {
    name: "kthvalue with k 0",
    call: () => ones(5).kthvalue(0),
    type: RangeError,
    parts: ["kthvalue", "1..5", "got 0"],
  },
  {
    name: "median along an empty dim",
    call: () => ones(0, 2).median(0),
    type: RangeError,
    parts: ["median", "size 0", "[0, 2]"],
  },
  {
    name: "bincount of negative values",
    call: () => tensor([1, -2], { dtype: "int32" }).bincount(),
    type: RangeError,
    parts: ["bincount", "non-negative", "-2", "index 1"],
  },
  {
    name: "bincount of floats",
    call: () => T.bincount(tensor([1, 2])),
    type: RangeError,
    parts: ["bincount", "integers", "float32", "[2]"],
  },
  {
    name: "histc with max below min",
    call: () => ones(3).histc(10, 2, 1),
    type: RangeError,
    parts: ["histc", "max (1)", "min (2)"],
  },
  {
    name: "einsum with mismatched label sizes",
    call: () => T.einsum("ij,jk->ik", ones(2, 3), ones(4, 2)),
    type: RangeError,
    parts: ["einsum", "label j", "3 and 4", "[2, 3] and [4, 2]"],
  },
  {
    name: "einsum with a diagonal",
    call: () => T.einsum("ii->i", ones(2, 2)),
    type: RangeError,
    parts: ["einsum", "repeated within operand 0", "diagonals"],
  },
];

errorRows(ROWS);
