import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/tensor/index.js";
import { Generator, cat, stack, tensor, where } from "../../src/tensor/index.js";
import { gradcheck, rand64 } from "../helpers/gradcheck.js";

/**
 * Central-difference gradient checks in float64 for every differentiable op: one row per case,
 * with the shapes of its inputs. Inputs are uniform in [-2, 2) unless the row says otherwise
 * (positive for log, sqrt and pow's base; away from 0 for abs and relu's kinks).
 */

type Spec = number[] | { shape: number[]; lo?: number; hi?: number; away?: number };
interface Row {
  name: string;
  inputs: Spec[];
  fn: (...xs: Tensor[]) => Tensor;
}

const POS = (...shape: number[]): Spec => ({ shape, lo: 0.3, hi: 2 });
const AWAY = (...shape: number[]): Spec => ({ shape, away: 0.1 });

const ROWS: Row[] = [
  // elementwise binary, with broadcasting
  {
    name: "add",
    inputs: [
      [2, 3],
      [2, 3],
    ],
    fn: (a, b) => a.add(b),
  },
  { name: "add [3,1]x[4]", inputs: [[3, 1], [4]], fn: (a, b) => a.add(b) },
  { name: "add alpha", inputs: [[2, 3], [3]], fn: (a, b) => a.add(b, -1.5) },
  { name: "sub [2,3,4]x[4]", inputs: [[2, 3, 4], [4]], fn: (a, b) => a.sub(b) },
  { name: "sub [4]x[2,1,4]", inputs: [[4], [2, 1, 4]], fn: (a, b) => a.sub(b) },
  { name: "mul [3,1]x[4]", inputs: [[3, 1], [4]], fn: (a, b) => a.mul(b) },
  { name: "mul by 0-d", inputs: [[2, 3], []], fn: (a, b) => a.mul(b) },
  { name: "mul scalar", inputs: [[5]], fn: (a) => a.mul(-2.5) },
  { name: "div [2,3,4]x[4]", inputs: [[2, 3, 4], AWAY(4)], fn: (a, b) => a.div(b) },
  { name: "div [3,1]x[1,4]", inputs: [[3, 1], AWAY(1, 4)], fn: (a, b) => a.div(b) },
  { name: "rsub", inputs: [[4]], fn: (a) => a.rsub(1) },
  { name: "pow tensor", inputs: [POS(2, 3), [2, 3]], fn: (a, b) => a.pow(b) },
  { name: "pow tensor [3,1]x[4]", inputs: [POS(3, 1), [4]], fn: (a, b) => a.pow(b) },
  { name: "pow scalar 3", inputs: [[5]], fn: (a) => a.pow(3) },
  { name: "pow scalar -1.5", inputs: [POS(5)], fn: (a) => a.pow(-1.5) },
  { name: "pow scalar 0.5", inputs: [POS(5)], fn: (a) => a.pow(0.5) },
  { name: "maximum", inputs: [[2, 3], [3]], fn: (a, b) => a.maximum(b) },
  { name: "minimum", inputs: [[3, 1], [4]], fn: (a, b) => a.minimum(b) },
  // elementwise unary
  { name: "neg", inputs: [[2, 3]], fn: (a) => a.neg() },
  { name: "exp", inputs: [[2, 3]], fn: (a) => a.exp() },
  { name: "log", inputs: [POS(2, 3)], fn: (a) => a.log() },
  { name: "sqrt", inputs: [POS(2, 3)], fn: (a) => a.sqrt() },
  { name: "abs", inputs: [AWAY(2, 3)], fn: (a) => a.abs() },
  { name: "square", inputs: [[2, 3]], fn: (a) => a.square() },
  { name: "sigmoid", inputs: [[2, 3]], fn: (a) => a.sigmoid() },
  { name: "tanh", inputs: [[2, 3]], fn: (a) => a.tanh() },
  { name: "relu", inputs: [AWAY(2, 3)], fn: (a) => a.relu() },
  { name: "clamp min", inputs: [[8]], fn: (a) => a.clamp(0.05) },
  { name: "clamp max", inputs: [[8]], fn: (a) => a.clamp(null, 0.05) },
  { name: "clamp both", inputs: [[3, 4]], fn: (a) => a.clamp(-0.95, 1.05) },
  // matmul
  { name: "matmul 1-D x 1-D", inputs: [[4], [4]], fn: (a, b) => a.matmul(b) },
  { name: "matmul 1-D x 2-D", inputs: [[4], [4, 3]], fn: (a, b) => a.matmul(b) },
  { name: "matmul 2-D x 1-D", inputs: [[2, 4], [4]], fn: (a, b) => a.matmul(b) },
  {
    name: "matmul 2-D x 2-D",
    inputs: [
      [3, 4],
      [4, 2],
    ],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: "matmul batched",
    inputs: [
      [2, 3, 4],
      [2, 4, 2],
    ],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: "matmul broadcast batch [2,1,3,4]x[5,4,2]",
    inputs: [
      [2, 1, 3, 4],
      [5, 4, 2],
    ],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: "matmul [3,4]x[2,4,5]",
    inputs: [
      [3, 4],
      [2, 4, 5],
    ],
    fn: (a, b) => a.matmul(b),
  },
  { name: "matmul [2,3,4]x[4]", inputs: [[2, 3, 4], [4]], fn: (a, b) => a.matmul(b) },
  { name: "matmul [4]x[2,4,3]", inputs: [[4], [2, 4, 3]], fn: (a, b) => a.matmul(b) },
  {
    name: "mm",
    inputs: [
      [2, 3],
      [3, 4],
    ],
    fn: (a, b) => a.mm(b),
  },
  // reductions
  { name: "sum all", inputs: [[2, 3, 4]], fn: (a) => a.sum() },
  { name: "sum dim 1", inputs: [[2, 3, 4]], fn: (a) => a.sum(1) },
  { name: "sum dims [0,2] keepdim", inputs: [[2, 3, 4]], fn: (a) => a.sum([0, 2], true) },
  { name: "mean all", inputs: [[2, 3]], fn: (a) => a.mean() },
  { name: "mean dim -1 keepdim", inputs: [[2, 3, 4]], fn: (a) => a.mean(-1, true) },
  { name: "mean dims [0,1]", inputs: [[2, 3, 4]], fn: (a) => a.mean([0, 1]) },
  { name: "max all", inputs: [[3, 4]], fn: (a) => a.max() },
  { name: "min all", inputs: [[3, 4]], fn: (a) => a.min() },
  { name: "max dim 1", inputs: [[3, 4]], fn: (a) => a.max(1).values },
  { name: "min dim 0 keepdim", inputs: [[2, 3, 4]], fn: (a) => a.min(0, true).values },
  { name: "softmax dim 1", inputs: [[2, 5]], fn: (a) => a.softmax(1) },
  { name: "softmax 3-D dim 0", inputs: [[2, 3, 4]], fn: (a) => a.softmax(0) },
  { name: "softmax 3-D dim -1", inputs: [[2, 3, 4]], fn: (a) => a.softmax(-1) },
  { name: "logSoftmax dim 0", inputs: [[3, 2]], fn: (a) => a.logSoftmax(0) },
  { name: "logSoftmax 3-D dim 1", inputs: [[2, 3, 4]], fn: (a) => a.logSoftmax(1) },
  // movement
  { name: "reshape", inputs: [[2, 3, 4]], fn: (a) => a.reshape(4, -1) },
  { name: "flatten 1..2", inputs: [[2, 3, 4]], fn: (a) => a.flatten(1) },
  { name: "squeeze", inputs: [[1, 3, 1, 2]], fn: (a) => a.squeeze() },
  { name: "unsqueeze", inputs: [[2, 3]], fn: (a) => a.unsqueeze(1) },
  { name: "transpose", inputs: [[2, 3, 4]], fn: (a) => a.transpose(0, 2) },
  { name: "t", inputs: [[2, 3]], fn: (a) => a.t() },
  { name: "T", inputs: [[2, 3, 4]], fn: (a) => a.T },
  { name: "permute", inputs: [[2, 3, 4]], fn: (a) => a.permute(1, 2, 0) },
  { name: "expand", inputs: [[3, 1]], fn: (a) => a.expand(2, 3, 4) },
  {
    name: "cat dim 1",
    inputs: [
      [2, 1],
      [2, 3],
    ],
    fn: (a, b) => cat([a, b], 1),
  },
  { name: "cat reuses an input", inputs: [[2, 3]], fn: (a) => cat([a, a.exp(), a], 0) },
  {
    name: "stack dim -1",
    inputs: [
      [2, 3],
      [2, 3],
    ],
    fn: (a, b) => stack([a, b], -1),
  },
  { name: "narrow", inputs: [[2, 5]], fn: (a) => a.narrow(1, 1, 3) },
  { name: "slice", inputs: [[5, 2]], fn: (a) => a.slice(-3) },
  { name: "index", inputs: [[3, 4]], fn: (a) => a.index(-2) },
  { name: "indexSelect repeated", inputs: [[3, 2]], fn: (a) => a.indexSelect(0, [2, 0, 2, 2]) },
  {
    name: "gather dim 1",
    inputs: [[3, 4]],
    fn: (a) =>
      a.gather(
        1,
        tensor(
          [
            [0, 3, 3],
            [1, 1, 0],
            [2, 0, 1],
          ],
          { dtype: "int32" },
        ),
      ),
  },
  {
    name: "where",
    inputs: [[2, 3], [3]],
    fn: (a, b) =>
      where(
        tensor([
          [true, false, true],
          [false, false, true],
        ]),
        a,
        b,
      ),
  },
  { name: "clone", inputs: [[2, 2]], fn: (a) => a.clone() },
  // graphs
  { name: "x * x reuses x", inputs: [[3]], fn: (x) => x.mul(x) },
  {
    name: "diamond: f(x) + g(x)",
    inputs: [[2, 3]],
    fn: (x) => x.exp().mul(x.tanh()).add(x.pow(2).sum(1, true)),
  },
  {
    name: "two paths through one matmul",
    inputs: [
      [3, 4],
      [4, 2],
    ],
    fn: (a, w) => {
      const h = a.matmul(w).tanh();
      return h.mul(h.softmax(1)).add(a.sum(1, true));
    },
  },
  {
    name: "mlp layer: x W^T + b, relu, logSoftmax",
    inputs: [[5, 4], [3, 4], [3]],
    fn: (x, w, b) => x.matmul(w.t()).add(b).tanh().logSoftmax(1),
  },
];

for (const row of ROWS) {
  test(`gradcheck ${row.name}`, () => {
    const g = new Generator(ROWS.indexOf(row) + 1);
    const xs = row.inputs.map((s) =>
      Array.isArray(s) ? rand64(s, g) : rand64(s.shape, g, { lo: s.lo, hi: s.hi, away: s.away }),
    );
    gradcheck(row.fn, xs);
  });
}

test("gradient accumulates across two backward calls", () => {
  const g = new Generator(7);
  const x = rand64([2, 3], g);
  const w = rand64([3], g);
  const f = () => x.mul(w).tanh().sum();
  f().backward();
  const first = x.grad!.toTypedArray();
  const firstW = w.grad!.toTypedArray();
  f().backward();
  const second = x.grad!.toTypedArray();
  second.forEach((v, i) => assert.ok(Math.abs(v - 2 * first[i]) < 1e-12));
  w.grad!.toTypedArray().forEach((v, i) => assert.ok(Math.abs(v - 2 * firstW[i]) < 1e-12));
});

test("broadcast gradients are summed back to each input's shape", () => {
  const a = rand64([3, 1], new Generator(3));
  const b = rand64([4], new Generator(4));
  a.add(b).sum().backward();
  assert.deepEqual(a.grad!.shape, [3, 1]);
  assert.deepEqual(a.grad!.tolist(), [[4], [4], [4]]);
  assert.deepEqual(b.grad!.tolist(), [3, 3, 3, 3]);
});

test("gradcheck itself fails on a wrong gradient", () => {
  // x * detach(x) has gradient x, but its value changes like x^2 (gradient 2x).
  const x = rand64([3], new Generator(5), { away: 0.5 });
  assert.throws(() => gradcheck((a) => a.mul(a.detach()), [x]), /central difference/);
});
