/**
 * One training run as the commands do it: optional initial weights, the seed's loop (through
 * train.fit) with its log lines or JSON lines, a progress bar on terminals, the final accuracy,
 * the weights saved atomically, and the plots.
 */
import type { Generator, nn, Tensor } from "descent";
import type { History, LossSpec } from "./lib.js";
import {
  NonFiniteLossError,
  evaluate,
  fit,
  loadModelWeights,
  makeOptimizer,
  saveModelWeights,
} from "./lib.js";
import { checkWritable, ensureDir } from "./files.js";
import type { TrainingDefaults, TrainingFlags } from "./options.js";
import { createProgress } from "./progress.js";

export type Flags = TrainingFlags & TrainingDefaults;

export interface Session {
  /** File prefix of plots, e.g. "seed-mlp". */
  name: string;
  /** The scatter plot's title. */
  title: string;
  model: nn.Module;
  x: Tensor;
  y: Tensor;
  loss: LossSpec;
  validation?: { x: Tensor; y: Tensor } | null;
  /** Show accuracy in the text epoch lines (and so in the JSON lines). */
  logAccuracy: boolean;
  flags: Flags;
  /** Seeds the shuffles of mini-batches. */
  generator: Generator;
  /** Extra lines and JSON fields after training. */
  report?: (model: nn.Module) => { lines: string[]; fields: Record<string, unknown> };
  /** Stored in the saved file's __metadata__ (besides "format": "pt"). */
  metadata?: Record<string, string>;
}

export interface SessionResult {
  history: History;
  accuracy?: number;
  loss: number;
  files: string[];
}

/** Writes result lines: text to stdout, or JSON lines (then notes go to stderr). */
export class Output {
  constructor(
    readonly format: "text" | "jsonl",
    private readonly write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  ) {}

  /** A result line: `text` in text mode, `json` as one JSON object in jsonl mode. */
  line(text: string, json: Record<string, unknown>): void {
    this.write(this.format === "jsonl" ? JSON.stringify(json) : text);
  }

  /** A note for people (where files went): stdout in text mode, stderr in jsonl mode. */
  note(text: string): void {
    if (this.format === "jsonl") process.stderr.write(`${text}\n`);
    else this.write(text);
  }
}

export const pct = (a: number): string => `${(a * 100).toFixed(2)}%`;

/** Checks the files a run will read and write before it spends any time training. */
export function prepareFiles(s: Pick<Session, "model" | "flags">): void {
  const { init, save, plot, out } = s.flags;
  if (save) checkWritable(save, "--save");
  if (init) loadModelWeights(s.model, init, { strict: true });
  if (plot) ensureDir(out, "--out");
}

export async function runSession(s: Session, out: Output): Promise<SessionResult> {
  const { flags, model, loss } = s;
  prepareFiles(s);
  const optimizer = makeOptimizer(flags.optimizer, model.parameters(), {
    lr: flags.lr,
    momentum: flags.momentum,
    weightDecay: flags.weightDecay,
  });
  const classify = loss.task === "regression" ? null : { threshold: loss.threshold };
  const progress = createProgress(flags.epochs);
  const lineOut = new Output(out.format, progress.log);
  let history: History;
  try {
    history = fit(model, {
      lossFn: loss.lossFn,
      optimizer,
      x: s.x,
      y: s.y,
      epochs: flags.epochs,
      batchSize: flags.batchSize,
      generator: s.generator,
      // training accuracy only on the epochs a line shows (the final accuracy is evaluated below)
      accuracy: classify && (s.logAccuracy || s.validation) ? classify : false,
      accuracyEvery: flags.logEvery,
      validation: s.validation ?? undefined,
      onEpoch(log) {
        progress.update(log.epoch, log.loss);
        if (log.epoch % flags.logEvery !== 0) return;
        let text = `Epoch [${log.epoch}/${log.epochs}], Loss: ${log.loss.toFixed(4)}`;
        const json: Record<string, unknown> = { epoch: log.epoch, loss: log.loss };
        if (s.logAccuracy && log.accuracy !== undefined) {
          text += `, Accuracy: ${pct(log.accuracy)}`;
          json.accuracy = log.accuracy;
        }
        if (log.valLoss !== undefined) {
          text += `, Val Loss: ${log.valLoss.toFixed(4)}`;
          json.val_loss = log.valLoss;
          if (classify && log.valAccuracy !== undefined) {
            text += `, Val Accuracy: ${pct(log.valAccuracy)}`;
            json.val_accuracy = log.valAccuracy;
          }
        }
        lineOut.line(text, json);
      },
    });
  } catch (e) {
    progress.stop();
    if (e instanceof NonFiniteLossError && flags.save) {
      throw new Error(`${e.message}; nothing was saved to '${flags.save}'`, { cause: e });
    }
    throw e;
  }
  progress.stop();

  const final = evaluate(model, s.x, s.y, loss.lossFn, classify ?? undefined);
  const extra = s.report?.(model) ?? { lines: [], fields: {} };
  const fields: Record<string, unknown> = { final: true };
  if (classify) fields.accuracy = final.accuracy;
  else fields.loss = final.loss;
  if (s.validation) {
    const v = evaluate(model, s.validation.x, s.validation.y, loss.lossFn, classify ?? undefined);
    fields.val_loss = v.loss;
    if (classify) fields.val_accuracy = v.accuracy;
  }
  Object.assign(fields, extra.fields);
  if (out.format === "text") {
    for (const l of extra.lines) out.line(l, {});
    out.line(
      classify ? `Accuracy: ${pct(final.accuracy!)}` : `Loss: ${final.loss.toPrecision(6)}`,
      {},
    );
    if (s.validation) {
      const va = fields.val_accuracy as number | undefined;
      out.line(
        `Validation loss: ${(fields.val_loss as number).toFixed(4)}${va !== undefined ? `, accuracy: ${pct(va)}` : ""}`,
        {},
      );
    }
  }

  const files: string[] = [];
  if (flags.save) {
    saveModelWeights(flags.save, model, {
      format: "pt",
      ...s.metadata,
      epochs: String(flags.epochs),
    });
    out.note(`Saved weights to ${flags.save}`);
    files.push(flags.save);
  }
  if (flags.plot) {
    const { describeFiles, runCharts, writeCharts } = await import("./plots.js");
    const charts = runCharts({
      name: s.name,
      title: s.title,
      model,
      x: s.x,
      y: s.y,
      task: loss.task,
      threshold: loss.threshold,
      history,
      outDir: flags.out,
    });
    const written = await writeCharts(flags.out, s.name, charts);
    out.note(`Plots: ${describeFiles(written)}`);
    files.push(...written);
  }
  if (out.format === "jsonl") out.line("", fields);
  return { history, accuracy: final.accuracy, loss: final.loss, files };
}
