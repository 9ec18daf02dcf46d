/**
 * d2l (new edition, v1.0) 2.4 "Calculus" (https://d2l.ai/chapter_preliminaries/calculus.html),
 * 2.4.1 Derivatives and Differentiation: the difference quotient of f(x) = 3x^2 - 4x at x = 1
 * for h = 0.1 down to 0.00001 approaches f'(1) = 2. The book's code is plain Python and NumPy
 * (float64), so this program uses plain numbers; the rest of the section draws plots.
 *
 * Run: npx tsx examples/d2l/ch2_4_calculus.ts
 */
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

const f = (x: number) => 3 * x ** 2 - 4 * x;

export function run(opts: SectionOptions = {}): Record<string, Shown> {
  const p = new Printer(() => {});
  const log = opts.log ?? console.log;
  const hs: number[] = [];
  const limits: number[] = [];
  for (let k = -1; k > -6; k--) {
    const h = 10.0 ** k; // 10.0**np.arange(-1, -6, -1)
    const limit = (f(1 + h) - f(1)) / h;
    log(`h=${h.toFixed(5)}, numerical limit=${limit.toFixed(5)}`);
    hs.push(h);
    limits.push(limit);
  }
  p.show("h", hs);
  p.show("numerical limit", limits);
  return p.shown;
}

if (isMain(import.meta.url)) run();
