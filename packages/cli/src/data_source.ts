/**
 * `--data` for `train`, `predict` and `lr-sweep`: a CSV file, or a generator with options,
 * `make-classification:n-samples=500,random-state=1` (scikit-learn's parameter names in kebab
 * case). Errors name the file or the generator and the problem.
 */
import type { Tensor } from "descent";
import { excerpt } from "descent";
import { readFileBounded } from "descent/io";
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

/** Generators by name (a Map: `--data constructor` is an unknown generator). */
const GENERATORS = new Map<string, { keys: string[]; make: Generate }>(
  Object.entries({
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
      make: (o: Record<string, unknown>) => makeClassification(o),
    },
    "make-moons": {
      keys: ["n-samples", "shuffle", "noise", "random-state"],
      make: (o: Record<string, unknown>) => makeMoons(o),
    },
    "make-circles": {
      keys: ["n-samples", "shuffle", "noise", "random-state", "factor"],
      make: (o: Record<string, unknown>) => makeCircles(o),
    },
    "make-blobs": {
      keys: ["n-samples", "n-features", "centers", "cluster-std", "shuffle", "random-state"],
      make: (o: Record<string, unknown>) => makeBlobs(o),
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
      make: (o: Record<string, unknown>) => makeRegression(o),
    },
  } satisfies Record<string, { keys: string[]; make: Generate }>),
);

/** The generator names `--data` accepts. */
export const GENERATOR_NAMES = [...GENERATORS.keys()];

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parseValue(v: string): unknown {
  if (v === "true") return true;
  if (v === "false") return false;
  if (v === "null" || v === "none") return null;
  const x = Number(v);
  if (v.trim() !== "" && Number.isFinite(x)) return x;
  throw new Error(`"${excerpt(v)}" is not a number, true, false or null`);
}

/** `make-moons:n-samples=200,noise=0.1` -> makeMoons({ nSamples: 200, noise: 0.1 }). */
export function generate(spec: string): DataSet {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const g = GENERATORS.get(name);
  if (!g) {
    throw new Error(
      `--data: unknown generator "${excerpt(name)}"; known: ${GENERATOR_NAMES.join(", ")}`,
    );
  }
  const opts: Record<string, unknown> = {};
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  for (const part of rest.split(",").filter((p) => p.trim())) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0) throw new Error(`--data ${name}: "${excerpt(part)}" should be key=value`);
    if (!g.keys.includes(key)) {
      throw new Error(
        `--data ${name}: unknown option "${excerpt(key)}"; known: ${g.keys.join(", ")}`,
      );
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
  const text = new TextDecoder("utf-8").decode(readFileBounded(path, "--data"));
  const shown = excerpt(path);
  try {
    const labelColumn = opts.target === undefined ? -1 : opts.target;
    if (labelColumn === null) {
      const d = parseCsv(text, { header: opts.header ?? true, labelColumn: null });
      if (d.X.shape[0] === 0) throw new Error("no data rows");
      return { x: d.X, y: null, source: path };
    }
    const d = parseCsv(text, { header: opts.header ?? true, labelColumn, labelDtype: "auto" });
    if (d.X.shape[0] === 0) throw new Error("no data rows");
    return { x: d.X, y: d.y, source: path };
  } catch (e) {
    throw new Error(`--data '${shown}': ${(e as Error).message}`, { cause: e });
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
