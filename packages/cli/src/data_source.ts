/**
 * `--data` for `train`, `predict` and `lr-sweep`: a CSV file, or a generator with options,
 * `make-classification:n-samples=500,random-state=1` (scikit-learn's parameter names in kebab
 * case). Errors name the file or the generator and the problem.
 */
import { readFileSync, statSync } from "node:fs";
import type { Tensor } from "descent";
import {
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
  parseCsv,
} from "./lib.js";

export interface DataSet {
  /** Features [N, F], float32. */
  x: Tensor;
  /** Labels or targets [N] (int32 classes or float values); null when the data has none. */
  y: Tensor | null;
  /** Where it came from, for messages. */
  source: string;
}

type Generate = (o: Record<string, unknown>) => { X: Tensor; y: Tensor };

const GENERATORS: Record<string, { keys: string[]; make: Generate }> = {
  "make-classification": {
    keys: [
      "n-samples",
      "n-features",
      "n-informative",
      "n-redundant",
      "n-repeated",
      "n-classes",
      "n-clusters-per-class",
      "flip-y",
      "class-sep",
      "hypercube",
      "shift",
      "scale",
      "shuffle",
      "random-state",
    ],
    make: (o) => makeClassification(o),
  },
  "make-moons": {
    keys: ["n-samples", "shuffle", "noise", "random-state"],
    make: (o) => makeMoons(o),
  },
  "make-circles": {
    keys: ["n-samples", "shuffle", "noise", "random-state", "factor"],
    make: (o) => makeCircles(o),
  },
  "make-blobs": {
    keys: ["n-samples", "n-features", "centers", "cluster-std", "shuffle", "random-state"],
    make: (o) => makeBlobs(o),
  },
  "make-regression": {
    keys: [
      "n-samples",
      "n-features",
      "n-informative",
      "bias",
      "effective-rank",
      "tail-strength",
      "noise",
      "shuffle",
      "random-state",
    ],
    make: (o) => makeRegression(o),
  },
};

/** The generator names `--data` accepts. */
export const GENERATOR_NAMES = Object.keys(GENERATORS);

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parseValue(v: string): unknown {
  if (v === "true") return true;
  if (v === "false") return false;
  if (v === "null" || v === "none") return null;
  const x = Number(v);
  if (v.trim() !== "" && Number.isFinite(x)) return x;
  throw new Error(`"${v}" is not a number, true, false or null`);
}

/** `make-moons:n-samples=200,noise=0.1` -> makeMoons({ nSamples: 200, noise: 0.1 }). */
export function generate(spec: string): DataSet {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const g = GENERATORS[name];
  if (!g)
    throw new Error(`--data: unknown generator "${name}"; known: ${GENERATOR_NAMES.join(", ")}`);
  const opts: Record<string, unknown> = {};
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  for (const part of rest.split(",").filter((p) => p.trim())) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0) throw new Error(`--data ${name}: "${part}" should be key=value`);
    if (!g.keys.includes(key)) {
      throw new Error(`--data ${name}: unknown option "${key}"; known: ${g.keys.join(", ")}`);
    }
    try {
      opts[camel(key)] = parseValue(part.slice(eq + 1).trim());
    } catch (e) {
      throw new Error(`--data ${name}: ${key}: ${(e as Error).message}`);
    }
  }
  try {
    const { X, y } = g.make(opts);
    return { x: X, y: y.ndim === 1 ? y : y.reshape(-1), source: spec };
  } catch (e) {
    throw new Error(`--data ${name}: ${(e as Error).message}`);
  }
}

export interface CsvOptions {
  /** Label column: a header name or an index (negative from the end); null: none. */
  target?: string | number | null;
  header?: boolean;
}

/** Reads a numeric CSV file; the label column is the last one unless `target` says otherwise. */
export function readCsvFile(path: string, opts: CsvOptions = {}): DataSet {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new Error("it is a directory");
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new Error(`--data '${path}': cannot read the file: ${why}`);
  }
  try {
    const labelColumn = opts.target === undefined ? -1 : opts.target;
    if (labelColumn === null) {
      const d = parseCsv(text, { header: opts.header ?? true, labelColumn: null });
      return { x: d.X, y: null, source: path };
    }
    const d = parseCsv(text, { header: opts.header ?? true, labelColumn, labelDtype: "auto" });
    if (d.X.shape[0] === 0) throw new Error("no data rows");
    return { x: d.X, y: d.y, source: path };
  } catch (e) {
    throw new Error(`--data '${path}': ${(e as Error).message}`);
  }
}

/** A generator spec (`make-...`) or a CSV file path. */
export function loadData(spec: string, opts: CsvOptions = {}): DataSet {
  if (/^make-[a-z-]+(:|$)/.test(spec.trim())) return generate(spec.trim());
  return readCsvFile(spec, opts);
}

/** `--target`: a column index when it is an integer, else a header name. */
export function parseTarget(v: string): string | number {
  return /^-?\d+$/.test(v.trim()) ? Number(v) : v;
}
