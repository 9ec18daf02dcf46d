/**
 * d2l chapter 3 (and 4.2's MLP) at the book's full settings: linear regression from scratch and
 * concise (1000 examples, batch 10, lr 0.03, 3 epochs), softmax regression from scratch and
 * concise, and the MLP (784 -> 256 ReLU -> 10), each on all 60 000 Fashion-MNIST training images
 * for 10 epochs (batch 256, lr 0.1), tested on the 10 000 test images. Prints every epoch, then a
 * table of the final numbers with the time per epoch, next to the book's, and whether each run
 * reached the bar (linreg errors < 0.01; softmax test acc >= 0.82; MLP >= 0.84).
 *
 * Run: `npm run bench:d2l` (about a minute and a half on one core), or
 * `npx tsx bench/d2l.ts [--epochs N] [--only softmax-scratch,mlp]`.
 * The runs are the library's (`train.d2l`) and the examples' (linear regression).
 */
import os from "node:os";

import {
  Generator,
  data as dataApi,
  getBackend,
  nn,
  optim,
  train,
} from "../packages/descent/src/index.js";
import { loadFashionMnist } from "../packages/descent/src/io/index.js";
import { run as linregScratch } from "../examples/d2l_3_2_linreg_scratch.js";
import { run as linregConcise } from "../examples/d2l_3_3_linreg_concise.js";

const { d2l } = train;

interface Row {
  name: string;
  epochs: number;
  trainLoss: number;
  trainAcc: number;
  testAcc: number;
  secondsPerEpoch: number;
  examplesPerSecond: number;
  book: string;
  bar: number;
}

const RUNS = ["softmax-scratch", "softmax-concise", "mlp", "mlp-scratch"] as const;
type RunName = (typeof RUNS)[number];

function args(): { epochs: number; only: Set<string> | null; linreg: boolean } {
  const argv = process.argv.slice(2);
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = at("--only");
  return {
    epochs: Number(at("--epochs") ?? d2l.CH3_DEFAULTS.numEpochs),
    only: only ? new Set(only.split(",")) : null,
    linreg: !only || only.split(",").includes("linreg"),
  };
}

function model(name: RunName, generator: Generator) {
  const ce = new nn.CrossEntropyLoss({ reduction: "none" });
  const lr = d2l.CH3_DEFAULTS.lr;
  switch (name) {
    case "softmax-scratch": {
      const m = d2l.softmaxRegressionScratch({ generator });
      return {
        net: m.net,
        loss: d2l.crossEntropy,
        updater: (n: number) => d2l.sgd(m.params, lr, n),
        book: "3.6: loss 0.447, train 0.848, test 0.827",
        bar: 0.82,
      };
    }
    case "softmax-concise": {
      const net = d2l.softmaxRegressionConcise({ generator });
      return {
        net,
        loss: ce,
        updater: new optim.SGD(net.parameters(), { lr }),
        book: "3.7: a chart, close to 3.6",
        bar: 0.82,
      };
    }
    case "mlp": {
      const net = d2l.mlpConcise({ generator });
      return {
        net,
        loss: ce,
        updater: new optim.SGD(net.parameters(), { lr }),
        book: "4.3: a chart, no printed numbers",
        bar: 0.84,
      };
    }
    case "mlp-scratch": {
      const m = d2l.mlpScratch({ generator });
      return {
        net: m.net,
        loss: ce,
        updater: new optim.SGD(m.params, { lr }),
        book: "4.2: a chart, no printed numbers",
        bar: 0.84,
      };
    }
  }
}

function main(): void {
  const { epochs, only, linreg } = args();
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `d2l chapter 3 bench: node ${process.version}, ${cpu}, backend ${getBackend().name}, ${epochs} epochs`,
  );

  let failed = 0;
  if (linreg) {
    for (const [name, run] of [
      ["linreg-scratch (3.2)", linregScratch],
      ["linreg-concise (3.3)", linregConcise],
    ] as const) {
      const t0 = performance.now();
      const r = run({ log: () => {} });
      const secs = (performance.now() - t0) / 1000;
      const err = Math.max(...r.errorW.map(Math.abs), Math.abs(r.errorB));
      const ok = err < 0.01;
      if (!ok) failed++;
      console.log(
        `${name}: loss ${r.losses[r.losses.length - 1].toFixed(6)}, w [${r.w.map((v) => v.toFixed(4)).join(", ")}], ` +
          `b ${r.b.toFixed(4)}, max error ${err.toFixed(4)} (${ok ? "ok" : "NOT below 0.01"}), ${(secs / 3).toFixed(3)} s per epoch`,
      );
    }
  }

  let t0 = performance.now();
  const data = loadFashionMnist({ batchSize: d2l.CH3_DEFAULTS.batchSize });
  console.log(
    `Fashion-MNIST (${data.source}): ${data.trainSet.length} training, ${data.testSet.length} test images, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const rows: Row[] = [];
  for (const name of RUNS) {
    if (only && !only.has(name)) continue;
    const generator = new Generator(0);
    const trainIter = new dataApi.DataLoader(data.trainSet, {
      batchSize: d2l.CH3_DEFAULTS.batchSize,
      shuffle: true,
      generator,
    });
    const m = model(name, generator);
    console.log(`\n${name}`);
    t0 = performance.now();
    const history = d2l.trainCh3(m.net, trainIter, data.test, m.loss, epochs, m.updater, {
      onEpoch: (e) =>
        console.log(
          `  epoch ${e.epoch}, loss ${e.trainLoss.toFixed(4)}, train acc ${e.trainAcc.toFixed(3)}, ` +
            `test acc ${e.testAcc.toFixed(3)} (${e.seconds.toFixed(2)} s)`,
        ),
    });
    const last = history[history.length - 1];
    const secs = history.reduce((s, e) => s + e.seconds, 0);
    const examples = history.reduce((s, e) => s + e.examples, 0);
    rows.push({
      name,
      epochs,
      trainLoss: last.trainLoss,
      trainAcc: last.trainAcc,
      testAcc: last.testAcc,
      secondsPerEpoch: secs / epochs,
      examplesPerSecond: examples / secs,
      book: m.book,
      bar: m.bar,
    });
    if (epochs >= d2l.CH3_DEFAULTS.numEpochs && last.testAcc < m.bar) failed++;
  }

  if (rows.length) {
    console.log(
      "\n| run | epochs | train loss | train acc | test acc | s / epoch | examples / s | bar | book |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for (const r of rows) {
      const mark = r.testAcc >= r.bar ? "ok" : "below";
      console.log(
        `| ${r.name} | ${r.epochs} | ${r.trainLoss.toFixed(4)} | ${r.trainAcc.toFixed(3)} | ${r.testAcc.toFixed(3)} | ` +
          `${r.secondsPerEpoch.toFixed(2)} | ${r.examplesPerSecond.toFixed(0)} | test >= ${r.bar}: ${mark} | ${r.book} |`,
      );
    }
  }
  if (failed) {
    console.log(`\n${failed} run(s) missed the bar`);
    process.exitCode = 1;
  }
}

main();
