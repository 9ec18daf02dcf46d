import * as T from "../../src/tensor/index.js";
import { ones, tensor } from "../../src/tensor/index.js";
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
];

errorRows(ROWS);
