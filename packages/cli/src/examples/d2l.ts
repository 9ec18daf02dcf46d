/**
 * d2l's chapter-3 and 4 programs on Fashion-MNIST (`descent run softmax-regression | mlp
 * [--from-scratch]`): the book's loop (`train_ch3`) with the book's defaults (batch 256, lr 0.1,
 * 10 epochs), a line per epoch (`epoch 1, loss 0.7850, train acc 0.749, test acc 0.789`) and the
 * book's two figures: the training curves (d2l's Animator) and a row of test images with their
 * true and predicted labels (`predict_ch3`).
 */
import type { Tensor } from "descent";
import { DataLoader, Generator, noGrad, nn, train } from "descent";
import { loadFashionMnist } from "descent/io";
import type { LossFn } from "../lib.js";
import { loadModelWeights, loadStateDictFile, makeOptimizer, saveModelWeights } from "../lib.js";
import { checkWritable, ensureDir } from "../files.js";
import type { TrainingDefaults, TrainingFlags } from "../options.js";
import { resolveFlags } from "../options.js";
import { createProgress } from "../progress.js";
import { Output } from "../session.js";
import type { D2lExample } from "./types.js";

const { d2l } = train;

/** The flags these examples add to `descent run`. */
export interface D2lFlags {
  fromScratch?: boolean;
  data?: string;
  trainSize?: number;
  testSize?: number;
}

/** The book's settings for its Fashion-MNIST runs (d2l 3.6, 3.7, 4.2, 4.3). */
export const D2L_DEFAULTS: TrainingDefaults = { epochs: 10, lr: 0.1, batchSize: 256, logEvery: 1 };

const perExampleCE = (): LossFn => new nn.CrossEntropyLoss({ reduction: "none" });

export const D2L_EXAMPLES: D2lExample[] = [
  {
    kind: "d2l",
    name: "softmax-regression",
    summary:
      "d2l 3.7 softmax regression on Fashion-MNIST: Flatten, Linear(784, 10), CrossEntropyLoss, SGD lr 0.1, batch 256, 10 epochs (--from-scratch: 3.6, hand-written softmax, cross-entropy and sgd)",
    build(scratch, generator) {
      if (scratch) {
        const m = d2l.softmaxRegressionScratch({ generator });
        return {
          net: m.net,
          loss: d2l.crossEntropy,
          scratchSgd: m.params,
          params: { W: m.W, b: m.b },
          title: "Softmax regression from scratch (d2l 3.6)",
        };
      }
      const net = d2l.softmaxRegressionConcise({ generator });
      return {
        net,
        loss: perExampleCE(),
        scratchSgd: null,
        params: net.stateDict(),
        title: "Softmax regression, concise (d2l 3.7)",
      };
    },
  },
  {
    kind: "d2l",
    name: "mlp",
    summary:
      "d2l 4.3 multilayer perceptron on Fashion-MNIST: Flatten, Linear(784, 256), ReLU, Linear(256, 10), CrossEntropyLoss, SGD lr 0.1, batch 256, 10 epochs (--from-scratch: 4.2)",
    build(scratch, generator) {
      if (scratch) {
        const m = d2l.mlpScratch({ generator });
        return {
          net: m.net,
          loss: perExampleCE(),
          scratchSgd: null,
          params: { W1: m.W1, b1: m.b1, W2: m.W2, b2: m.b2 },
          title: "Multilayer perceptron from scratch (d2l 4.2)",
        };
      }
      const net = d2l.mlpConcise({ generator });
      return {
        net,
        loss: perExampleCE(),
        scratchSgd: null,
        params: net.stateDict(),
        title: "Multilayer perceptron, concise (d2l 4.3)",
      };
    },
  },
];

const f4 = (v: number): string => v.toFixed(4);
const f3 = (v: number): string => v.toFixed(3);

/** Copies saved tensors into a from-scratch model's parameters, checking names and shapes. */
function loadScratch(params: Record<string, Tensor>, path: string): void {
  const saved = loadStateDictFile(path);
  const want = Object.keys(params);
  const missing = want.filter((k) => !(k in saved));
  const extra = Object.keys(saved).filter((k) => !(k in params));
  if (missing.length || extra.length) {
    throw new Error(
      `--init '${path}': expected the tensors ${want.join(", ")}` +
        (missing.length ? `; missing ${missing.join(", ")}` : "") +
        (extra.length ? `; unexpected ${extra.join(", ")}` : ""),
    );
  }
  noGrad(() => {
    for (const k of want) {
      const p = params[k];
      const s = saved[k];
      if (s.shape.join() !== p.shape.join()) {
        throw new Error(
          `--init '${path}': ${k} has shape [${s.shape.join(", ")}], the model's is [${p.shape.join(", ")}]`,
        );
      }
      p.copy_(s);
    }
  });
}

export interface D2lRunResult {
  history: train.d2l.Ch3Epoch[];
  files: string[];
}

/** Trains one of D2L_EXAMPLES as `descent run <name>` asks. */
export async function runD2lExample(
  example: D2lExample,
  raw: TrainingFlags & D2lFlags,
  out: Output = new Output(raw.logFormat),
): Promise<D2lRunResult> {
  const { name } = example;
  const flags = resolveFlags(raw, D2L_DEFAULTS);
  const scratch = raw.fromScratch ?? false;
  const generator = new Generator(flags.seed);
  const built = example.build(scratch, generator);
  if (
    built.scratchSgd &&
    (flags.optimizer !== "sgd" || flags.momentum !== 0 || flags.weightDecay !== undefined)
  ) {
    throw new Error(
      "--from-scratch softmax-regression trains with d2l's hand-written sgd; --optimizer, --momentum and --weight-decay apply to the concise model",
    );
  }
  if (flags.save) checkWritable(flags.save, "--save");
  if (flags.init) {
    if (built.net instanceof nn.Module) loadModelWeights(built.net, flags.init, { strict: true });
    else loadScratch(built.params, flags.init);
  }
  if (flags.plot) ensureDir(flags.out, "--out");

  const data = loadFashionMnist({ root: raw.data, generator });
  const trainSet = raw.trainSize
    ? d2l.sampleDataset(data.trainSet, raw.trainSize, generator)
    : data.trainSet;
  const testSet = raw.testSize
    ? d2l.sampleDataset(data.testSet, raw.testSize, generator)
    : data.testSet;
  const batchSize = flags.batchSize === "full" ? trainSet.length : flags.batchSize;
  const trainIter = new DataLoader(trainSet, { batchSize, shuffle: true, generator });
  const testIter = new DataLoader(testSet, { batchSize: Math.max(batchSize, 256) });
  out.note(
    `Fashion-MNIST (${data.source === "idx" ? raw.data : "fashion-mnist package"}): ` +
      `${trainSet.length} training and ${testSet.length} test images; ` +
      `batch size ${batchSize}, lr ${flags.lr}, ${flags.epochs} epochs`,
  );

  const params =
    built.net instanceof nn.Module ? built.net.parameters() : Object.values(built.params);
  const updater: train.d2l.Updater = built.scratchSgd
    ? (n: number) => d2l.sgd(built.scratchSgd!, flags.lr, n)
    : makeOptimizer(flags.optimizer, params, {
        lr: flags.lr,
        momentum: flags.momentum,
        weightDecay: flags.weightDecay,
      });
  const progress = createProgress(flags.epochs);
  const lineOut = new Output(out.format, progress.log);
  let history: train.d2l.Ch3Epoch[];
  try {
    history = d2l.trainCh3(built.net, trainIter, testIter, built.loss, flags.epochs, updater, {
      onEpoch(e) {
        progress.update(e.epoch, e.trainLoss);
        if (!Number.isFinite(e.trainLoss)) {
          throw new Error(
            `loss became ${e.trainLoss} at epoch ${e.epoch}; the learning rate ${flags.lr} is probably too large`,
          );
        }
        if (e.epoch % flags.logEvery !== 0 && e.epoch !== e.epochs) return;
        lineOut.line(
          `epoch ${e.epoch}, loss ${f4(e.trainLoss)}, train acc ${f3(e.trainAcc)}, test acc ${f3(e.testAcc)}`,
          {
            epoch: e.epoch,
            loss: e.trainLoss,
            train_acc: e.trainAcc,
            test_acc: e.testAcc,
            seconds: e.seconds,
          },
        );
      },
    });
  } finally {
    progress.stop();
  }

  const files: string[] = [];
  const last = history[history.length - 1];
  const seconds = history.reduce((s, e) => s + e.seconds, 0);
  const examples = history.reduce((s, e) => s + e.examples, 0);
  if (last) {
    const perEpoch = seconds / history.length;
    const rate = seconds > 0 ? examples / seconds : 0;
    if (out.format === "text") {
      out.line(
        `loss ${f4(last.trainLoss)}, train acc ${f3(last.trainAcc)}, test acc ${f3(last.testAcc)}`,
        {},
      );
      out.note(`${perEpoch.toFixed(2)} s per epoch, ${rate.toFixed(0)} examples/sec`);
    }
  }
  if (!last) {
    const testAcc = d2l.evaluateAccuracy(built.net, testIter);
    out.line(`test acc ${f3(testAcc)}`, { final: true, test_acc: testAcc });
  }
  if (flags.save) {
    saveModelWeights(flags.save, built.net instanceof nn.Module ? built.net : built.params, {
      format: "pt",
      "descent.example": scratch ? `${name} --from-scratch` : name,
      epochs: String(flags.epochs),
    });
    out.note(`Saved weights to ${flags.save}`);
    files.push(flags.save);
  }
  if (flags.plot && last) {
    const idx = d2l.spreadIndices(testSet.length, 10);
    const [X, y] = testSet.tensors;
    const pred = d2l.predictCh3(built.net, X.indexSelect(0, idx), y.indexSelect(0, idx));
    const prefix = scratch ? `${name}-scratch` : name;
    const { d2lCharts, describeFiles, writeCharts } = await import("../plots.js");
    const written = await writeCharts(flags.out, prefix, d2lCharts(built.title, history, pred));
    out.note(`Plots: ${describeFiles(written)}`);
    files.push(...written);
  }
  if (out.format === "jsonl" && last) {
    out.line("", {
      final: true,
      loss: last.trainLoss,
      train_acc: last.trainAcc,
      test_acc: last.testAcc,
      seconds_per_epoch: seconds / history.length,
    });
  }
  return { history, files };
}
