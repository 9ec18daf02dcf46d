import type { Command } from "commander";
import { Generator } from "descent";
import { fitExampleByName } from "../examples/index.js";
import { parseInteger, resolveFlags } from "../options.js";
import { Output, runSession } from "../session.js";

interface StartFlags {
  out: string;
  plot: boolean;
  seed: number;
  epochs?: number;
}

/** `descent start` (what `npm start` runs): the seed's two programs, one after the other. */
export function configure(cmd: Command): void {
  cmd
    .option("--out <dir>", "directory for the plots", "./out")
    .option("--no-plot", "do not draw plots")
    .option("--seed <n>", "seed of the initial weights", parseInteger("the seed", 0), 0)
    .option(
      "--epochs <n>",
      "epochs for each program (default 1000, the seed's)",
      parseInteger("the number of epochs", 0),
    )
    .addHelpText(
      "after",
      "\nThe same as `descent run seed-mlp` followed by `descent run seed-softmax`; see `descent run --help` for the flags of each.",
    )
    .action(async (f: StartFlags) => {
      const out = new Output("text");
      let first = true;
      for (const name of ["seed-mlp", "seed-softmax"]) {
        const example = fitExampleByName(name, "start");
        const flags = resolveFlags(
          { ...f, optimizer: "sgd", momentum: 0, logFormat: "text" },
          example.defaults,
        );
        if (!first) out.note("");
        first = false;
        out.note(`== ${example.name}: ${example.summary}`);
        const generator = new Generator(flags.seed);
        await runSession(
          {
            name,
            title: example.title,
            ...example.setup(generator),
            logAccuracy: example.logAccuracy,
            flags,
            generator,
          },
          out,
        );
      }
    });
}
