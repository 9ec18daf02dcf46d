import type { Command } from "commander";
import { Generator } from "descent";
import { loadData, parseTarget, GENERATOR_NAMES } from "../data_source.js";
import type { Tensor } from "descent";
import { LOSS_NAMES, parseModelSpec, trainTestSplit } from "../lib.js";
import { checkFeatures, chooseLoss, targetsFor } from "../model_setup.js";
import type { TrainingFlags } from "../options.js";
import { SEED_DEFAULTS, addTrainingOptions, parseFraction, resolveFlags } from "../options.js";
import { Output, runSession } from "../session.js";

interface TrainFlags extends TrainingFlags {
  model: string;
  data: string;
  loss?: string;
  target?: string | number;
  header: boolean;
  valSplit: number;
}

/**
 * The rows held out by `--val-split` (scikit-learn's `train_test_split(x, y, test_size=f,
 * random_state=seed)`, the same rows as sklearn's for the same seed), or none for 0.
 */
function validationSplit(
  x: Tensor,
  y: Tensor,
  fraction: number,
  seed: number,
): { train: { x: Tensor; y: Tensor }; val: { x: Tensor; y: Tensor } | null } {
  if (fraction === 0) return { train: { x, y }, val: null };
  try {
    const [xTrain, xVal, yTrain, yVal] = trainTestSplit(x, y, {
      testSize: fraction,
      randomState: seed,
    });
    return { train: { x: xTrain, y: yTrain }, val: { x: xVal, y: yVal } };
  } catch (e) {
    throw new Error(`--val-split ${fraction}: ${(e as Error).message}`, { cause: e });
  }
}

/** `descent train`: any sequential model from a layer spec, on a CSV file or a generator. */
export function configure(cmd: Command): void {
  cmd
    .requiredOption(
      "--model <spec>",
      'layers, e.g. "linear(4,10),sigmoid,linear(10,1),sigmoid" (state-dict keys 0.weight, 0.bias, ... as nn.Sequential)',
    )
    .requiredOption(
      "--data <file.csv|generator>",
      `a CSV file (header row; label in the last column) or a generator: ${GENERATOR_NAMES.join(", ")}, with options, e.g. make-classification:n-samples=500,random-state=1`,
    )
    .option(
      "--loss <name>",
      `loss: ${LOSS_NAMES.join(", ")} (default from the last layer: sigmoid -> bce, softmax -> cross-entropy, one output -> mse)`,
    )
    .option(
      "--target <column>",
      "CSV label column: a header name or an index (default: the last)",
      parseTarget,
    )
    .option("--no-header", "the CSV file has no header row")
    .option(
      "--val-split <fraction>",
      "hold out this fraction of the rows for validation",
      parseFraction("--val-split"),
      0,
    );
  addTrainingOptions(cmd);
  cmd.addHelpText(
    "after",
    "\nExamples:\n" +
      '  descent train --model "linear(4,10),sigmoid,linear(10,1),sigmoid" --data make-classification:n-samples=500,n-features=4,random-state=1\n' +
      '  descent train --model "linear(2,16),relu,linear(16,2)" --data make-moons:n-samples=400,noise=0.2,random-state=0 --optimizer adam --lr 0.01 --batch-size 32 --val-split 0.2\n' +
      '  descent train --model "linear(3,1)" --data points.csv --target y --loss mse --save model.safetensors',
  );
  cmd.action(async (raw: TrainFlags) => {
    const flags = resolveFlags(raw, SEED_DEFAULTS);
    const generator = new Generator(flags.seed);
    const data = loadData(raw.data, { target: raw.target, header: raw.header });
    if (!data.y) throw new Error(`--data '${raw.data}': no label column`);
    const model = parseModelSpec(raw.model, { generator });
    checkFeatures(model, data.x, data.source, raw.model);
    const loss = chooseLoss(model, raw.loss);
    const y = targetsFor(data.y, loss, model, data.source);
    const split = validationSplit(data.x, y, raw.valSplit, flags.seed);
    await runSession(
      {
        name: "train",
        title: loss.task === "regression" ? "Regression" : "Classification",
        model,
        x: split.train.x,
        y: split.train.y,
        loss,
        validation: split.val,
        logAccuracy: loss.task !== "regression",
        flags,
        generator,
        metadata: { "descent.model": raw.model, "descent.loss": loss.name },
      },
      new Output(flags.logFormat),
    );
  });
}
