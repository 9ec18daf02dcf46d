/**
 * d2l (new edition, v1.0) 2.2 "Data Preprocessing"
 * (https://d2l.ai/chapter_preliminaries/pandas.html): write the tiny house CSV, read it, split
 * inputs from targets, one-hot the categorical column with a column for missing values
 * (`pd.get_dummies(inputs, dummy_na=True)`), fill missing numbers with their column's mean
 * (`inputs.fillna(inputs.mean())`), and convert to float64 tensors.
 *
 * descent has no DataFrame (and its `parseCsv` reads numeric tables only), so the pandas steps
 * are written out over plain arrays, as a JavaScript learner would; `NA` and empty cells are
 * missing, as `pd.read_csv` takes them.
 *
 * Run: npx tsx examples/d2l/ch2_2_data_preprocessing.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { tensor } from "descent";
import { Printer, isMain, type SectionOptions, type Shown } from "./show.js";

type Cell = number | string | null; // null: missing (pandas' NaN)

export function run(opts: SectionOptions & { dir?: string } = {}): Record<string, Shown> {
  const p = new Printer(opts.log);
  // 2.2.1 Reading the Dataset (the book writes it to ../data; here a temporary folder)
  const dir = opts.dir ?? join(tmpdir(), "d2l-data");
  mkdirSync(dir, { recursive: true });
  const dataFile = join(dir, "house_tiny.csv");
  writeFileSync(
    dataFile,
    `NumRooms,RoofType,Price
NA,NA,127500
2,NA,106000
4,Slate,178100
NA,NA,140000`,
  );
  const [header, ...lines] = readFileSync(dataFile, "utf8").trim().split("\n");
  const columns = header.split(",");
  const data: Cell[][] = lines.map((l) =>
    l.split(",").map((s): Cell => {
      if (s === "" || s === "NA") return null;
      const v = Number(s);
      return Number.isNaN(v) ? s : v;
    }),
  );
  const showTable = (cols: string[], rows: Cell[][]) =>
    [cols.join("\t"), ...rows.map((r, i) => [i, ...r.map((c) => c ?? "NaN")].join("\t"))].join(
      "\n",
    );
  (opts.log ?? console.log)(showTable(columns, data));

  // 2.2.2 Data Preparation: inputs = data.iloc[:, 0:2], targets = data.iloc[:, 2]
  const inputs = data.map((r) => r.slice(0, 2));
  const targets = data.map((r) => r[2] as number);
  // pd.get_dummies(inputs, dummy_na=True): RoofType becomes RoofType_<value>... and RoofType_nan
  const categories = [...new Set(inputs.map((r) => r[1]).filter((c) => c !== null))].sort();
  const names = ["NumRooms", ...categories.map((c) => `RoofType_${c}`), "RoofType_nan"];
  let rows = inputs.map((r) => [
    r[0],
    ...categories.map((c) => Number(r[1] === c)),
    Number(r[1] === null),
  ]);
  // inputs.fillna(inputs.mean()): the mean of the values present
  const present = rows.map((r) => r[0]).filter((v): v is number => v !== null);
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  rows = rows.map((r) => [r[0] ?? mean, ...r.slice(1)]);
  (opts.log ?? console.log)(showTable(names, rows));

  // 2.2.3 Conversion to the Tensor Format
  const X = tensor(rows as number[][], { dtype: "float64" });
  const y = tensor(targets, { dtype: "float64" });
  p.show("X", X);
  p.show("y", y);
  return p.shown;
}

if (isMain(import.meta.url)) run();
