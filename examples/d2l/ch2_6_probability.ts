/**
 * d2l (new edition, v1.0) 2.6 "Probability and Statistics"
 * (https://d2l.ai/chapter_preliminaries/probability.html), 2.6.1 A Simple Example: Tossing
 * Coins. `Multinomial(n, probs).sample()` is `bincount(multinomial(probs, n, true), null, 2)`
 * (the counts of n draws with replacement); `Multinomial(1, probs).sample((10000,))`, one-hot
 * rows, is each draw compared with [0, 1].
 *
 * Every number here is random: the test checks their shapes and totals against PyTorch's, and
 * their values against the binomial spread (4 standard deviations), not digit for digit.
 *
 * Run: npx tsx examples/d2l/ch2_6_probability.ts
 */
import { arange, bincount, multinomial, tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

export function run(opts: SectionOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  const numTosses = 100;
  let heads = 0;
  for (let i = 0; i < numTosses; i++) if (Math.random() > 0.5) heads++;
  const tails = numTosses - heads;
  p.show("heads, tails", [heads, tails]);

  const fairProbs = tensor([0.5, 0.5]);
  const sample = (n: number) => bincount(multinomial(fairProbs, n, true), null, 2).to("float32");
  p.show("Multinomial(100, fair_probs).sample()", sample(100));
  p.show("Multinomial(100, fair_probs).sample() / 100", sample(100).div(100));
  let counts = sample(10000);
  p.show("counts / 10000", counts.div(10000));

  // 10000 single tosses as one-hot rows, and the running estimates of each side's probability
  counts = multinomial(fairProbs, 10000, true).reshape(-1, 1).eq(arange(2)).to("float32");
  const cumCounts = counts.cumsum(0);
  const estimates = cumCounts.div(cumCounts.sum(1, true));
  // (the book plots every row; the program prints the estimates after 10, 100, 1000, 10000)
  p.show("estimates.shape", estimates.shape);
  p.show("estimates[[9, 99, 999, 9999]]", estimates.get([9, 99, 999, 9999]));
  return p.shown;
}

if (isMain(import.meta.url)) run();
