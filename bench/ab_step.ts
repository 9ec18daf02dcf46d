/**
 * A/B timing of one training step of the seed's programs in two checkouts of descent loaded into
 * one process: blocks of steps alternate between the two, so both see the same machine load at
 * nearly the same moment, which a shared, loaded machine needs for differences under ~20 %
 * (bench/ab_seed_mlp.ts's fresh processes spread that much between two runs of one checkout).
 *
 *   node --import tsx bench/ab_step.ts --a DIR_A --b DIR_B [--program mlp|softmax]
 *     [--rounds 16] [--steps 500]
 *
 * mlp: 4-10-1 sigmoid MLP, BCELoss; softmax: Linear(4, 3), softmax, CrossEntropyLoss; both on
 * the seed's 1000 samples, full batch, SGD lr 0.1. Prints the minimum and median microseconds
 * per step of each (after one untimed round) and b/a of both.
 */
import { loadCheckout, opt, programOption, seedProgram } from "./ab_seed.js";

const program = programOption();
const rounds = Number(opt("--rounds", "16"));
const steps = Number(opt("--steps", "500"));
const runs = {
  a: seedProgram(await loadCheckout(opt("--a")!), program)(),
  b: seedProgram(await loadCheckout(opt("--b")!), program)(),
};
const times: Record<"a" | "b", number[]> = { a: [], b: [] };
for (let r = 0; r <= rounds; r++) {
  for (const k of r % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) runs[k]();
    if (r > 0) times[k].push(((performance.now() - t0) / steps) * 1000); // round 0 warms up
  }
}
const sorted = (k: "a" | "b") => times[k].slice().sort((p, q) => p - q);
const min = (k: "a" | "b") => sorted(k)[0];
const med = (k: "a" | "b") => sorted(k)[Math.floor(rounds / 2)];
console.log(
  `${program}: min a ${min("a").toFixed(1)} us, b ${min("b").toFixed(1)} us, b/a ${(min("b") / min("a")).toFixed(3)}; ` +
    `median a ${med("a").toFixed(1)} us, b ${med("b").toFixed(1)} us, b/a ${(med("b") / med("a")).toFixed(3)}`,
);
