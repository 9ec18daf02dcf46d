/**
 * `descent data make-classification | make-blobs | make-moons | make-circles | make-regression`:
 * scikit-learn's generators from the command line. Flags are sklearn's parameters in kebab case
 * (`n_samples` -> `--n-samples`) with sklearn's defaults; values are computed in float64 and
 * written with every digit (CSV or JSON), to stdout or atomically to `--out`.
 */
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";

import type { Tensor } from "descent";
import { writeFileAtomic } from "../files.js";
import { makeBlobs, makeCircles, makeClassification, makeMoons, makeRegression } from "../lib.js";

// ---- flag values -------------------------------------------------------------------------------

function integer(flag: string, min: number): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (!/^\s*[+-]?\d+\s*$/.test(v) || !Number.isSafeInteger(x) || x < min) {
      throw new InvalidArgumentError(`${flag} must be an integer >= ${min}.`);
    }
    return x;
  };
}

function number(
  flag: string,
  check?: (x: number) => boolean,
  what = "a number",
): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x) || (check && !check(x))) {
      throw new InvalidArgumentError(`${flag} must be ${what}.`);
    }
    return x;
  };
}

function numberList(flag: string, v: string, what = "numbers"): number[] {
  const parts = v.split(",").map((s) => s.trim());
  const xs = parts.map(Number);
  if (parts.some((s) => s === "") || xs.some((x) => !Number.isFinite(x))) {
    throw new InvalidArgumentError(`${flag} must be comma-separated ${what} (e.g. 0.7,0.3).`);
  }
  return xs;
}

function boolean(flag: string): (v: string) => boolean {
  return (v) => {
    const s = v.trim().toLowerCase();
    if (["true", "1", "yes"].includes(s)) return true;
    if (["false", "0", "no"].includes(s)) return false;
    throw new InvalidArgumentError(`${flag} must be true or false.`);
  };
}

/**
 * "none" on the command line: sklearn's None. (A parser cannot return null itself: commander turns
 * a null value into "".) The action maps it to null.
 */
const NONE = Symbol("none");

/** A number, a comma list of numbers (one per feature), or "none". */
function numberOrListOrNone(flag: string): (v: string) => number | number[] | typeof NONE {
  return (v) => {
    if (v.trim().toLowerCase() === "none") return NONE;
    const xs = numberList(flag, v, 'numbers, one number, or "none"');
    return xs.length === 1 ? xs[0] : xs;
  };
}

/** An integer, or a comma list of integers (per-class or per-centre counts). */
function countOrList(flag: string): (v: string) => number | number[] {
  return (v) => {
    const parts = v.split(",");
    const parse = integer(flag, 0);
    try {
      const xs = parts.map(parse);
      return xs.length === 1 ? xs[0] : xs;
    } catch {
      throw new InvalidArgumentError(
        `${flag} must be an integer >= 0 or comma-separated integers (e.g. 100 or 50,50).`,
      );
    }
  };
}

const randomState = integer("--random-state", 0);

function parseRandomState(v: string): number {
  const x = randomState(v);
  if (x > 0xffffffff) throw new InvalidArgumentError("--random-state must be <= 4294967295.");
  return x;
}

/** `--centers 3` or `--centers "1,1;-1,-1"` (rows separated by semicolons). */
function parseCenters(v: string): number | number[][] {
  if (/^\s*\d+\s*$/.test(v)) return integer("--centers", 1)(v);
  const rows = v.split(";").map((r) => numberList("--centers", r, "numbers"));
  if (rows.some((r) => r.length !== rows[0].length)) {
    throw new InvalidArgumentError(
      '--centers must be a count or rows of equal length, e.g. "1,1;-1,-1".',
    );
  }
  return rows;
}

function parseCenterBox(v: string): [number, number] {
  const xs = numberList("--center-box", v);
  if (xs.length !== 2) throw new InvalidArgumentError("--center-box must be two numbers: min,max.");
  return [xs[0], xs[1]];
}

function parseFormat(v: string): "csv" | "json" {
  if (v === "csv" || v === "json") return v;
  throw new InvalidArgumentError("--format must be csv or json.");
}

// ---- output ------------------------------------------------------------------------------------

interface Output {
  format: "csv" | "json";
  out?: string;
}

/** Numbers as JSON writes them: the shortest text that reads back as the same float64. */
function csvText(X: Tensor, y: Tensor): string {
  const [n, f] = X.shape;
  const xs = X.toTypedArray();
  const ys = y.toTypedArray();
  const t = y.ndim === 2 ? y.shape[1] : 1;
  const header = [
    ...Array.from({ length: f }, (_, j) => `x${j}`),
    ...(y.ndim === 2 ? Array.from({ length: t }, (_, j) => `y${j}`) : ["y"]),
  ];
  const lines = [header.join(",")];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < f; j++) row.push(xs[i * f + j]);
    for (let j = 0; j < t; j++) row.push(ys[i * t + j]);
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}

function emit(
  result: { X: Tensor; y: Tensor } & Record<string, Tensor | undefined>,
  extras: string[],
  { format, out }: Output,
): void {
  let text: string;
  if (format === "json") {
    const obj: Record<string, unknown> = { X: result.X.tolist(), y: result.y.tolist() };
    for (const k of extras) if (result[k]) obj[k] = result[k]!.tolist();
    text = JSON.stringify(obj) + "\n";
  } else {
    text = csvText(result.X, result.y);
  }
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text, "--out");
}

/** Adds the flags every generator shares, and runs `make` with the parsed options. */
function generator(
  data: Command,
  name: string,
  description: string,
  flags: Option[],
  make: (
    opts: Record<string, unknown>,
  ) => { X: Tensor; y: Tensor } & Record<string, Tensor | undefined>,
  extras: { flag: string; key: string; field: string }[] = [],
): void {
  const cmd = data.command(name).description(description);
  for (const f of flags) cmd.addOption(f);
  cmd
    .addOption(
      new Option(
        "--random-state <seed>",
        "seed of numpy's RandomState (default: unseeded)",
      ).argParser(parseRandomState),
    )
    .addOption(
      new Option("--format <format>", "csv (header x0..,y) or json ({X, y})")
        .default("csv")
        .argParser(parseFormat),
    )
    .option("--out <file>", "write here (atomically) instead of stdout")
    .action((opts: Record<string, unknown>) => {
      const output = { format: opts.format as "csv" | "json", out: opts.out as string | undefined };
      for (const e of extras) {
        if (opts[e.key] && output.format !== "json") {
          throw new Error(`data ${name}: ${e.flag} needs --format json (CSV holds only X and y)`);
        }
      }
      const options: Record<string, unknown> = { dtype: "float64" };
      for (const [k, v] of Object.entries(opts)) {
        if (k !== "format" && k !== "out") options[k] = v === NONE ? null : v;
      }
      let result: ReturnType<typeof make>;
      try {
        result = make(options);
      } catch (e) {
        throw new Error(`data ${name}: ${withFlags((e as Error).message, flags)}`, { cause: e });
      }
      emit(
        result,
        extras.map((e) => e.field),
        output,
      );
    });
}

/** Appends the flags whose option names (camelCase) a library message mentions. */
function withFlags(message: string, flags: Option[]): string {
  const named = flags.filter((f) => new RegExp(`\\b${f.attributeName()}\\b`).test(message));
  return named.length ? `${message} (flags: ${named.map((f) => f.long).join(", ")})` : message;
}

const opt = (flags: string, description: string, parse: (v: string) => unknown): Option =>
  new Option(flags, description).argParser(parse);

// ---- the command -------------------------------------------------------------------------------

export function configure(data: Command): void {
  const shuffle = (): Option =>
    opt("--shuffle <bool>", "shuffle the samples (true)", boolean("--shuffle"));

  generator(
    data,
    "make-classification",
    "a random n-class problem: Gaussian clusters on hypercube vertices (sklearn.datasets.make_classification)",
    [
      opt("--n-samples <n>", "number of samples (100)", integer("--n-samples", 1)),
      opt("--n-features <n>", "total number of features (20)", integer("--n-features", 1)),
      opt("--n-informative <n>", "informative features (2)", integer("--n-informative", 1)),
      opt(
        "--n-redundant <n>",
        "linear combinations of the informative ones (2)",
        integer("--n-redundant", 0),
      ),
      opt("--n-repeated <n>", "duplicated features (0)", integer("--n-repeated", 0)),
      opt("--n-classes <n>", "number of classes (2)", integer("--n-classes", 1)),
      opt(
        "--n-clusters-per-class <n>",
        "clusters per class (2)",
        integer("--n-clusters-per-class", 1),
      ),
      opt("--weights <list>", "class proportions, e.g. 0.7,0.3 (equal)", (v) =>
        numberList("--weights", v),
      ),
      opt(
        "--flip-y <fraction>",
        "fraction of labels assigned at random (0.01)",
        number("--flip-y"),
      ),
      opt("--class-sep <x>", "half the side of the hypercube (1.0)", number("--class-sep")),
      opt(
        "--hypercube <bool>",
        "clusters on hypercube vertices (true) or a random polytope",
        boolean("--hypercube"),
      ),
      opt(
        "--shift <x>",
        'added to the features: number, list, or "none" for random (0.0)',
        numberOrListOrNone("--shift"),
      ),
      opt(
        "--scale <x>",
        'multiplies the features: number, list, or "none" for random (1.0)',
        numberOrListOrNone("--scale"),
      ),
      shuffle(),
    ],
    (o) => makeClassification(o),
  );

  generator(
    data,
    "make-blobs",
    "isotropic Gaussian blobs for clustering (sklearn.datasets.make_blobs)",
    [
      opt(
        "--n-samples <n>",
        "total samples, or one count per centre, e.g. 50,100 (100)",
        countOrList("--n-samples"),
      ),
      opt("--n-features <n>", "number of features (2)", integer("--n-features", 1)),
      opt("--centers <centers>", 'number of centres, or rows "x,y;x,y" (3)', parseCenters),
      opt("--cluster-std <x>", "standard deviation, or one per centre (1.0)", (v) => {
        const xs = numberList("--cluster-std", v);
        return xs.length === 1 ? xs[0] : xs;
      }),
      opt("--center-box <min,max>", "bounding box of random centres (-10,10)", parseCenterBox),
      shuffle(),
      opt(
        "--return-centers <bool>",
        "also output the centres (JSON only) (false)",
        boolean("--return-centers"),
      ),
    ],
    (o) => makeBlobs(o),
    [{ flag: "--return-centers", key: "returnCenters", field: "centers" }],
  );

  for (const [name, what, make] of [
    ["make-moons", "two interleaving half circles (sklearn.datasets.make_moons)", makeMoons],
    [
      "make-circles",
      "a large circle containing a smaller one (sklearn.datasets.make_circles)",
      makeCircles,
    ],
  ] as const) {
    const flags = [
      opt(
        "--n-samples <n>",
        "total samples, or outer,inner counts (100)",
        countOrList("--n-samples"),
      ),
      shuffle(),
      opt(
        "--noise <sd>",
        "standard deviation of Gaussian noise (none)",
        number("--noise", (x) => x >= 0, "a number >= 0"),
      ),
    ];
    if (name === "make-circles") {
      flags.push(
        opt(
          "--factor <x>",
          "scale of the inner circle, in [0, 1) (0.8)",
          number("--factor", (x) => x >= 0 && x < 1, "a number in [0, 1)"),
        ),
      );
    }
    generator(data, name, what, flags, (o) => make(o));
  }

  generator(
    data,
    "make-regression",
    "a random linear regression problem (sklearn.datasets.make_regression)",
    [
      opt("--n-samples <n>", "number of samples (100)", integer("--n-samples", 1)),
      opt("--n-features <n>", "number of features (100)", integer("--n-features", 1)),
      opt(
        "--n-informative <n>",
        "features with a non-zero coefficient (10)",
        integer("--n-informative", 0),
      ),
      opt("--n-targets <n>", "number of regression targets (1)", integer("--n-targets", 1)),
      opt("--bias <x>", "bias of the linear model (0.0)", number("--bias")),
      opt(
        "--effective-rank <n>",
        'approximate rank of X, or "none" for well conditioned (none)',
        (v) => (v.trim().toLowerCase() === "none" ? NONE : integer("--effective-rank", 1)(v)),
      ),
      opt(
        "--tail-strength <x>",
        "relative importance of the singular values' fat tail, in [0, 1] (0.5)",
        number("--tail-strength", (x) => x >= 0 && x <= 1, "a number in [0, 1]"),
      ),
      opt(
        "--noise <sd>",
        "standard deviation of Gaussian noise on y (0.0)",
        number("--noise", (x) => x >= 0, "a number >= 0"),
      ),
      shuffle(),
      opt(
        "--coef <bool>",
        "also output the true coefficients (JSON only) (false)",
        boolean("--coef"),
      ),
    ],
    (o) => makeRegression(o),
    [{ flag: "--coef", key: "coef", field: "coef" }],
  );
}
