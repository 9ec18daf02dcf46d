/**
 * The examples that session.ts's loop (`train.fit`) trains: the seed's two programs
 * (shared/seed) and d2l's linear regression (3.2-3.3). Each gives its model, data, loss and
 * defaults.
 */
import {
  LinearNet,
  SoftmaxNet,
  TRUE_B,
  TRUE_W,
  linregData,
  linregNet,
  lossByName,
  seedData,
} from "../lib.js";
import { SEED_DEFAULTS } from "../options.js";
import type { FitExample } from "./types.js";

export const FIT_EXAMPLES: FitExample[] = [
  {
    kind: "fit",
    name: "seed-mlp",
    summary:
      "the seed's LinearNet (fc1 4->10, sigmoid, fc2 10->1, sigmoid), BCELoss, SGD, on make_classification(1000 x 4, random_state=42)",
    defaults: SEED_DEFAULTS,
    title: "Linear Classification",
    logAccuracy: false,
    setup(generator) {
      const { X, y } = seedData();
      return {
        model: new LinearNet({ generator }),
        x: X,
        y: y.float().view(-1, 1),
        loss: lossByName("bce"),
      };
    },
  },
  {
    kind: "fit",
    name: "seed-softmax",
    summary:
      "the seed's SoftmaxNet (fc 4->3, softmax), CrossEntropyLoss, SGD, on make_classification(1000 x 4, random_state=42)",
    defaults: SEED_DEFAULTS,
    title: "Softmax Regression",
    logAccuracy: true,
    setup(generator) {
      const { X, y } = seedData();
      return { model: new SoftmaxNet({ generator }), x: X, y, loss: lossByName("cross-entropy") };
    },
  },
  {
    kind: "fit",
    name: "linreg",
    summary:
      "d2l 3.2-3.3 linear regression: y = X [2, -3.4] + 4.2 + noise, 1000 examples, Linear(2, 1), MSELoss, SGD lr 0.03, batches of 10, 3 epochs",
    defaults: { epochs: 3, lr: 0.03, batchSize: 10, logEvery: 1 },
    title: "Linear Regression",
    logAccuracy: false,
    setup(generator) {
      const { X, y } = linregData(generator);
      return { model: linregNet(generator), x: X, y, loss: lossByName("mse") };
    },
    report(model) {
      const sd = model.stateDict();
      const w = Array.from(sd["0.weight"].toTypedArray(), Number);
      const b = Number(sd["0.bias"].item());
      const errW = TRUE_W.map((t, i) => t - w[i]);
      const errB = TRUE_B - b;
      const f = (v: number) => v.toFixed(4);
      return {
        lines: [
          `w: [${w.map(f).join(", ")}], error in estimating w: [${errW.map(f).join(", ")}]`,
          `b: ${f(b)}, error in estimating b: ${f(errB)}`,
        ],
        fields: { w, b, w_error: errW, b_error: errB },
      };
    },
  },
];
