/**
 * Flag parsers and the training flags that `run`, `train` and `lr-sweep` share. Each parser
 * throws commander's InvalidArgumentError, so a bad value ends the command with
 * "error: option '--lr <rate>' argument 'abc' is invalid. ..." and a non-zero exit code.
 */
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { MOMENTUM_OPTIMIZERS, OPTIMIZER_NAMES } from "./lib.js";

export function parsePositiveNumber(what: string): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x) || x <= 0) {
      throw new InvalidArgumentError(`${what} must be a positive number (e.g. 0.1).`);
    }
    return x;
  };
}

export function parseNonNegativeNumber(what: string): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x) || x < 0) {
      throw new InvalidArgumentError(`${what} must be a number >= 0.`);
    }
    return x;
  };
}

export function parseInteger(what: string, min: number): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (!/^\s*[+-]?\d+\s*$/.test(v) || !Number.isSafeInteger(x) || x < min) {
      throw new InvalidArgumentError(`${what} must be an integer >= ${min}.`);
    }
    return x;
  };
}

/** `full` (batch gradient descent) or a positive integer (1: stochastic; n: mini-batch). */
export function parseBatchSize(v: string): number | "full" {
  if (v.trim().toLowerCase() === "full") return "full";
  const x = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(x) || x < 1) {
    throw new InvalidArgumentError(
      'the batch size must be "full" or a positive integer (1 for stochastic gradient descent).',
    );
  }
  return x;
}

export function parseFraction(what: string): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !(x >= 0 && x < 1)) {
      throw new InvalidArgumentError(`${what} must be a number in [0, 1) (e.g. 0.2).`);
    }
    return x;
  };
}

/** Learning rates from `--lrs 0.001 0.01 0.1` or `--lrs 0.001,0.01,0.1` (commander variadic). */
export function parseRates(v: string, prev: number[] | undefined): number[] {
  const parse = parsePositiveNumber("each learning rate");
  const out = prev ? [...prev] : [];
  for (const part of v.split(",")) if (part.trim()) out.push(parse(part));
  return out;
}

/** Values of the shared training flags, after parsing. */
export interface TrainingFlags {
  epochs?: number;
  lr?: number;
  batchSize?: number | "full";
  optimizer: string;
  momentum: number;
  weightDecay?: number;
  seed: number;
  init?: string;
  save?: string;
  logEvery?: number;
  logFormat: "text" | "jsonl";
  out: string;
  plot: boolean;
}

/** Defaults that depend on the example (the seed's: 1000 epochs, lr 0.1, full batch). */
export interface TrainingDefaults {
  epochs: number;
  lr: number;
  batchSize: number | "full";
  logEvery: number;
}

export const SEED_DEFAULTS: TrainingDefaults = {
  epochs: 1000,
  lr: 0.1,
  batchSize: "full",
  logEvery: 100,
};

/**
 * Adds the training flags. Epochs, lr, batch size and log interval have no commander default, so
 * that each example can supply its own; the help text shows the seed's.
 */
export function addTrainingOptions(
  cmd: Command,
  opts: { saveInit?: boolean; lr?: boolean } = {},
): Command {
  cmd.option(
    "--epochs <n>",
    "epochs to train (default 1000, the seed's)",
    parseInteger("the number of epochs", 0),
  );
  if (opts.lr !== false) {
    cmd.option(
      "--lr <rate>",
      "learning rate (default 0.1, the seed's)",
      parsePositiveNumber("the learning rate"),
    );
  }
  cmd
    .option(
      "--batch-size <full|n>",
      'rows per step: "full" = batch gradient descent (the seed\'s default), 1 = stochastic, n = mini-batch',
      parseBatchSize,
    )
    .addOption(
      new Option("--optimizer <name>", "optimizer (torch.optim's, with its defaults)")
        .choices(OPTIMIZER_NAMES)
        .default("sgd"),
    )
    .option(
      "--momentum <m>",
      `momentum (${MOMENTUM_OPTIMIZERS.join(", ")})`,
      parseNonNegativeNumber("the momentum"),
      0,
    )
    .option(
      "--weight-decay <w>",
      "L2 penalty (decoupled for adamw); default: the optimizer's (0, adamw 0.01)",
      parseNonNegativeNumber("the weight decay"),
    )
    .option(
      "--seed <n>",
      "seed of the initial weights and the shuffles",
      parseInteger("the seed", 0),
      0,
    );
  if (opts.saveInit !== false) {
    cmd
      .option(
        "--init <file.safetensors|.pt>",
        "start from these weights (PyTorch state-dict keys; .pt/.pth as torch.save wrote them)",
      )
      .option(
        "--save <file.safetensors|.pt>",
        "save the trained weights (written atomically; .pt/.pth as torch.save writes them)",
      );
  }
  return cmd
    .option(
      "--log-every <k>",
      "log every k epochs (default 100, the seed's)",
      parseInteger("--log-every", 1),
    )
    .addOption(
      new Option("--log-format <format>", "text lines or one JSON object per line")
        .choices(["text", "jsonl"])
        .default("text"),
    )
    .option("--out <dir>", "directory for the plots", "./out")
    .option("--no-plot", "do not draw plots");
}

/** Fills in the example's defaults. */
export function resolveFlags(
  flags: TrainingFlags,
  d: TrainingDefaults,
): TrainingFlags & TrainingDefaults {
  return {
    ...flags,
    epochs: flags.epochs ?? d.epochs,
    lr: flags.lr ?? d.lr,
    batchSize: flags.batchSize ?? d.batchSize,
    logEvery: flags.logEvery ?? d.logEvery,
  };
}
