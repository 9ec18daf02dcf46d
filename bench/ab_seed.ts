/**
 * What the two A/B scripts (ab_seed_mlp.ts: fresh processes; ab_step.ts: one process) share: the
 * command line's `--name value` options, loading a checkout's library source, and the seed's two
 * programs (mlp: 4-10-1 sigmoid MLP, BCELoss; softmax: Linear(4, 3), softmax, CrossEntropyLoss;
 * both on make_classification(1000 x 4, random_state=42), full batch, SGD lr 0.1).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type * as LibModule from "../packages/descent/src/index.js";

export type Lib = typeof LibModule;

const args = process.argv.slice(2);
/** The value after `name` on the command line, else `dflt`. */
export const opt = (name: string, dflt?: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

/** `--program`: mlp (the default) or softmax; anything else is refused. */
export function programOption(): "mlp" | "softmax" {
  const program = opt("--program", "mlp")!;
  if (program !== "mlp" && program !== "softmax")
    throw new Error(`--program: expected mlp or softmax, got ${program}`);
  return program;
}

/** The library source of a checkout, before and after the move to packages/ (issue 10). */
export async function loadCheckout(dir: string): Promise<Lib> {
  const entry = ["packages/descent/src/index.ts", "src/index.ts"].find((p) =>
    existsSync(resolve(dir, p)),
  );
  if (!entry) throw new Error(`${dir}: no packages/descent/src/index.ts or src/index.ts`);
  return (await import(resolve(dir, entry))) as Lib;
}

/**
 * The seed's data for `program` and a maker of its training step: each call seeds the library
 * (manualSeed(0)), builds a fresh model, loss and optimizer, and returns one full-batch step
 * that gives the step's loss tensor.
 */
export function seedProgram(lib: Lib, program: "mlp" | "softmax"): () => () => LibModule.Tensor {
  const { nn, optim } = lib;
  const { X, y: labels } = lib.datasets.makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  const softmax = program === "softmax";
  const y = softmax ? labels : labels.float().view(-1, 1);
  return () => {
    lib.manualSeed(0);
    const model = softmax
      ? new nn.Sequential(new nn.Linear(4, 3), new nn.Softmax(1))
      : new nn.Sequential(
          new nn.Linear(4, 10),
          new nn.Sigmoid(),
          new nn.Linear(10, 1),
          new nn.Sigmoid(),
        );
    const criterion = softmax ? new nn.CrossEntropyLoss() : new nn.BCELoss();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
    return () => {
      const l = criterion.forward(model.forward(X), y);
      optimizer.zeroGrad();
      l.backward();
      optimizer.step();
      return l;
    };
  };
}
