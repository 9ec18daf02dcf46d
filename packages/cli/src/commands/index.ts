import type { Command } from "commander";

/** A subcommand: what `descent --help` lists, and its module, loaded only when it runs. */
export interface CommandEntry {
  name: string;
  /** The arguments as `descent --help` shows them after the name. */
  terms: string;
  description: string;
  /** The module that adds the command's arguments, options, help and action. */
  load(): Promise<{ configure(cmd: Command): void }>;
}

/**
 * Every subcommand, in the order `--help` lists them. The modules are imported on demand (each
 * pulls in the library, and some the chart renderer), so `descent --help` and `--version` load
 * none of them.
 */
export const COMMANDS: CommandEntry[] = [
  {
    name: "start",
    terms: "[options]",
    description:
      "run the seed's two programs (the 4-10-1 sigmoid network and the softmax regression) on the seed's data, with the seed's output and plots",
    load: () => import("./start.js"),
  },
  {
    name: "run",
    terms: "[options] <example>",
    description: "run an example program end to end: train, log, report accuracy, plot",
    load: () => import("./run.js"),
  },
  {
    name: "train",
    terms: "[options]",
    description: "train a sequential model from a layer spec on a CSV file or a data generator",
    load: () => import("./train.js"),
  },
  {
    name: "predict",
    terms: "[options]",
    description: "write a saved model's predictions for a CSV file (or a generator) as CSV",
    load: () => import("./predict.js"),
  },
  {
    name: "lr-sweep",
    terms: "[options]",
    description:
      "train the same model from the same initial weights at several learning rates and draw their loss curves on one chart",
    load: () => import("./lr_sweep.js"),
  },
  {
    name: "data",
    terms: "",
    description:
      "generate scikit-learn's synthetic data sets (same parameters, same numbers) as CSV or JSON",
    load: () => import("./data.js"),
  },
  {
    name: "playground",
    terms: "[options]",
    description: "serve the playground page (train models in the browser) on 127.0.0.1",
    load: () => import("./playground.js"),
  },
];
