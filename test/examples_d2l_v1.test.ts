/**
 * The new-edition d2l programs (examples/d2l/*.ts) against PyTorch: each section's program is
 * run as a function and every value it prints is compared, label by label, with what the book's
 * PyTorch code printed (test/fixtures/d2l_v1.json, written by
 * packages/descent/scripts/golden/d2l_v1.py with PyTorch 1.13): the same labels, shapes, and
 * numbers to float32 rounding (a relative 2^-22 unless a section says why it needs more).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { Shown } from "../examples/d2l/show.js";
import { run as ch2_1 } from "../examples/d2l/ch2_1_data_manipulation.js";
import { run as ch2_3 } from "../examples/d2l/ch2_3_linear_algebra.js";
import { run as ch2_5 } from "../examples/d2l/ch2_5_autograd.js";

const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL("fixtures/d2l_v1.json", import.meta.url)), "utf8"),
) as Record<string, Record<string, Shown>>;

const quiet = { log: () => {} };

/** Same labels, same shapes, every number within atol + rtol |torch's|. */
export function assertShownClose(
  ours: Record<string, Shown>,
  theirs: Record<string, Shown>,
  tol: { rtol?: number; atol?: number } = {},
): void {
  const { rtol = 2 ** -22, atol = 0 } = tol;
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), "the printed labels");
  for (const [label, t] of Object.entries(theirs)) {
    const o = ours[label];
    assert.deepEqual(o.shape, t.shape, `${label}: shape`);
    assert.equal(o.values.length, t.values.length, `${label}: count`);
    t.values.forEach((v, i) => {
      const d = Math.abs(o.values[i] - v);
      assert.ok(
        d <= atol + rtol * Math.abs(v) || (Number.isNaN(v) && Number.isNaN(o.values[i])),
        `${label}[${i}]: descent ${o.values[i]}, PyTorch ${v}`,
      );
    });
  }
}

test("2.1 data manipulation prints PyTorch's numbers", () => {
  assertShownClose(ch2_1(quiet), golden["2.1"]);
});

test("2.3 linear algebra prints PyTorch's numbers", () => {
  assertShownClose(ch2_3(quiet), golden["2.3"]);
});

test("2.5 automatic differentiation prints PyTorch's gradients (given PyTorch's random a)", () => {
  const a = golden["2.5"].a.values[0];
  assert.ok(a < 0, "the fixture's a is negative: d = 100 b, where d / a can round away from a.grad");
  assertShownClose(ch2_5({ ...quiet, a }), golden["2.5"]);
});
