import type { Command } from "commander";
import { Option } from "commander";
import { excerpt, nn, noGrad } from "descent";
import type { Tensor } from "descent";
import { loadData, parseTarget } from "../data_source.js";
import { writeFileAtomic, checkWritable } from "../files.js";
import { accuracy, inputFeatures, loadModelWeights, parseModelSpec } from "../lib.js";
import { outputFeatures } from "../model_setup.js";
import { parseNonNegativeNumber } from "../options.js";

type Task = "binary" | "multiclass" | "regression";

interface PredictFlags {
  model: string;
  spec: string;
  data: string;
  output?: string;
  task?: Task;
  threshold: number;
  target?: string | number;
  header: boolean;
}

/** The task a model's last layer suggests: sigmoid -> binary, several outputs -> multiclass. */
function inferTask(model: nn.Sequential): Task {
  const last = model.length ? model[model.length - 1] : null;
  if (last instanceof nn.Sigmoid) return "binary";
  return (outputFeatures(model) ?? 1) > 1 ? "multiclass" : "regression";
}

/** CSV text of the predictions: one row per input row. */
function predictionCsv(out: Tensor, task: Task, threshold: number): string {
  const [n] = out.shape;
  const c = out.ndim === 2 ? out.shape[1] : 1;
  const v = out.toTypedArray();
  const rows: string[] = [];
  if (task === "binary") {
    rows.push("probability,predicted");
    for (let i = 0; i < n; i++) rows.push(`${v[i]},${Number(v[i]) >= threshold ? 1 : 0}`);
  } else if (task === "multiclass") {
    rows.push([...Array.from({ length: c }, (_, j) => `output_${j}`), "predicted"].join(","));
    for (let i = 0; i < n; i++) {
      const row = Array.from(v.subarray(i * c, (i + 1) * c), Number);
      rows.push([...row, row.indexOf(Math.max(...row))].join(","));
    }
  } else {
    rows.push(
      c === 1 ? "prediction" : Array.from({ length: c }, (_, j) => `prediction_${j}`).join(","),
    );
    for (let i = 0; i < n; i++)
      rows.push(Array.from(v.subarray(i * c, (i + 1) * c), Number).join(","));
  }
  return `${rows.join("\n")}\n`;
}

/** `descent predict`: a saved model's outputs on new data, as CSV. */
export function configure(cmd: Command): void {
  cmd
    .requiredOption(
      "--model <file.safetensors|.pt>",
      "the weights (PyTorch state-dict keys 0.weight, ...; .pt/.pth as torch.save wrote them)",
    )
    .requiredOption(
      "--spec <layers>",
      'the model\'s layers, as given to train, e.g. "linear(4,10),sigmoid,linear(10,1),sigmoid"',
    )
    .requiredOption(
      "--data <file.csv|generator>",
      "rows to predict: the model's feature columns, plus optionally a label column (then accuracy is reported)",
    )
    .option("--output <file.csv>", "write the predictions here (atomically) instead of to stdout")
    .addOption(
      new Option("--task <task>", "how to read the outputs (default from the last layer)").choices([
        "binary",
        "multiclass",
        "regression",
      ]),
    )
    .option(
      "--threshold <p>",
      "binary: class 1 at or above this output",
      parseNonNegativeNumber("--threshold"),
      0.5,
    )
    .option("--target <column>", "CSV label column, if any: a header name or an index", parseTarget)
    .option("--no-header", "the CSV file has no header row")
    .addHelpText(
      "after",
      "\nExample:\n" +
        '  descent train --model "linear(4,10),sigmoid,linear(10,1),sigmoid" --data train.csv --save m.safetensors\n' +
        '  descent predict --model m.safetensors --spec "linear(4,10),sigmoid,linear(10,1),sigmoid" --data new.csv --output predictions.csv',
    )
    .action((f: PredictFlags) => {
      const model = parseModelSpec(f.spec);
      loadModelWeights(model, f.model, { strict: true });
      if (f.output) checkWritable(f.output, "--output");
      const want = inputFeatures(model);
      // A file with exactly the model's features has no labels; one more column is the label.
      let data = loadData(f.data, { target: f.target ?? null, header: f.header });
      if (f.target === undefined && want !== null && data.x.shape[1] === want + 1) {
        data = loadData(f.data, { target: -1, header: f.header });
      }
      if (want !== null && data.x.shape[1] !== want) {
        throw new Error(
          `--data '${excerpt(f.data)}' has ${data.x.shape[1]} feature column(s) but the model takes ${want}`,
        );
      }
      const task = f.task ?? inferTask(model);
      const out = noGrad(() => model.eval().forward(data.x));
      const csv = predictionCsv(out, task, f.threshold);
      if (f.output) writeFileAtomic(f.output, csv, "--output");
      else process.stdout.write(csv);
      const note = (s: string) => process.stderr.write(`${s}\n`);
      if (data.y && task !== "regression") {
        const acc = accuracy(out, data.y, { threshold: f.threshold });
        note(`Accuracy: ${(acc * 100).toFixed(2)}% on ${data.x.shape[0]} rows`);
      }
      if (f.output) note(`Wrote ${data.x.shape[0]} predictions to ${f.output}`);
    });
}
