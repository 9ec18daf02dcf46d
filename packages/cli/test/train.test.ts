import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSafetensors } from "descent/io";
import { descent, jsonLines, pngInfo, tempDir } from "./helpers.js";

const SPEC = "linear(4,10),sigmoid,linear(10,1),sigmoid";
const GEN = "make-classification:n-samples=300,n-features=4,random-state=1";

test("train: a spec on a generator, with a validation split; Sequential keys in the saved file", () => {
  const dir = tempDir();
  const save = join(dir, "m.safetensors");
  const r = descent([
    "train",
    "--model",
    SPEC,
    "--data",
    GEN,
    "--epochs",
    "200",
    "--val-split",
    "0.2",
    "--save",
    save,
    "--out",
    dir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(
    lines[0],
    /^Epoch \[100\/200\], Loss: \d\.\d{4}, Accuracy: \d+\.\d{2}%, Val Loss: \d\.\d{4}, Val Accuracy: \d+\.\d{2}%$/,
  );
  assert.match(
    r.stdout,
    /\nAccuracy: \d+\.\d{2}%\nValidation loss: \d\.\d{4}, accuracy: \d+\.\d{2}%\n/,
  );
  assert.deepEqual(Object.keys(loadSafetensors(save)).sort(), [
    "0.bias",
    "0.weight",
    "2.bias",
    "2.weight",
  ]);
  for (const chart of ["scatter", "boundary", "loss"]) {
    assert.ok(pngInfo(join(dir, `train-${chart}.png`)).colours > 20, chart);
  }
  assert.match(readFileSync(join(dir, "train-loss.svg"), "utf8"), /validation/);
});

test("train on a CSV file, then predict writes one prediction per row", () => {
  const dir = tempDir();
  const rows = ["x0,x1,label"];
  for (let i = 0; i < 200; i++) {
    const a = Math.sin(i * 1.7) * 2;
    const b = Math.cos(i * 0.9) * 2;
    rows.push(`${a},${b},${a + b > 0 ? 1 : 0}`);
  }
  const csv = join(dir, "data.csv");
  writeFileSync(csv, rows.join("\n") + "\n");
  const save = join(dir, "m.safetensors");
  const spec = "linear(2,1),sigmoid";
  const t = descent([
    "train",
    "--model",
    spec,
    "--data",
    csv,
    "--epochs",
    "300",
    "--lr",
    "1",
    "--log-format",
    "jsonl",
    "--save",
    save,
    "--no-plot",
  ]);
  assert.equal(t.code, 0, t.stderr);
  const final = jsonLines(t.stdout).at(-1)!;
  assert.ok((final.accuracy as number) > 0.95, `accuracy ${final.accuracy}`);

  const out = join(dir, "pred.csv");
  const p = descent(["predict", "--model", save, "--spec", spec, "--data", csv, "--output", out]);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stderr, /Accuracy: \d+\.\d{2}% on 200 rows/);
  const pred = readFileSync(out, "utf8").trim().split("\n");
  assert.equal(pred[0], "probability,predicted");
  assert.equal(pred.length, 201);
  assert.match(pred[1], /^[\d.e-]+,[01]$/);
  // Without the label column, to stdout.
  const features = join(dir, "features.csv");
  writeFileSync(features, rows.map((r) => r.split(",").slice(0, 2).join(",")).join("\n") + "\n");
  const p2 = descent(["predict", "--model", save, "--spec", spec, "--data", features]);
  assert.equal(p2.code, 0, p2.stderr);
  assert.deepEqual(p2.stdout.trim().split("\n"), pred);
  // A spec that does not match the file is refused with the shapes.
  const bad = descent(["predict", "--model", save, "--spec", "linear(2,3),softmax", "--data", csv]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /m\.safetensors[\s\S]*size mismatch for 0\.weight/);
});

test("train: garbled data, wrong widths and bad specs are refused with the place and the reason", () => {
  const dir = tempDir();
  const garbled = join(dir, "bad.csv");
  writeFileSync(garbled, "a,b,label\n1,2,0\n3,oops,1\n");
  const cases: [string[], RegExp][] = [
    [
      ["--model", "linear(2,1),sigmoid", "--data", garbled],
      /bad\.csv.*line 3.*'oops' is not a number/,
    ],
    [
      ["--model", "linear(2,1),sigmoid", "--data", join(dir, "missing.csv")],
      /--data: cannot read '.*missing\.csv': no such file or directory \(ENOENT\)/,
    ],
    [
      ["--model", "linear(3,1),sigmoid", "--data", GEN],
      /has 4 feature column\(s\) but the model "linear\(3,1\),sigmoid" takes 3/,
    ],
    [["--model", "linear(4,2),bogus", "--data", GEN], /layer 2 \(bogus\): unknown layer/],
    [["--model", SPEC, "--data", "make-nothing:n=1"], /unknown generator "make-nothing"/],
    [["--model", SPEC, "--data", "make-classification:n-samplez=10"], /unknown option "n-samplez"/],
    [["--model", SPEC, "--data", GEN, "--loss", "hinge"], /unknown loss "hinge"/],
    [
      [
        "--model",
        "linear(4,2)",
        "--data",
        "make-classification:n-features=4,n-classes=3,n-informative=3,n-redundant=0,random-state=0",
      ],
      /label 2, but the cross-entropy loss needs class indices 0\.\.1/,
    ],
    [
      ["--model", SPEC, "--data", GEN, "--val-split", "1.5"],
      /--val-split must be a number in \[0, 1\)/,
    ],
    [["--data", GEN], /required option '--model <spec>' not specified/],
  ];
  for (const [args, why] of cases) {
    const r = descent(["train", ...args, "--epochs", "1", "--no-plot"]);
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.stderr, why, args.join(" "));
  }
});

test("lr-sweep: one loss curve per learning rate on one chart; a diverging rate is reported, not fatal", () => {
  const dir = tempDir();
  const r = descent(["lr-sweep", "--lrs", "0.01", "0.1", "1", "--epochs", "50", "--out", dir]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^lr 0\.01: Loss \d\.\d{4} -> \d\.\d{4} after 50 epochs, Accuracy: /);
  assert.match(lines[2], /^lr 1: /);
  const svg = readFileSync(join(dir, "lr-sweep-seed-mlp.svg"), "utf8");
  assert.ok(svg.includes("Learning-rate sweep") && svg.includes("learning rate"));
  assert.ok(pngInfo(join(dir, "lr-sweep-seed-mlp.png")).colours > 20);

  const lin = descent([
    "lr-sweep",
    "--example",
    "linreg",
    "--lrs",
    "0.03,100",
    "--log-format",
    "jsonl",
    "--no-plot",
  ]);
  assert.equal(lin.code, 0, lin.stderr);
  const [ok, diverged] = jsonLines(lin.stdout);
  assert.equal(ok.lr, 0.03);
  assert.equal(ok.diverged_at, null);
  assert.ok((ok.final_loss as number) < 1e-3);
  assert.equal(diverged.lr, 100);
  assert.equal(diverged.diverged_at, 1);
  assert.ok(!existsSync(join(dir, "lr-sweep-linreg.svg")));

  const bad = descent(["lr-sweep", "--lrs", "0.1", "abc"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /each learning rate must be a positive number/);
});

test("bad flags end the command with a message naming the flag and a non-zero exit code", () => {
  const cases: [string[], RegExp][] = [
    [
      ["run", "seed-mlp", "--lr", "abc"],
      /option '--lr <rate>' argument 'abc' is invalid\. the learning rate must be a positive number/,
    ],
    [["run", "seed-mlp", "--lr", "-1"], /--lr <rate>.*positive number/],
    [
      ["run", "seed-mlp", "--batch-size", "0"],
      /--batch-size <full\|n>.*"full" or a positive integer/,
    ],
    [["run", "seed-mlp", "--epochs", "2.5"], /--epochs <n>.*integer >= 0/],
    [
      ["run", "seed-mlp", "--optimizer", "lbfgs"],
      /--optimizer.*Allowed choices are sgd, adam, adamw, rmsprop, adagrad, adadelta, adamax, nadam, radam/,
    ],
    [["run", "seed-mlp", "--log-format", "xml"], /--log-format.*Allowed choices are text, jsonl/],
    [["run", "seed-mlp", "--log-every", "0"], /--log-every <k>.*integer >= 1/],
    [["run", "seed-mlp", "--frobnicate"], /unknown option '--frobnicate'/],
    [
      ["run", "mnist"],
      /'mnist' is invalid for argument 'example'\. Allowed choices are seed-mlp, seed-softmax, linreg/,
    ],
    [
      ["run", "seed-mlp", "--optimizer", "adam", "--momentum", "0.9", "--no-plot"],
      /--momentum applies to sgd and rmsprop only; Adam has none \(it has betas\)/,
    ],
    [
      ["run", "seed-mlp", "--optimizer", "adagrad", "--momentum", "0.5", "--no-plot"],
      /--momentum applies to sgd and rmsprop only; Adagrad has none/,
    ],
    [["run", "seed-mlp", "--weight-decay", "-1"], /--weight-decay <w>.*number >= 0/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ];
  for (const [args, why] of cases) {
    const r = descent(args);
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.stderr, why, args.join(" "));
  }
});
