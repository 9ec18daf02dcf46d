/**
 * The seed's three lessons, computed with the library: the learning rate (one model at three
 * rates), gradient descent on the loss surface of a two-parameter model, and one step of
 * backpropagation with every intermediate value and gradient. Runs in the worker and in Node.
 */
import {
  DataLoader,
  Generator,
  TensorDataset,
  data,
  fromTypedArray,
  nn,
  noGrad,
  tensor,
} from "descent";
import type { Tensor } from "descent";
import type { Config } from "./config.js";
import { LIMITS, clamp } from "./config.js";
import type { Split } from "./data.js";
import { buildOptimizer } from "./model.js";
import type { Divergence } from "./session.js";
import { Session, divergence } from "./session.js";

export interface CompareRun {
  label: string;
  lr: number;
  losses: number[];
  divergence: Divergence | null;
}
export interface CompareResult {
  epochs: number;
  runs: CompareRun[];
}

/** The rates compared: 100 times smaller, the chosen one, 100 times larger (within 1e-5..10). */
export function compareRates(lr: number): [number, number, number] {
  return [clamp(lr / 100, LIMITS.lr), lr, clamp(lr * 100, LIMITS.lr)];
}

/** The same model, data and seed trained at three rates; a run stops when it diverges. */
export function compareLearningRates(c: Config, split: Split, epochs: number): CompareResult {
  const labels = ["100 times smaller", "chosen", "100 times larger"];
  const runs = compareRates(c.lr).map((lr, i) => {
    const s = new Session({ ...c, lr }, split);
    let div: Divergence | null = null;
    while (s.epoch < epochs && !div) {
      s.stepEpoch();
      div = divergence(s.history, lr);
    }
    return { label: labels[i], lr, losses: s.history.map((h) => h.trainLoss), divergence: div };
  });
  return { epochs, runs };
}

export interface SurfaceResult {
  /** Loss on a g x g grid of (w, b): row r is b from b1 down to b0, column c is w from w0 to w1. */
  loss: Float32Array;
  g: number;
  w0: number;
  w1: number;
  b0: number;
  b1: number;
  /** (w, b) before each update and after the last. */
  path: [number, number][];
  trueW: number;
  trueB: number;
  kind: string;
}

export const SURFACE = { n: 200, trueW: 2, trueB: 1, noise: 0.5, start: [-2, -2.5] as const };

/**
 * 1-feature linear regression, y = 2x + 1 + noise, fitted by nn.Linear(1, 1) from (w, b) =
 * (-2, -2.5) with the config's optimizer, rate and batch size; the MSE surface over (w, b).
 */
export function lossSurface(c: Config, steps: number, g = 48): SurfaceResult {
  const rs = new data.RandomState(c.data.seed);
  const xs = rs.standardNormal(SURFACE.n);
  const e = rs.standardNormal(SURFACE.n);
  const x = fromTypedArray(Float32Array.from(xs), [SURFACE.n, 1]);
  const y = fromTypedArray(
    Float32Array.from(xs, (v, i) => SURFACE.trueW * v + SURFACE.trueB + SURFACE.noise * e[i]),
    [SURFACE.n, 1],
  );
  const model = new nn.Linear(1, 1);
  const setWB = (w: number, b: number) =>
    model.loadStateDict({ weight: tensor([[w]]), bias: tensor([b]) });
  setWB(...SURFACE.start);
  const mse = new nn.MSELoss();
  const opt = buildOptimizer(c, model);
  const batchSize = c.batchSize === 0 ? SURFACE.n : Math.min(c.batchSize, SURFACE.n);
  const loader = new DataLoader(new TensorDataset(x, y), {
    batchSize,
    shuffle: batchSize < SURFACE.n,
    generator: new Generator(c.initSeed + 1),
  });
  const wb = (): [number, number] => [model.weight.item(), model.bias!.item()];
  const path: [number, number][] = [wb()];
  outer: for (;;) {
    for (const [xb, yb] of loader) {
      if (path.length > steps) break outer;
      opt.zeroGrad();
      mse.forward(model.forward(xb), yb).backward();
      opt.step();
      const p = wb();
      path.push(p);
      if (!p.every(Number.isFinite) || Math.abs(p[0]) > 1e6) break outer;
    }
  }
  const [w0, w1, b0, b1] = [-4, 6, -4, 5];
  const loss = new Float32Array(g * g);
  noGrad(() => {
    for (let r = 0; r < g; r++) {
      for (let col = 0; col < g; col++) {
        setWB(w0 + ((col + 0.5) / g) * (w1 - w0), b1 - ((r + 0.5) / g) * (b1 - b0));
        loss[r * g + col] = mse.forward(model.forward(x), y).item();
      }
    }
  });
  const kind =
    batchSize === SURFACE.n
      ? "batch"
      : batchSize === 1
        ? "stochastic"
        : `mini-batch (${batchSize})`;
  return { loss, g, w0, w1, b0, b1, path, trueW: SURFACE.trueW, trueB: SURFACE.trueB, kind };
}

/** One named tensor's values, with its shape. */
export interface Named {
  name: string;
  shape: number[];
  values: number[];
}

export interface BackpropResult {
  x: Named;
  target: number;
  forward: Named[];
  loss: number;
  backward: Named[];
  update: Named[];
  lossAfter: number;
  lr: number;
}

const named = (name: string, t: Tensor): Named => ({
  name,
  shape: t.shape,
  values: Array.from(t.toTypedArray() as Float32Array),
});

/**
 * One SGD update of a 2-3-1 sigmoid network with BCELoss on one training point (its first two
 * columns), every forward value and every gradient read from the library's autograd
 * (`retainGrad` on the intermediates).
 */
export function backpropStep(c: Config, split: Split): BackpropResult {
  const t = split.train;
  const x = fromTypedArray(Float32Array.from([t.X[0], t.X[1]]), [1, 2]);
  const target = Number(t.y[0]) > 0 ? 1 : 0;
  const yt = tensor([[target]]);
  const generator = new Generator(c.initSeed);
  const fc1 = new nn.Linear(2, 3, { generator });
  const fc2 = new nn.Linear(3, 1, { generator });
  const lr = Math.min(c.lr, 1);
  const z1 = fc1.forward(x).retainGrad();
  const a1 = z1.sigmoid().retainGrad();
  const z2 = fc2.forward(a1).retainGrad();
  const a2 = z2.sigmoid().retainGrad();
  const loss = new nn.BCELoss().forward(a2, yt);
  loss.backward();
  const forward = [
    named("W1 (fc1.weight)", fc1.weight),
    named("b1 (fc1.bias)", fc1.bias!),
    named("z1 = x W1ᵀ + b1", z1),
    named("a1 = σ(z1)", a1),
    named("W2 (fc2.weight)", fc2.weight),
    named("b2 (fc2.bias)", fc2.bias!),
    named("z2 = a1 W2ᵀ + b2", z2),
    named("ŷ = a2 = σ(z2)", a2),
  ];
  const backward = [
    named("∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ))", a2.grad!),
    named("∂L/∂z2 = ∂L/∂ŷ · σ'(z2) = ŷ − y", z2.grad!),
    named("∂L/∂W2 = ∂L/∂z2 · a1", fc2.weight.grad!),
    named("∂L/∂b2 = ∂L/∂z2", fc2.bias!.grad!),
    named("∂L/∂a1 = ∂L/∂z2 · W2", a1.grad!),
    named("∂L/∂z1 = ∂L/∂a1 ⊙ a1(1 − a1)", z1.grad!),
    named("∂L/∂W1 = ∂L/∂z1ᵀ · x", fc1.weight.grad!),
    named("∂L/∂b1 = ∂L/∂z1", fc1.bias!.grad!),
  ];
  const lossValue = loss.item();
  const sgd = buildOptimizer(
    { ...c, optimizer: "sgd", lr, momentum: 0 },
    new nn.Sequential(fc1, fc2),
  );
  sgd.step();
  const update = [
    named("W1 − lr · ∂L/∂W1", fc1.weight),
    named("b1 − lr · ∂L/∂b1", fc1.bias!),
    named("W2 − lr · ∂L/∂W2", fc2.weight),
    named("b2 − lr · ∂L/∂b2", fc2.bias!),
  ];
  const lossAfter = noGrad(() =>
    new nn.BCELoss().forward(fc2.forward(fc1.forward(x).sigmoid()).sigmoid(), yt).item(),
  );
  return { x: named("x", x), target, forward, loss: lossValue, backward, update, lossAfter, lr };
}
