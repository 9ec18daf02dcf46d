/** The page's state without a browser: URL round trip, presets, normalisation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Config } from "../src/core/config.js";
import {
  ACTIVATIONS,
  DATASETS,
  DEFAULT_CONFIG,
  DERIVED,
  LOSSES,
  OPTIMIZERS,
  REGULARIZERS,
  descentKind,
  normalize,
} from "../src/core/config.js";
import { PRESETS, presetOf } from "../src/core/presets.js";
import { fromQuery, toQuery } from "../src/core/url.js";

test("the default config is the seed's run and its URL is empty", () => {
  assert.equal(toQuery(DEFAULT_CONFIG), "");
  assert.deepEqual(fromQuery(""), DEFAULT_CONFIG);
  assert.deepEqual(normalize(DEFAULT_CONFIG), DEFAULT_CONFIG);
  assert.equal(presetOf(DEFAULT_CONFIG)?.id, "seed-mlp");
  const d = DEFAULT_CONFIG.data;
  assert.deepEqual(
    [d.name, d.nSamples, d.nFeatures, d.nInformative, d.seed],
    ["classification", 1000, 4, 2, 42],
  );
});

const configArb: fc.Arbitrary<Config> = fc
  .record({
    name: fc.constantFrom(...DATASETS.filter((d) => d !== "csv")),
    nSamples: fc.integer({ min: 1, max: 9000 }),
    nFeatures: fc.integer({ min: 1, max: 30 }),
    nInformative: fc.integer({ min: 1, max: 30 }),
    nClasses: fc.integer({ min: 1, max: 9 }),
    noise: fc.double({ min: 0, max: 6, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    testRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    hidden: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 10 }),
    activations: fc.array(fc.constantFrom(...ACTIVATIONS), { maxLength: 10 }),
    derived: fc.subarray([...DERIVED]),
    loss: fc.constantFrom(...LOSSES),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    regularizer: fc.constantFrom(...REGULARIZERS),
    lr: fc.double({ min: 1e-6, max: 20, noNaN: true }),
    momentum: fc.double({ min: 0, max: 1, noNaN: true }),
    nesterov: fc.boolean(),
    batchSize: fc.integer({ min: 0, max: 6000 }),
    initSeed: fc.integer({ min: 0, max: 1000 }),
    dropout: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((r) =>
    normalize({
      ...DEFAULT_CONFIG,
      data: {
        ...DEFAULT_CONFIG.data,
        name: r.name,
        nSamples: r.nSamples,
        nFeatures: r.nFeatures,
        nInformative: r.nInformative,
        nClasses: r.nClasses,
        noise: r.noise,
        seed: r.seed,
        testRatio: r.testRatio,
      },
      columns: [0, 1],
      derived: r.derived,
      hidden: r.hidden,
      activations: r.activations,
      loss: r.loss,
      optimizer: r.optimizer,
      regularizer: r.regularizer,
      lr: r.lr,
      momentum: r.momentum,
      nesterov: r.nesterov,
      batchSize: r.batchSize,
      initSeed: r.initSeed,
      dropout: r.dropout,
    }),
  );

test("URL round trip: fromQuery(toQuery(c)) is c for any normalised config", () => {
  fc.assert(
    fc.property(configArb, (c) => {
      assert.deepEqual(fromQuery(toQuery(c)), c);
    }),
    { numRuns: 300 },
  );
});

test("malformed URL values fall back to the defaults, within limits", () => {
  const c = fromQuery("lr=abc&h=3,x&act=bogus&data=nope&n=999999&bs=-4&test=2&loss=zz");
  assert.equal(c.lr, DEFAULT_CONFIG.lr);
  assert.deepEqual(c.hidden, DEFAULT_CONFIG.hidden);
  assert.equal(c.data.name, "classification");
  assert.equal(c.data.nSamples, 5000);
  assert.equal(c.batchSize, 0);
  assert.equal(c.data.testRatio, 0.9);
  assert.equal(c.loss, "bce");
  assert.equal(fromQuery("lr=100").lr, 10);
  assert.equal(fromQuery("lr=1e-9").lr, 1e-5);
  assert.equal(fromQuery("drop=0.25").dropout, 0.25);
  assert.equal(fromQuery("drop=2").dropout, 0.9);
  assert.equal(fromQuery("drop=-1").dropout, 0);
});

test("normalize keeps the loss and the output consistent", () => {
  const base = normalize({ ...DEFAULT_CONFIG });
  assert.equal(normalize({ ...base, loss: "bce", output: "none" }).output, "sigmoid");
  assert.equal(normalize({ ...base, loss: "ce", output: "sigmoid" }).output, "none");
  assert.equal(normalize({ ...base, loss: "ce", output: "softmax" }).output, "softmax");
  const reg = normalize({ ...base, data: { ...base.data, name: "plane" }, loss: "bce" });
  assert.equal(reg.loss, "mse");
  assert.equal(reg.data.nFeatures, 2);
  assert.deepEqual(reg.columns, [0, 1]);
  const deep = normalize({
    ...base,
    hidden: [100, 0, 5, 5, 5, 5, 5, 5, 5, 5],
    activations: ["tanh"],
  });
  assert.deepEqual(deep.hidden, [64, 1, 5, 5, 5, 5, 5, 5]);
  assert.deepEqual(deep.activations, Array(8).fill("tanh"));
});

test("presets: the seed's two programs and the others, each a normalised config with its own URL", () => {
  const ids = PRESETS.map((p) => p.id);
  assert.deepEqual(ids, [
    "seed-mlp",
    "seed-softmax",
    "seed-softmax-logits",
    "logistic",
    "linear-regression",
    "mlp",
  ]);
  const urls = new Set(PRESETS.map((p) => toQuery(p.config)));
  assert.equal(urls.size, PRESETS.length);
  for (const p of PRESETS) {
    assert.deepEqual(normalize(p.config), p.config, p.id);
    assert.deepEqual(fromQuery(toQuery(p.config)), p.config, p.id);
    assert.equal(presetOf(p.config)?.id, p.id);
  }
  const soft = PRESETS[1].config;
  const logits = PRESETS[2].config;
  assert.deepEqual([soft.hidden, soft.output, soft.loss, soft.outUnits], [[], "softmax", "ce", 3]);
  assert.deepEqual([logits.output, logits.loss], ["none", "ce"]);
});

test("the batch size names the seed's three kinds of gradient descent", () => {
  assert.equal(descentKind(0, 800), "batch gradient descent");
  assert.equal(descentKind(800, 800), "batch gradient descent");
  assert.equal(descentKind(1, 800), "stochastic gradient descent");
  assert.equal(descentKind(32, 800), "mini-batch gradient descent");
});
