/**
 * "Learning PyTorch with Examples", Warm-up: numpy
 * (https://pytorch.org/tutorials/beginner/examples_tensor/polynomial_numpy.html).
 *
 * A third order polynomial, trained to predict y = sin(x) from -pi to pi by minimizing squared
 * Euclidean distance, with the forward pass, loss and backward pass written by hand. numpy's
 * arrays become plain JavaScript arrays of doubles (numpy's float64) and its vectorised
 * expressions become `map` and loops; `np.random.randn()` is numpy's own stream, which
 * `data.RandomState` reproduces: with the same seed this program starts where numpy starts.
 *
 * Run: npx tsx examples/pytorch/polynomial_numpy.ts
 */
import { data } from "descent";
import type { TutorialOptions } from "./options.js";
import { isMain } from "./options.js";

/** np.linspace(start, stop, num): evenly spaced, the last value exactly `stop`. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

const sum = (v: readonly number[]) => v.reduce((s, e) => s + e, 0);

export function run(opts: TutorialOptions & { seed?: number } = {}): number[] {
  const log = opts.log ?? console.log;
  const np = { random: new data.RandomState(opts.seed ?? 0) };

  // Create random input and output data
  const x = linspace(-Math.PI, Math.PI, 2000);
  const y = x.map(Math.sin);

  // Randomly initialize weights
  let a = np.random.randn()[0];
  let b = np.random.randn()[0];
  let c = np.random.randn()[0];
  let d = np.random.randn()[0];

  const learningRate = 1e-6;
  for (let t = 0; t < 2000; t++) {
    // Forward pass: compute predicted y
    // y = a + b x + c x^2 + d x^3
    const yPred = x.map((xi) => a + b * xi + c * xi ** 2 + d * xi ** 3);

    // Compute and print loss
    const loss = sum(yPred.map((p, i) => (p - y[i]) ** 2));
    if (t % 100 === 99) log(`${t} ${loss}`);

    // Backprop to compute gradients of a, b, c, d with respect to loss
    const gradYPred = yPred.map((p, i) => 2.0 * (p - y[i]));
    const gradA = sum(gradYPred);
    const gradB = sum(gradYPred.map((g, i) => g * x[i]));
    const gradC = sum(gradYPred.map((g, i) => g * x[i] ** 2));
    const gradD = sum(gradYPred.map((g, i) => g * x[i] ** 3));

    // Update weights
    a -= learningRate * gradA;
    b -= learningRate * gradB;
    c -= learningRate * gradC;
    d -= learningRate * gradD;
  }

  log(`Result: y = ${a} + ${b} x + ${c} x^2 + ${d} x^3`);
  return [a, b, c, d];
}

if (isMain(import.meta.url)) run();
