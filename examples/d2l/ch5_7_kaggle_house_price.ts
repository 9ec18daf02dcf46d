/**
 * d2l (new edition, v1.0) 5.7 "Predicting House Prices on Kaggle"
 * (https://d2l.ai/chapter_multilayer-perceptrons/kaggle-house-price.html): preprocessing (drop
 * Id and the label, standardize numeric columns, missing numbers to 0, one-hot the text columns
 * with a column for missing values), a linear model on log prices, 5-fold cross-validation
 * with SGD at lr 0.01, batch size 64, 10 epochs a fold, and the folds' models averaged for the
 * predictions.
 *
 * The book downloads Kaggle's data; this program reads a generated table of the same form,
 * examples/d2l/data/kaggle_house_{train,test}.csv (1460 and 1459 rows; written by
 * packages/descent/scripts/golden/d2l_v1.py), or other files given as arguments. descent has no
 * DataFrame: the pandas steps are written out over plain arrays (pandas' `std` is the sample
 * standard deviation, and missing values are skipped by `mean` and `std`).
 *
 * Run: npx tsx examples/d2l/ch5_7_kaggle_house_price.ts [train.csv test.csv]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { cat, data, nn, noGrad, optim, tensor, type Tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

type Cell = number | string | null; // null: missing

interface Table {
  columns: string[];
  rows: Cell[][];
}

/** pd.read_csv for these files: numbers, text, and `NA` or empty as missing. */
export function readCsv(path: string): Table {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const cell = (s: string): Cell => {
    if (s === "" || s === "NA") return null;
    const v = Number(s);
    return Number.isNaN(v) ? s : v;
  };
  return { columns: header.split(","), rows: lines.map((l) => l.split(",").map(cell)) };
}

/** 5.7.4 Data Preprocessing: the features of both tables, one row of numbers each. */
export function preprocess(train: Table, val: Table, label = "SalePrice") {
  const drop = (t: Table, names: string[]) => {
    const keep = t.columns.map((c, j) => (names.includes(c) ? -1 : j)).filter((j) => j >= 0);
    return {
      columns: keep.map((j) => t.columns[j]),
      rows: t.rows.map((r) => keep.map((j) => r[j])),
    };
  };
  const a = drop(train, ["Id", label]);
  const b = drop(val, ["Id"]);
  const rows = [...a.rows, ...b.rows]; // pd.concat
  const isNumeric = (j: number) => rows.every((r) => r[j] === null || typeof r[j] === "number");
  const columns: number[][] = [];
  const names: string[] = [];
  // Standardize numerical columns; replace their NaN by 0
  a.columns.forEach((name, j) => {
    if (!isNumeric(j)) return;
    const xs = rows.map((r) => r[j]).filter((v): v is number => v !== null);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    columns.push(rows.map((r) => (r[j] === null ? 0 : ((r[j] as number) - mean) / std)));
    names.push(name);
  });
  // Replace discrete features by one-hot encoding (pd.get_dummies(features, dummy_na=True))
  a.columns.forEach((name, j) => {
    if (isNumeric(j)) return;
    const cats = [...new Set(rows.map((r) => r[j]).filter((v) => v !== null))].sort();
    for (const c of [...cats, null]) {
      columns.push(rows.map((r) => Number(r[j] === c)));
      names.push(`${name}_${c ?? "nan"}`);
    }
  });
  const features = rows.map((_, i) => columns.map((col) => col[i]));
  const labelColumn = train.columns.indexOf(label);
  return {
    names,
    trainX: tensor(features.slice(0, a.rows.length)),
    // 5.7.5 Error Measure: the model works with log prices
    trainY: tensor(train.rows.map((r) => r[labelColumn] as number))
      .log()
      .reshape(-1, 1),
    valX: tensor(features.slice(a.rows.length)),
  };
}

/** d2l.LinearRegression(lr): one linear layer, weights N(0, 0.01^2), bias 0, MSE loss, SGD. */
export function linearRegression(inputs: number, weight?: Tensor): nn.Linear {
  const net = new nn.Linear(inputs, 1);
  if (weight) noGrad(() => net.weight.copy_(weight));
  else nn.init.normal_(net.weight, 0, 0.01);
  if (net.bias) nn.init.zeros_(net.bias);
  return net;
}

export interface HouseOptions extends SectionOptions {
  trainCsv?: string;
  testCsv?: string;
  /** Shuffle the training batches (the book's DataLoader does; the test does not). */
  shuffle?: boolean;
  /** Each fold's initial weights instead of the N(0, 0.01^2) draw. */
  init?: Tensor[];
}

export function run(opts: HouseOptions = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  const here = (f: string) => fileURLToPath(new URL(`data/${f}`, import.meta.url));
  const rawTrain = readCsv(opts.trainCsv ?? here("kaggle_house_train.csv"));
  const rawVal = readCsv(opts.testCsv ?? here("kaggle_house_test.csv"));
  p.show("raw_train.shape", [rawTrain.rows.length, rawTrain.columns.length]);
  p.show("raw_val.shape", [rawVal.rows.length, rawVal.columns.length]);
  const { trainX, trainY, valX } = preprocess(rawTrain, rawVal);
  p.show("data.train.shape", [trainX.shape[0], trainX.shape[1] + 1]);

  // 5.7.6 K-Fold Cross-Validation
  const k = 5;
  const lr = 0.01;
  const maxEpochs = 10;
  const batchSize = 64;
  const n = trainX.shape[0];
  const foldSize = Math.floor(n / k);
  const lossFn = new nn.MSELoss();
  const valLoss: number[] = [];
  const models: nn.Linear[] = [];
  for (let j = 0; j < k; j++) {
    const inFold = (i: number) => i >= j * foldSize && i < (j + 1) * foldSize;
    const idx = (keep: boolean) =>
      tensor(
        Array.from({ length: n }, (_, i) => i).filter((i) => inFold(i) === keep),
        { dtype: "int32" },
      );
    const [trn, vl] = [idx(false), idx(true)];
    const trainIter = new data.DataLoader(
      new data.TensorDataset(trainX.indexSelect(0, trn), trainY.indexSelect(0, trn)),
      { batchSize, shuffle: opts.shuffle ?? true },
    );
    const valIter = new data.DataLoader(
      new data.TensorDataset(trainX.indexSelect(0, vl), trainY.indexSelect(0, vl)),
      { batchSize },
    );
    const model = linearRegression(trainX.shape[1], opts.init?.[j]);
    const optimizer = new optim.SGD(model.parameters(), { lr });
    let last = 0;
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      for (const [X, Y] of trainIter) {
        const loss = lossFn.forward(model.forward(X), Y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      }
      // the plotted validation loss: the mean over the epoch's validation batches
      const losses = noGrad(() =>
        [...valIter].map(([X, Y]) => lossFn.forward(model.forward(X), Y).item()),
      );
      last = losses.reduce((a, b) => a + b, 0) / losses.length;
    }
    valLoss.push(last);
    models.push(model);
  }
  p.show("fold validation log mse", valLoss);
  p.show("average validation log mse", valLoss.reduce((a, b) => a + b, 0) / k);

  // 5.7.8 Submitting Predictions: the exponential of the log predictions, averaged over folds
  const preds = models.map((m) => m.forward(valX));
  const ensemblePreds = cat(preds, 1).exp().mean(1);
  p.show("ensemble_preds[:5]", ensemblePreds.get(":5").detach());
  return p.shown;
}

if (isMain(import.meta.url)) {
  const [trainCsv, testCsv] = process.argv.slice(2);
  run({ trainCsv, testCsv });
}
