/**
 * The programs `descent run <example>` knows, in one table: the seed's two (shared/seed) and
 * d2l's linear regression, trained by session.ts's loop (`train.fit`), and d2l's Fashion-MNIST
 * programs (softmax regression, MLP), trained by the book's `trainCh3` as the book does.
 */
import type { Example, FitExample } from "./types.js";
import { FIT_EXAMPLES } from "./seed.js";
import { D2L_EXAMPLES } from "./d2l.js";

export type { Example, FitExample, D2lExample, ExampleSetup } from "./types.js";

/** Every example, in the order `descent run --help` lists them. */
export const EXAMPLES: readonly Example[] = [...FIT_EXAMPLES, ...D2L_EXAMPLES];

export function exampleByName(name: string): Example {
  const e = EXAMPLES.find((x) => x.name === name);
  if (!e) {
    throw new Error(
      `unknown example "${name}"; available: ${EXAMPLES.map((x) => x.name).join(", ")}`,
    );
  }
  return e;
}

/** An example that `train.fit` trains (what `lr-sweep` and `start` can use), or an error naming `op`. */
export function fitExampleByName(name: string, op: string): FitExample {
  const e = exampleByName(name);
  if (e.kind !== "fit") {
    throw new Error(
      `${op}: ${name} trains with d2l's loop on Fashion-MNIST; ${op} takes ${FIT_EXAMPLES.map((x) => x.name).join(", ")}`,
    );
  }
  return e;
}
