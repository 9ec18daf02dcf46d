import type { Command } from "commander";
import { Generator } from "descent";
import type { nn, Tensor } from "descent";
import { lossCurvesSpec } from "../plot/index.js";
import { loadData, parseTarget } from "../data_source.js";
import { EXAMPLES, fitExampleByName } from "../examples/index.js";
import { ensureDir } from "../files.js";
import type { LossSpec } from "../lib.js";
import {
  NonFiniteLossError,
  evaluate,
  fit,
  loadModelWeights,
  makeOptimizer,
  parseModelSpec,
} from "../lib.js";
import { checkFeatures, chooseLoss, targetsFor } from "../model_setup.js";
import type { TrainingFlags } from "../options.js";
import { SEED_DEFAULTS, addTrainingOptions, parseRates, resolveFlags } from "../options.js";
import { createProgress } from "../progress.js";
import { describeFiles, writeCharts } from "../plots.js";
import { Output, pct } from "../session.js";

interface SweepFlags extends Omit<TrainingFlags, "save"> {
  example?: string;
  model?: string;
  data?: string;
  loss?: string;
  target?: string | number;
  header: boolean;
  lrs: number[];
}

const batchWords = (b: number | "full") =>
  b === "full" ? "full batch" : b === 1 ? "stochastic (batch 1)" : `batches of ${b}`;

const DEFAULT_RATES = [0.001, 0.01, 0.1, 1, 10];

interface Problem {
  name: string;
  model: nn.Module;
  x: Tensor;
  y: Tensor;
  loss: LossSpec;
}

function problem(
  f: SweepFlags,
  generator: Generator,
): Problem & { defaults: typeof SEED_DEFAULTS } {
  if (f.model || f.data) {
    if (f.example) throw new Error("give either --example or --model with --data, not both");
    if (!f.model || !f.data) throw new Error("--model and --data go together");
    const data = loadData(f.data, { target: f.target, header: f.header });
    if (!data.y) throw new Error(`--data '${f.data}': no label column`);
    const model = parseModelSpec(f.model, { generator });
    checkFeatures(model, data.x, data.source, f.model);
    const loss = chooseLoss(model, f.loss);
    const y = targetsFor(data.y, loss, model, data.source);
    return { name: "model", model, x: data.x, y, loss, defaults: SEED_DEFAULTS };
  }
  const e = fitExampleByName(f.example ?? "seed-mlp", "lr-sweep");
  const s = e.setup(generator);
  return { name: e.name, ...s, defaults: e.defaults };
}

/** `descent lr-sweep`: the same model, from the same initial weights, at several learning rates. */
export function configure(cmd: Command): void {
  cmd
    .option(
      "--lrs <rates...>",
      `learning rates, spaces or commas between them (default ${DEFAULT_RATES.join(" ")})`,
      parseRates,
    )
    .option(
      "--example <name>",
      `an example to sweep: ${EXAMPLES.filter((e) => e.kind === "fit")
        .map((e) => e.name)
        .join(", ")} (default seed-mlp)`,
    )
    .option(
      "--model <spec>",
      'or a layer spec, e.g. "linear(4,10),sigmoid,linear(10,1),sigmoid", with --data',
    )
    .option("--data <file.csv|generator>", "the data for --model (as for train)")
    .option("--loss <name>", "the loss for --model (default from its last layer)")
    .option("--target <column>", "CSV label column: a header name or an index", parseTarget)
    .option("--no-header", "the CSV file has no header row");
  addTrainingOptions(cmd, { saveInit: false, lr: false });
  cmd.option("--init <file.safetensors|.pt>", "start every run from these weights");
  cmd.addHelpText(
    "after",
    "\nToo small a rate crawls, too large a rate diverges: the chart shows both.\n" +
      "Example:\n  descent lr-sweep --lrs 0.001 0.01 0.1 1 10 --epochs 300\n" +
      "  descent lr-sweep --example seed-softmax --lrs 0.01,0.1,1,50",
  );
  cmd.action(async (raw: SweepFlags) => {
    const generator = new Generator(raw.seed);
    const p = problem(raw, generator);
    const flags = resolveFlags(raw, p.defaults);
    const rates = raw.lrs?.length ? raw.lrs : DEFAULT_RATES;
    if (raw.init) loadModelWeights(p.model, raw.init, { strict: true });
    if (flags.plot) ensureDir(flags.out, "--out");
    const start = Object.fromEntries(
      Object.entries(p.model.stateDict()).map(([k, t]) => [k, t.clone()]),
    );
    const out = new Output(flags.logFormat);
    const classify = p.loss.task === "regression" ? null : { threshold: p.loss.threshold };
    const progress = createProgress(flags.epochs * rates.length);
    const curves: { label: string; loss: number[] }[] = [];
    rates.forEach((lr, k) => {
      p.model.loadStateDict(start);
      const optimizer = makeOptimizer(flags.optimizer, p.model.parameters(), {
        lr,
        momentum: flags.momentum,
        weightDecay: flags.weightDecay,
      });
      let loss: number[];
      let diverged: NonFiniteLossError | null = null;
      try {
        loss = fit(p.model, {
          lossFn: p.loss.lossFn,
          optimizer,
          x: p.x,
          y: p.y,
          epochs: flags.epochs,
          batchSize: flags.batchSize,
          generator: new Generator(flags.seed),
          onEpoch: (log) => progress.update(k * flags.epochs + log.epoch, log.loss),
        }).loss;
      } catch (e) {
        if (!(e instanceof NonFiniteLossError)) throw e;
        diverged = e;
        loss = e.history.loss;
      }
      const line = new Output(out.format, progress.log);
      if (diverged) {
        curves.push({ label: `${lr} (diverged at epoch ${diverged.epoch})`, loss });
        line.line(`lr ${lr}: diverged: ${diverged.message}`, {
          lr,
          diverged_at: diverged.epoch,
          loss: loss.at(-1) ?? null,
        });
        return;
      }
      curves.push({ label: String(lr), loss });
      const ev = evaluate(p.model, p.x, p.y, p.loss.lossFn, classify ?? undefined);
      const first = loss[0];
      let text = `lr ${lr}: Loss ${first?.toFixed(4) ?? "-"} -> ${ev.loss.toFixed(4)} after ${flags.epochs} epochs`;
      const json: Record<string, unknown> = { lr, first_loss: first ?? null, final_loss: ev.loss };
      if (ev.accuracy !== undefined) {
        text += `, Accuracy: ${pct(ev.accuracy)}`;
        json.accuracy = ev.accuracy;
      }
      if (first !== undefined && ev.loss > first) text += " (the loss went up: too large a rate)";
      line.line(text, { ...json, diverged_at: null });
    });
    progress.stop();
    if (flags.plot) {
      const spec = lossCurvesSpec({
        curves,
        title: `Learning-rate sweep: ${p.name}`,
        subtitle: `${flags.optimizer.toUpperCase()}, ${batchWords(flags.batchSize)}, ${flags.epochs} epochs: too small a rate crawls, too large a rate diverges`,
        legendTitle: "learning rate",
      });
      const files = await writeCharts(flags.out, "lr-sweep", { [p.name]: spec });
      out.note(`Plot: ${describeFiles(files)}`);
    }
  });
}
