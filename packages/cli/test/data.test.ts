import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { data } from "descent";

const { parseCsv, makeBlobs, makeCircles, makeClassification, makeMoons, makeRegression } = data;

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `descent ...args` as a user would (a fresh node process), never rejecting. */
async function descent(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "packages/cli/src/main.ts", ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test("descent data make-classification --format json equals the library call, every digit", async () => {
  const r = await descent(
    "data",
    "make-classification",
    "--n-samples",
    "20",
    "--random-state",
    "0",
    "--format",
    "json",
  );
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { X: number[][]; y: number[] };
  const want = makeClassification({ nSamples: 20, randomState: 0, dtype: "float64" });
  assert.deepEqual(got.X, want.X.tolist());
  assert.deepEqual(got.y, want.y.tolist());
  assert.equal(got.X.length, 20);
  assert.equal(got.X[0].length, 20);
});

test("descent data: every generator and its flags, CSV and JSON, stdout and --out", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "descent-cli-data-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "blobs.csv");
  const [cls, blobs, moons, circles, reg, file] = await Promise.all([
    descent(
      "data",
      "make-classification",
      "--n-samples",
      "30",
      "--n-features",
      "6",
      "--n-informative",
      "3",
      "--n-redundant",
      "1",
      "--n-repeated",
      "1",
      "--n-classes",
      "3",
      "--n-clusters-per-class",
      "1",
      "--weights",
      "0.5,0.3,0.2",
      "--flip-y",
      "0",
      "--class-sep",
      "2",
      "--hypercube",
      "false",
      "--shift",
      "none",
      "--scale",
      "2",
      "--shuffle",
      "false",
      "--random-state",
      "7",
    ),
    descent(
      "data",
      "make-blobs",
      "--n-samples",
      "10,20",
      "--centers",
      "1,1;-2,3",
      "--cluster-std",
      "0.5",
      "--random-state",
      "3",
      "--format",
      "json",
      "--return-centers",
      "true",
    ),
    descent(
      "data",
      "make-moons",
      "--n-samples",
      "15",
      "--noise",
      "0.1",
      "--random-state",
      "1",
      "--format",
      "json",
    ),
    descent(
      "data",
      "make-circles",
      "--n-samples",
      "8,4",
      "--factor",
      "0.3",
      "--shuffle",
      "false",
      "--random-state",
      "2",
      "--format",
      "json",
    ),
    descent(
      "data",
      "make-regression",
      "--n-samples",
      "12",
      "--n-features",
      "4",
      "--n-informative",
      "2",
      "--n-targets",
      "2",
      "--bias",
      "1.5",
      "--noise",
      "0.5",
      "--random-state",
      "5",
      "--format",
      "json",
      "--coef",
      "true",
    ),
    descent(
      "data",
      "make-blobs",
      "--n-samples",
      "25",
      "--centers",
      "4",
      "--random-state",
      "0",
      "--out",
      out,
    ),
  ]);

  for (const r of [cls, blobs, moons, circles, reg, file]) assert.equal(r.code, 0, r.stderr);

  // CSV: header x0..x5,y; numbers read back as the same float64 values
  const csv = parseCsv(cls.stdout, { dtype: "float64" });
  const c = makeClassification({
    nSamples: 30,
    nFeatures: 6,
    nInformative: 3,
    nRedundant: 1,
    nRepeated: 1,
    nClasses: 3,
    nClustersPerClass: 1,
    weights: [0.5, 0.3, 0.2],
    flipY: 0,
    classSep: 2,
    hypercube: false,
    shift: null,
    scale: 2,
    shuffle: false,
    randomState: 7,
    dtype: "float64",
  });
  assert.deepEqual(csv.featureNames, ["x0", "x1", "x2", "x3", "x4", "x5"]);
  assert.equal(csv.labelName, "y");
  assert.deepEqual(csv.X.tolist(), c.X.tolist());
  assert.deepEqual(csv.y.tolist(), c.y.tolist());

  const b = makeBlobs({
    nSamples: [10, 20],
    centers: [
      [1, 1],
      [-2, 3],
    ],
    clusterStd: 0.5,
    randomState: 3,
    returnCenters: true,
    dtype: "float64",
  });
  assert.deepEqual(JSON.parse(blobs.stdout), {
    X: b.X.tolist(),
    y: b.y.tolist(),
    centers: b.centers!.tolist(),
  });

  const m = makeMoons({ nSamples: 15, noise: 0.1, randomState: 1, dtype: "float64" });
  assert.deepEqual(JSON.parse(moons.stdout), { X: m.X.tolist(), y: m.y.tolist() });

  const ci = makeCircles({
    nSamples: [8, 4],
    factor: 0.3,
    shuffle: false,
    randomState: 2,
    dtype: "float64",
  });
  assert.deepEqual(JSON.parse(circles.stdout), { X: ci.X.tolist(), y: ci.y.tolist() });

  const rg = makeRegression({
    nSamples: 12,
    nFeatures: 4,
    nInformative: 2,
    nTargets: 2,
    bias: 1.5,
    noise: 0.5,
    randomState: 5,
    coef: true,
    dtype: "float64",
  });
  assert.deepEqual(JSON.parse(reg.stdout), {
    X: rg.X.tolist(),
    y: rg.y.tolist(),
    coef: rg.coef!.tolist(),
  });

  // --out: nothing on stdout, the file complete, no temporary file left behind
  assert.equal(file.stdout, "");
  const written = parseCsv(readFileSync(out, "utf8"), { dtype: "float64" });
  const bl = makeBlobs({ nSamples: 25, centers: 4, randomState: 0, dtype: "float64" });
  assert.deepEqual(written.X.tolist(), bl.X.tolist());
  assert.deepEqual(written.y.tolist(), bl.y.tolist());
  assert.deepEqual(readdirSync(dir), ["blobs.csv"]);
});

test("descent data: bad flags and values exit non-zero with a message naming them", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["make-classification", "--n-samples", "abc"],
      /option '--n-samples <n>' argument 'abc' is invalid\. --n-samples must be an integer >= 1\./,
    ],
    [["make-classification", "--bogus", "1"], /unknown option '--bogus'/],
    [["make-classification", "--hypercube", "maybe"], /--hypercube must be true or false/],
    [["make-classification", "--weights", "0.7,x"], /--weights must be comma-separated numbers/],
    [["make-moons", "--noise", "-1"], /--noise must be a number >= 0/],
    [["make-circles", "--factor", "1.5"], /--factor must be a number in \[0, 1\)/],
    [["make-blobs", "--format", "xml"], /--format must be csv or json/],
    [["make-blobs", "--random-state", "-3"], /--random-state must be an integer >= 0/],
    [
      ["make-classification", "--n-informative", "30"],
      /descent: data make-classification: makeClassification: .*\(flags: --n-features, --n-informative, --n-redundant, --n-repeated\)/,
    ],
    [["make-regression", "--coef", "true"], /data make-regression: --coef needs --format json/],
    [["make-nothing"], /unknown command 'make-nothing'/],
  ];
  const results = await Promise.all(cases.map(([args]) => descent("data", ...args)));
  results.forEach((r, i) => {
    const [args, pattern] = cases[i];
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.stderr, pattern, args.join(" "));
    assert.equal(r.stdout, "", args.join(" "));
  });
});

test("descent data --help lists the generators, and each has --help", async () => {
  const names = [
    "make-classification",
    "make-blobs",
    "make-moons",
    "make-circles",
    "make-regression",
  ];
  const [top, ...subs] = await Promise.all([
    descent("data", "--help"),
    ...names.map((n) => descent("data", n, "--help")),
  ]);
  assert.equal(top.code, 0, top.stderr);
  for (const n of names) assert.match(top.stdout, new RegExp(`\\b${n}\\b`));
  subs.forEach((r, i) => {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Usage: descent data ${names[i]}`));
    assert.match(r.stdout, /--n-samples/);
    assert.match(r.stdout, /--random-state/);
  });
});
