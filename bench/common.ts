/**
 * What the bench's processes share: the plan each framework's worker runs, the JSON a worker
 * prints, the data files (raw little-endian arrays plus a manifest that bench/workloads/torch_bench.py
 * reads too) and the timing helpers. Node only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const WORKLOADS = ["W1", "W2", "W3", "W4", "W5"] as const;
export type WorkloadId = (typeof WORKLOADS)[number];

/** Fashion-MNIST-shaped synthetic data of W3 and W4. */
export const FASHION = { n: 60_000, features: 784, classes: 10 } as const;
export const BATCH = 256;
export const LR = 0.1;
/** W5's shapes, m x k x n. */
export const MATMUL_SHAPES: readonly (readonly [number, number, number])[] = [
  [1024, 1024, 1024],
  [256, 784, 256],
];

/**
 * What one worker does per task; `run.ts` writes one per framework (tfjs-cpu gets shorter runs).
 * The number of repetitions is the orchestrator's: it sends one task per repetition, taking the
 * frameworks in turn, so that a busy machine slows them alike.
 */
export interface Plan {
  /** W1 and W2: epochs per repetition (the result is scaled to 1000 epochs). */
  epochs: number;
  /** W1 and W2: untimed epochs before the first repetition. */
  warmupEpochs: number;
  /** W3 and W4: mini-batches per repetition (ceil(60000 / 256) = 235 is one epoch). */
  batches: { W3: number; W4: number };
  /** W3 and W4: untimed mini-batches before the first repetition. */
  warmupBatches: number;
  /** W5: the shapes, m x k x n. */
  matmulShapes: (readonly [number, number, number])[];
  /** W5: each repetition repeats the product for at least this long. */
  matmulMinSeconds: number;
  /** W5: one untimed product before the first repetition. */
  matmulWarmup: boolean;
  /** The memory task: W1 for this many epochs, memory read after epoch 10 and after the last. */
  memoryEpochs: number;
}

export const BATCHES_PER_EPOCH = Math.ceil(FASHION.n / BATCH);

export type Unit = "s" | "samples/s" | "GFLOP/s";

/** One repetition's number: seconds per 1000 epochs, samples/s or GFLOP/s. */
export interface Sample {
  unit: Unit;
  value: number;
  /** The loss at the end, to check that the frameworks trained the same model. */
  loss?: number;
  /** How the number was obtained when it is not the plain case (e.g. "2 threads"). */
  note?: string;
}

export interface MemoryPoint {
  rss: number;
  /** JS heap (Node) or null where the framework has none to report. */
  heapUsed: number | null;
  /** Typed-array and wasm memory outside the JS heap (Node's `external`, which counts array buffers). */
  external: number | null;
}

export interface MemoryReport {
  /** Whether a full GC ran before each reading (node --expose-gc; Python's gc.collect). */
  gc: boolean;
  epochs: number;
  after10: MemoryPoint;
  afterLast: MemoryPoint;
}

export type Info = Record<string, string | number | boolean>;

/**
 * A worker's answer to one task, printed as one line `MARK + JSON`. Tasks: "hello" (sent
 * unasked at start), "W1".."W5" (one repetition; the first of each also warms up), "memory",
 * "exit" (peak RSS, then the worker ends).
 */
export interface Reply {
  task: string;
  framework?: string;
  version?: string;
  info?: Info;
  results?: Record<string, Sample>;
  memory?: MemoryReport;
  /** Peak resident set of the worker process, bytes. */
  peakRss?: number;
  error?: string;
}

/** Prefix of the lines a worker prints for the orchestrator; other output is passed through. */
export const MARK = "@@bench ";

/** Rows of W5 in the results, keyed by shape and threads. */
export function matmulKey(m: number, k: number, n: number, threads: 1 | 2, via = ""): string {
  return `W5 ${m}x${k}x${n} t${threads}${via ? ` ${via}` : ""}`;
}

/** The row key of W5's ceiling (bench/peak.ts) on `threads` threads. */
export const peakKey = (threads: 1 | 2): string => `W5 ceiling t${threads}`;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Seconds since an arbitrary origin, from the monotonic clock. */
export function now(): number {
  return performance.now() / 1000;
}

// ---- data files -----------------------------------------------------------------------------

export type ArrayKind = "float32" | "int32";
export interface ManifestEntry {
  file: string;
  dtype: ArrayKind;
  shape: number[];
}
/** Names of the arrays: seed_X, seed_y, fashion_X, fashion_y, and initial weights `W1.fc1.weight`... */
export type Manifest = Record<string, ManifestEntry>;

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
}

/** One array of the data directory (a view on the file's bytes, not a copy, for large files). */
export function readArray(
  dir: string,
  manifest: Manifest,
  name: string,
): Float32Array | Int32Array {
  const e = manifest[name];
  if (!e) throw new Error(`bench data: no array '${name}' in ${dir}/manifest.json`);
  let buf: Uint8Array = readFileSync(join(dir, e.file));
  // Small files come in slices of a shared pool, possibly misaligned: copy those.
  if (buf.byteOffset % 4 !== 0) buf = new Uint8Array(buf);
  const n = buf.byteLength / 4;
  return e.dtype === "float32"
    ? new Float32Array(buf.buffer, buf.byteOffset, n)
    : new Int32Array(buf.buffer, buf.byteOffset, n);
}

/** The initial parameters of a workload's model, by PyTorch state-dict key. */
export function readInit(
  dir: string,
  manifest: Manifest,
  workload: string,
): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const [name, e] of Object.entries(manifest)) {
    if (!name.startsWith(`${workload}.`)) continue;
    out[name.slice(workload.length + 1)] = {
      data: readArray(dir, manifest, name) as Float32Array,
      shape: e.shape,
    };
  }
  return out;
}

/** Command-line arguments every Node worker takes: `--data DIR --plan FILE`. */
export function workerArgs(argv: string[]): { dataDir: string; plan: Plan; rest: string[] } {
  let dataDir = "";
  let planFile = "";
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--data") dataDir = argv[++i];
    else if (argv[i] === "--plan") planFile = argv[++i];
    else rest.push(argv[i]);
  }
  if (!dataDir || !planFile) throw new Error("usage: <worker> --data DIR --plan FILE [...]");
  return { dataDir, plan: JSON.parse(readFileSync(planFile, "utf8")) as Plan, rest };
}

/** Node's memory now, after a full GC when the process runs with --expose-gc. */
export function nodeMemory(): MemoryPoint {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/** Peak RSS of this process in bytes (resourceUsage reports kilobytes). */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
