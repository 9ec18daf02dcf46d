/**
 * MultiStepLR, LinearLR, LambdaLR, OneCycleLR (and the momentum it cycles),
 * CosineAnnealingWarmRestarts, SequentialLR and ReduceLROnPlateau against PyTorch
 * (test/fixtures/torch/lr_schedulers.json, written by scripts/golden/torch_optim.py): the lr of
 * two param groups after construction and after each of 50 steps, to 1e-12 relative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { optim, tensor } from "../../src/index.js";

type Opts = Record<string, unknown>;
interface Case {
  scheduler: string;
  options: Opts;
  optimizer: "SGD" | "Adam";
  lrs: number[][];
  momentum?: number[][];
  metrics?: number[];
}
const fx = JSON.parse(
  readFileSync(new URL("../fixtures/torch/lr_schedulers.json", import.meta.url), "utf8"),
) as { torch: string; groupLrs: [number, number]; cases: Case[] };

/** The functions the fixture names, as torch_optim.py's LAMBDAS. */
const LAMBDAS: Record<string, (e: number) => number> = {
  pow095: (e) => Math.pow(0.95, e),
  inverseDecade: (e) => 1 / (1 + Math.floor(e / 10)),
};

function twoGroups(kind: "SGD" | "Adam"): optim.Optimizer {
  const p = () => tensor([0, 0], { requiresGrad: true });
  const groups = [{ params: [p()] }, { params: [p()], lr: fx.groupLrs[1] }];
  return kind === "Adam"
    ? new optim.Adam(groups, fx.groupLrs[0])
    : new optim.SGD(groups, fx.groupLrs[0], { momentum: 0.9 });
}

function make(name: string, o: optim.Optimizer, s: Opts): optim.LRScheduler {
  switch (name) {
    case "MultiStepLR":
      return new optim.MultiStepLR(o, s.milestones as number[], s.gamma as number);
    case "LinearLR":
      return new optim.LinearLR(o, s);
    case "LambdaLR": {
      const f = s.lrLambda as string | string[];
      return new optim.LambdaLR(o, Array.isArray(f) ? f.map((k) => LAMBDAS[k]) : LAMBDAS[f]);
    }
    case "OneCycleLR":
      return new optim.OneCycleLR(o, s.maxLr as number, s);
    case "CosineAnnealingWarmRestarts":
      return new optim.CosineAnnealingWarmRestarts(o, s.t0 as number, s);
    case "ExponentialLR":
      return new optim.ExponentialLR(o, s.gamma as number);
    case "CosineAnnealingLR":
      return new optim.CosineAnnealingLR(o, s.tMax as number);
    case "SequentialLR": {
      const subs = (s.schedulers as [string, Opts][]).map(([n, so]) => make(n, o, so));
      return new optim.SequentialLR(o, subs, s.milestones as number[]);
    }
  }
  throw new Error(`no scheduler ${name}`);
}

const close = (a: number, e: number, what: string) =>
  assert.ok(Math.abs(a - e) <= 1e-15 + 1e-12 * Math.abs(e), `${what}: ${a}, PyTorch ${e}`);

const momentumOf = (o: optim.Optimizer): number[] =>
  o.paramGroups.map(
    (g) => (g as unknown as Record<string, number>)[o.name === "Adam" ? "beta1" : "momentum"],
  );

for (const c of fx.cases) {
  test(`${c.scheduler}(${JSON.stringify(c.options)}): lr of both groups matches PyTorch ${fx.torch}`, () => {
    const o = twoGroups(c.optimizer);
    if (c.scheduler === "ReduceLROnPlateau") {
      const s = new optim.ReduceLROnPlateau(o, c.options);
      c.metrics!.forEach((m, i) => {
        o.step();
        s.step(m);
        s.getLastLr().forEach((lr, g) => close(lr, c.lrs[i + 1][g], `step ${i + 1}, group ${g}`));
      });
      return;
    }
    const s = make(c.scheduler, o, c.options);
    for (let i = 0; i < c.lrs.length; i++) {
      if (i > 0) {
        o.step();
        s.step();
      }
      s.getLastLr().forEach((lr, g) => close(lr, c.lrs[i][g], `step ${i}, group ${g}`));
      assert.deepEqual(
        s.getLastLr(),
        o.paramGroups.map((g) => g.lr),
      );
      if (c.scheduler === "OneCycleLR")
        momentumOf(o).forEach((m, g) =>
          close(m, c.momentum![i][g], `momentum at step ${i}, group ${g}`),
        );
    }
  });
}

test("schedulers: bad options are refused with the fix", () => {
  const o = twoGroups("SGD");
  const cases: [() => unknown, RegExp][] = [
    [
      () => new optim.LinearLR(o, { startFactor: 2 }),
      /LinearLR: startFactor must be between 0 and 1, got 2/,
    ],
    [
      () => new optim.LambdaLR(o, [(e) => e]),
      /LambdaLR: expected 2 values for lrLambda \(one per param group\), got 1/,
    ],
    [
      () => new optim.OneCycleLR(o, 0.1),
      /OneCycleLR: give either totalSteps or \(epochs and stepsPerEpoch\)/,
    ],
    [() => new optim.CosineAnnealingWarmRestarts(o, 0), /t0 must be a positive integer, got 0/],
    [
      () => new optim.ReduceLROnPlateau(o, { factor: 1 }),
      /ReduceLROnPlateau: factor should be < 1.0, got 1/,
    ],
    [
      () => new optim.SequentialLR(o, [new optim.StepLR(o, 2)], [3]),
      /expects one milestone fewer than schedulers/,
    ],
    [
      () => new optim.MultiStepLR(o, [-1]),
      /MultiStepLR: milestones must be a list of epoch numbers/,
    ],
  ];
  for (const [f, re] of cases) assert.throws(f, re);
  const one = new optim.OneCycleLR(twoGroups("SGD"), 0.1, { totalSteps: 2 });
  one.step();
  one.step();
  assert.throws(
    () => one.step(),
    /OneCycleLR: tried to step 4 times; the specified number of total steps is 2/,
  );
});
