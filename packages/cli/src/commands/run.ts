import type { Command } from "commander";
import { Argument } from "commander";
import { EXAMPLES, exampleByName } from "../examples.js";
import { Generator } from "descent";
import type { TrainingFlags } from "../options.js";
import { addTrainingOptions, resolveFlags } from "../options.js";
import { Output, runSession } from "../session.js";
import type { D2lFlags } from "../d2l.js";
import { D2L_EXAMPLES, addD2lOptions, checkD2lFlags, isD2lExample, runD2lExample } from "../d2l.js";

/** `descent run <example>`: one of the seed's programs or d2l's (linreg, softmax-regression, mlp). */
export function register(program: Command): void {
  const cmd = program
    .command("run")
    .description("run an example program end to end: train, log, report accuracy, plot")
    .addArgument(
      new Argument("<example>", "the program to run").choices(
        [...EXAMPLES, ...D2L_EXAMPLES].map((e) => e.name),
      ),
    );
  addTrainingOptions(cmd);
  addD2lOptions(cmd);
  cmd.addHelpText(
    "after",
    `\nExamples:\n${[...EXAMPLES, ...D2L_EXAMPLES].map((e) => `  ${e.name.padEnd(19)} ${e.summary}`).join("\n")}\n\n` +
      "Defaults are each example's (the seed's: 1000 epochs, lr 0.1, full batch, log every 100;\n" +
      "softmax-regression and mlp: the book's 10 epochs, lr 0.1, batch 256, on Fashion-MNIST).\n" +
      "  descent run seed-mlp --log-format jsonl --log-every 1 --no-plot\n" +
      "  descent run seed-softmax --batch-size 32 --optimizer adam --lr 0.01 --save softmax.safetensors\n" +
      "  descent run softmax-regression --from-scratch --train-size 2000 --epochs 2",
  );
  cmd.action(async (name: string, raw: TrainingFlags & D2lFlags) => {
    checkD2lFlags(name, raw);
    if (isD2lExample(name)) {
      await runD2lExample(name, raw);
      return;
    }
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
