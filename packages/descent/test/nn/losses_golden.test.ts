/**
 * Every loss module against PyTorch (test/fixtures/torch/losses.json, written by
 * scripts/golden/torch_nn.py): forward values and input gradients for reduction mean/sum/none,
 * in float64 (tight) and float32, plus a float64 central-difference gradient check of each case.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { DType, Tensor } from "../../src/index.js";
import { nn, tensor } from "../../src/index.js";
import type { Nested } from "../helpers/gradcheck_nn.js";
import { assertClose, gradcheck } from "../helpers/gradcheck_nn.js";

interface LossCase {
  name: string;
  loss: "MSELoss" | "BCELoss" | "BCEWithLogitsLoss" | "CrossEntropyLoss" | "NLLLoss";
  reduction: nn.Reduction;
  options: {
    weight?: number[];
    posWeight?: number[];
    ignoreIndex?: number;
    labelSmoothing?: number;
  };
  input: Nested;
  target: Nested;
  targetDtype: "int32" | "float";
  gradOutput: Nested | null;
  output: Nested;
  inputGrad: Nested;
  edge: boolean;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/losses.json", import.meta.url), "utf8"),
) as { torch: string; cases: LossCase[] };

const TOL: Record<"float32" | "float64", { rtol: number; atol: number }> = {
  float64: { rtol: 1e-10, atol: 1e-12 },
  float32: { rtol: 2e-5, atol: 2e-6 },
};

function criterion(c: LossCase, dtype: DType): nn.Module {
  const o = c.options;
  const w = o.weight ? tensor(o.weight, { dtype }) : undefined;
  const reduction = c.reduction;
  switch (c.loss) {
    case "MSELoss":
      return new nn.MSELoss({ reduction });
    case "BCELoss":
      return new nn.BCELoss({ weight: w, reduction });
    case "BCEWithLogitsLoss":
      return new nn.BCEWithLogitsLoss({
        weight: w,
        posWeight: o.posWeight ? tensor(o.posWeight, { dtype }) : undefined,
        reduction,
      });
    case "CrossEntropyLoss":
      return new nn.CrossEntropyLoss({
        weight: w,
        ignoreIndex: o.ignoreIndex,
        labelSmoothing: o.labelSmoothing,
        reduction,
      });
    case "NLLLoss":
      return new nn.NLLLoss({ weight: w, ignoreIndex: o.ignoreIndex, reduction });
  }
}

function target(c: LossCase, dtype: DType): Tensor {
  return tensor(c.target, { dtype: c.targetDtype === "int32" ? "int32" : dtype });
}

/** The loss, contracted with the fixture's upstream gradient when the reduction is 'none'. */
function scalarLoss(c: LossCase, x: Tensor): Tensor {
  const out = criterion(c, x.dtype).forward(x, target(c, x.dtype));
  if (c.gradOutput === null) return out;
  return out.mul(tensor(c.gradOutput, { dtype: x.dtype })).sum();
}

test("the loss fixture covers every loss, reduction and option", () => {
  const cases = fixture.cases;
  for (const loss of ["MSELoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss"]) {
    for (const r of ["mean", "sum", "none"]) {
      assert.ok(
        cases.some((c) => c.loss === loss && c.reduction === r),
        `${loss}/${r}`,
      );
    }
  }
  const ce = cases.filter((c) => c.loss === "CrossEntropyLoss");
  assert.ok(
    ce.some((c) => c.targetDtype === "float"),
    "CE with probabilities",
  );
  assert.ok(ce.some((c) => flatHas(c.target, -100) && c.options.ignoreIndex === undefined));
  assert.ok(ce.some((c) => c.options.labelSmoothing && c.options.weight));
  assert.ok(cases.some((c) => c.loss === "BCELoss" && c.edge));
  assert.ok(cases.length >= 80, `${cases.length} cases`);
});

function flatHas(x: Nested, v: number): boolean {
  return Array.isArray(x) ? x.some((e) => flatHas(e, v)) : x === v;
}

for (const dtype of ["float64", "float32"] as const) {
  test(`losses match PyTorch ${fixture.torch} (${dtype}): value and input gradient`, async (t) => {
    for (const c of fixture.cases) {
      await t.test(c.name, () => {
        const x = tensor(c.input, { dtype, requiresGrad: true });
        const out = criterion(c, dtype).forward(x, target(c, dtype));
        assert.equal(out.dtype, dtype);
        assertClose(out, c.output, `${c.name} output`, TOL[dtype]);
        if (c.gradOutput === null) out.backward();
        else out.backward(tensor(c.gradOutput, { dtype }));
        assertClose(x.grad!, c.inputGrad, `${c.name} input grad`, TOL[dtype]);
      });
    }
  });
}

test("losses: float64 central-difference gradient check", async (t) => {
  // Edge cases sit on the boundary of the domain (BCE inputs exactly 0 and 1), where a central
  // difference is undefined; their gradients are checked against PyTorch above.
  for (const c of fixture.cases.filter((k) => !k.edge)) {
    await t.test(c.name, () => {
      gradcheck((x) => scalarLoss(c, x), tensor(c.input, { dtype: "float64" }), c.name);
    });
  }
});

test("a loss used twice in one graph accumulates its gradients", () => {
  const x = tensor(
    [
      [0.2, 0.7],
      [0.9, 0.4],
    ],
    { dtype: "float64", requiresGrad: true },
  );
  const y = tensor(
    [
      [0, 1],
      [1, 0],
    ],
    { dtype: "float64" },
  );
  const bce = new nn.BCELoss();
  bce.forward(x, y).add(bce.forward(x, y)).backward();
  const twice = x.grad!.toTypedArray();
  x.grad = null;
  bce.forward(x, y).mul(2).backward();
  assert.deepEqual(Array.from(twice), Array.from(x.grad!.toTypedArray()));
});

test("BCE's weight is broadcast over the batch and its gradient reduced back", () => {
  const w = tensor([2, 0.5], { dtype: "float64" });
  const x = tensor(
    [
      [0.2, 0.7],
      [0.9, 0.4],
    ],
    { dtype: "float64", requiresGrad: true },
  );
  const y = tensor(
    [
      [0, 1],
      [1, 0],
    ],
    { dtype: "float64" },
  );
  const sum = new nn.BCELoss({ weight: w, reduction: "sum" }).forward(x, y).item();
  const want = -2 * Math.log(0.8) - 0.5 * Math.log(0.7) - 2 * Math.log(0.9) - 0.5 * Math.log(0.6);
  assert.ok(Math.abs(sum - want) < 1e-12);
});
