import type { Command } from "commander";
import { Argument } from "commander";
import { EXAMPLES, exampleByName } from "../examples.js";
import { Generator } from "../../index.js";
import type { TrainingFlags } from "../options.js";
import { addTrainingOptions, resolveFlags } from "../options.js";
import { Output, runSession } from "../session.js";

/** `descent run <example>`: one of the seed's programs (or d2l's linreg), with the seed's output. */
export function register(program: Command): void {
  const cmd = program
    .command("run")
    .description("run an example program end to end: train, log, report accuracy, plot")
    .addArgument(
      new Argument("<example>", "the program to run").choices(EXAMPLES.map((e) => e.name)),
    );
  addTrainingOptions(cmd);
  cmd.addHelpText(
    "after",
    `\nExamples:\n${EXAMPLES.map((e) => `  ${e.name.padEnd(14)} ${e.summary}`).join("\n")}\n\n` +
      "Defaults are each example's (the seed's: 1000 epochs, lr 0.1, full batch, log every 100).\n" +
      "  descent run seed-mlp --log-format jsonl --log-every 1 --no-plot\n" +
      "  descent run seed-softmax --batch-size 32 --optimizer adam --lr 0.01 --save softmax.safetensors",
  );
  cmd.action(async (name: string, raw: TrainingFlags) => {
    const example = exampleByName(name);
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
