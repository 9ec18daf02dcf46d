/**
 * The bench's report: medians of the repetitions, ratios against each anchor, the issue's targets,
 * the memory check and the machine's description, as Markdown.
 */
import {
  type Info,
  MATMUL_SHAPES,
  type MemoryReport,
  type Sample,
  type Unit,
  matmulKey,
  peakKey,
  median,
} from "./common.js";

export const FRAMEWORKS = ["descent", "torch", "tfjs-cpu", "tfjs-wasm"] as const;
export type Framework = (typeof FRAMEWORKS)[number];
const TITLES: Record<Framework, string> = {
  descent: "descent",
  torch: "PyTorch",
  "tfjs-cpu": "tfjs-cpu",
  "tfjs-wasm": "tfjs-wasm",
};

/** The numbers of one row for one framework: median and every repetition. */
export interface Cell {
  unit: Unit;
  median: number;
  values: number[];
  loss?: number;
  note?: string;
}

/** Everything the run gathered. */
export interface Collected {
  /** Row key ("W1", "W5 1024x1024x1024 t1"...) -> framework -> samples of the repetitions. */
  samples: Map<string, Map<Framework, Sample[]>>;
  memory: Partial<Record<Framework, MemoryReport>>;
  peakRss: Partial<Record<Framework, number>>;
  versions: Partial<Record<Framework, string>>;
  info: Partial<Record<Framework, Info>>;
  /** Frameworks that were asked for but did not run, with the reason. */
  missing: Partial<Record<Framework, string>>;
  errors: string[];
}

export function cellOf(samples: readonly Sample[] | undefined): Cell | undefined {
  if (!samples || samples.length === 0) return undefined;
  const values = samples.map((s) => s.value);
  const last = samples[samples.length - 1];
  return { unit: last.unit, median: median(values), values, loss: last.loss, note: last.note };
}

/** How many times as fast descent is: other time / descent time, or descent rate / other rate. */
export function speedRatio(descent: Cell | undefined, other: Cell | undefined): number | undefined {
  if (!descent || !other || !(descent.median > 0) || !(other.median > 0)) return undefined;
  return descent.unit === "s" ? other.median / descent.median : descent.median / other.median;
}

interface Check {
  /** Text of the target, e.g. ">= 2x PyTorch". */
  label: string;
  /** The number checked (a ratio or GFLOP/s), undefined when its anchor did not run. */
  actual: number | undefined;
  min: number;
  /** Strictly above `min` (">"), rather than at least. */
  strict?: boolean;
  unit: "x" | " GFLOP/s";
}

interface RowSpec {
  key: string;
  title: string;
  checks: (cells: Partial<Record<Framework, Cell>>) => Check[];
}

const vs = (cells: Partial<Record<Framework, Cell>>, f: Framework): number | undefined =>
  speedRatio(cells.descent, cells[f]);

function trainingRow(key: string, title: string, minTorch: number, minWasm: number): RowSpec {
  return {
    key,
    title,
    checks: (c) => [
      { label: `>= ${minTorch}x PyTorch`, actual: vs(c, "torch"), min: minTorch, unit: "x" },
      ...(minWasm === 0
        ? []
        : [
            minWasm > 1
              ? {
                  label: `>= ${minWasm}x tfjs-wasm`,
                  actual: vs(c, "tfjs-wasm"),
                  min: minWasm,
                  unit: "x" as const,
                }
              : {
                  label: "ahead of tfjs-wasm",
                  actual: vs(c, "tfjs-wasm"),
                  min: 1,
                  strict: true,
                  unit: "x" as const,
                },
          ]),
    ],
  };
}

/** A row with no target (start-up, the browser, the kernel alone). */
const plainRow = (key: string, title: string): RowSpec => ({ key, title, checks: () => [] });

function matmulRows(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const [m, k, n] of MATMUL_SHAPES) {
    const shape = m === k && k === n ? `${m}³` : `${m}x${k}x${n}`;
    rows.push({
      key: matmulKey(m, k, n, 1),
      title: `W5 matmul ${shape}, 1 thread`,
      checks: (c) => [
        { label: ">= 55 GFLOP/s", actual: c.descent?.median, min: 55, unit: " GFLOP/s" },
        {
          label: "ahead of tfjs-wasm",
          actual: vs(c, "tfjs-wasm"),
          min: 1,
          strict: true,
          unit: "x",
        },
      ],
    });
    rows.push({
      key: matmulKey(m, k, n, 2),
      title: `W5 matmul ${shape}, 2 threads`,
      checks: (c) => [
        { label: ">= 100 GFLOP/s", actual: c.descent?.median, min: 100, unit: " GFLOP/s" },
      ],
    });
  }
  for (const [m, k, n] of MATMUL_SHAPES) {
    for (const t of [1, 2] as const) {
      rows.push(
        plainRow(
          matmulKey(m, k, n, t, "kernel"),
          `W5 ${m}x${k}x${n}, ${t} thread${t > 1 ? "s" : ""}: backend kernel alone`,
        ),
      );
    }
  }
  for (const t of [1, 2] as const) {
    rows.push(
      plainRow(
        peakKey(t),
        `W5 ceiling: f32x4 FMA in registers, no memory (bench/peak.ts), ${t} thread${t > 1 ? "s" : ""}`,
      ),
    );
  }
  return rows;
}

/** Untimed epochs before the warm rows' repetitions (run.ts's plan; stated in their titles). */
export const WARMUP_EPOCHS = 4000;

/**
 * The table's rows, headline first: what a user runs (the seed's programs end to end, W1/W2's
 * first 1000 epochs in a fresh process, whole epochs of W3/W4), then the warm steady state,
 * the matmul, the browser and the CLI's start-up. Targets from issue 14.
 */
export const ROWS: RowSpec[] = [
  trainingRow(
    "E2E seed-mlp example",
    "E2E seed mlp: `node` example file (built package), whole process",
    4,
    0,
  ),
  trainingRow(
    "E2E seed-mlp CLI",
    "E2E seed mlp: `descent run seed-mlp --no-plot`, whole process",
    4,
    0,
  ),
  trainingRow(
    "E2E seed-softmax example",
    "E2E seed softmax: `node` example file (built package), whole process",
    4,
    0,
  ),
  trainingRow(
    "E2E seed-softmax CLI",
    "E2E seed softmax: `descent run seed-softmax --no-plot`, whole process",
    4,
    0,
  ),
  trainingRow(
    "W1 cold",
    "W1 cold: seed 4-10-1 sigmoid net, first 1000 epochs of a fresh process",
    1.5,
    0,
  ),
  trainingRow(
    "W2 cold",
    "W2 cold: seed softmax regression, first 1000 epochs of a fresh process",
    1.5,
    0,
  ),
  trainingRow("W3", "W3 softmax regression 784->10, batch 256, shuffled, whole epochs", 1, 1),
  trainingRow("W4", "W4 MLP 784-256-10 ReLU, batch 256, shuffled, whole epochs", 0.45, 10),
  trainingRow("W1", `W1 warm: 1000 epochs after ${WARMUP_EPOCHS} warm-up epochs`, 3, 1),
  trainingRow("W2", `W2 warm: 1000 epochs after ${WARMUP_EPOCHS} warm-up epochs`, 3, 1),
  ...matmulRows(),
  plainRow("Browser W1 cold", "Browser (headless Chromium): W1, first 1000 epochs of a fresh page"),
  plainRow("Browser W4", "Browser (headless Chromium): W4 after warm-up batches (see below)"),
  plainRow("CLI --version", "CLI start-up: `descent --version`, whole process"),
  plainRow("CLI --help", "CLI start-up: `descent --help`, whole process"),
];

function fmtValue(c: Cell | undefined): string {
  if (!c) return "–";
  if (c.unit === "s") return `${c.median < 1 ? c.median.toFixed(3) : c.median.toFixed(2)} s`;
  if (c.unit === "samples/s") {
    const k = c.median / 1000;
    return `${k < 10 ? k.toFixed(2) : k.toFixed(1)} k/s`;
  }
  return c.median.toFixed(1);
}

const fmtRatio = (r: number | undefined): string =>
  r === undefined ? "–" : `${r < 10 ? r.toFixed(2) : r.toFixed(1)}x`;

/** "yes", "no (...)" or "n/a" (no anchor). */
function verdict(checks: Check[]): string {
  const known = checks.filter((c) => c.actual !== undefined);
  if (checks.length === 0) return "";
  if (known.length === 0) return "n/a";
  const failed = known.filter((c) => (c.strict ? !(c.actual! > c.min) : !(c.actual! >= c.min)));
  const skipped = checks.length - known.length;
  const tail = skipped > 0 ? ` (${skipped} of ${checks.length} n/a)` : "";
  if (failed.length === 0) return `yes${tail}`;
  return `**no**: ${failed.map((c) => `${c.label.replace(/^>=? ?/, "")} ${fmtCheck(c)}`).join("; ")}${tail}`;
}

function fmtCheck(c: Check): string {
  return c.unit === "x" ? `at ${fmtRatio(c.actual)}` : `at ${c.actual!.toFixed(1)}`;
}

const MiB = 1024 * 1024;
const mib = (b: number | null | undefined): string =>
  b == null ? "–" : `${(b / MiB).toFixed(1)} MiB`;
const signedMib = (b: number): string => `${b >= 0 ? "+" : ""}${(b / MiB).toFixed(2)} MiB`;

/** Heap and off-heap memory after a full GC must not grow by more than this between the readings. */
export const LIVE_GROWTH_LIMIT = 1 * MiB;
/** RSS may drift with the allocator; more growth than this share is reported as growth. */
export const RSS_GROWTH_LIMIT = 0.1;

/** Whether memory stayed flat between epoch 10 and the last: "yes" / "**no**: ...". */
export function memoryVerdict(m: MemoryReport): string {
  const live = (p: MemoryReport["after10"]): number | null =>
    p.heapUsed == null ? null : p.heapUsed + (p.external ?? 0);
  const l10 = live(m.after10);
  const lLast = live(m.afterLast);
  const problems: string[] = [];
  if (l10 != null && lLast != null && lLast - l10 > LIVE_GROWTH_LIMIT)
    problems.push(`heap + external grew ${signedMib(lLast - l10)}`);
  if (m.afterLast.rss > m.after10.rss * (1 + RSS_GROWTH_LIMIT))
    problems.push(`RSS grew ${signedMib(m.afterLast.rss - m.after10.rss)}`);
  return problems.length ? `**no**: ${problems.join(", ")}` : "yes";
}

export interface RunDescription {
  mode: "full" | "quick";
  date: string;
  command: string;
  machine: string[];
  /** How each framework's numbers were taken (epochs, repetitions, shares of an epoch). */
  method: string[];
  seconds: number;
}

export function renderMarkdown(
  run: RunDescription,
  data: Collected,
  frameworks: Framework[],
): string {
  const out: string[] = [];
  out.push("# descent benchmark results", "");
  out.push(
    `${run.mode === "quick" ? "**Quick run** (`--quick`: fewer repetitions, W1/W2 warm extrapolated from 200 epochs)" : "Full run"}` +
      ` of \`${run.command}\`, ${run.date}, ${run.seconds.toFixed(0)} s in all. ` +
      "Written by bench/run.ts; see bench/README.md for what is measured.",
    "",
  );
  out.push("## Machine", "", ...run.machine.map((l) => `- ${l}`), "");

  out.push("## Speed", "");
  const cols = frameworks.filter((f) => f !== "descent");
  const tableRow = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  const header = [
    "workload",
    ...frameworks.map((f) => TITLES[f]),
    ...cols.map((f) => `vs ${TITLES[f]}`),
    "target",
    "met?",
  ];
  out.push(tableRow(header), tableRow(header.map(() => "---")));
  for (const row of ROWS) {
    const byFw = data.samples.get(row.key);
    const cells: Partial<Record<Framework, Cell>> = {};
    for (const f of frameworks) cells[f] = cellOf(byFw?.get(f));
    if (!frameworks.some((f) => cells[f])) continue;
    const checks = row.checks(cells);
    out.push(
      tableRow([
        row.title,
        ...frameworks.map((f) => fmtValue(cells[f])),
        ...cols.map((f) => fmtRatio(vs(cells, f))),
        checks.map((c) => c.label).join(", "),
        verdict(checks),
      ]),
    );
  }
  out.push(
    "",
    "E2E, CLI start-up: seconds of a whole process, from its start to the program's accuracy line " +
      "(lower is better). W1, W2: seconds per 1000 epochs. W3, W4: training samples per second. " +
      "W5: GFLOP/s (2mkn per product); its ceiling rows are the best of f32x4.relaxed_madd " +
      "kernels that keep their accumulators in registers (bench/peak.ts, run once with the " +
      "workers idle): on an otherwise idle machine no matmul in WebAssembly's 128-bit SIMD " +
      "exceeds them (other load lowers them, the 2-thread one most). " +
      "Every number is the median of the repetitions. " +
      '"vs X" is how many times as fast descent is as X (above 1: descent is faster). ' +
      "PyTorch's 1-thread matmul rows come from a second PyTorch process with " +
      "OPENBLAS_NUM_THREADS=1; its 2-thread rows from PyTorch as installed.",
    "",
    ...run.method.map((l) => `- ${l}`),
    "",
  );

  out.push("## Memory", "");
  out.push(
    "W1 run once more for its full length, untimed: memory after epoch 10 and after the last epoch, " +
      "each after a full garbage collection, and the peak RSS of each framework's process over the " +
      "whole run (which holds the W3/W4 data when those ran).",
    "",
  );
  out.push(
    "| framework | peak RSS | RSS after epoch 10 | RSS after last epoch | heap + external after 10 | after last | flat? |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const f of frameworks) {
    const m = data.memory[f];
    const live = (p: MemoryReport["after10"] | undefined): string =>
      p?.heapUsed == null ? "–" : mib(p.heapUsed + (p.external ?? 0));
    out.push(
      `| ${TITLES[f]} | ${mib(data.peakRss[f])} | ${mib(m?.after10.rss)} | ${mib(m?.afterLast.rss)} | ${live(
        m?.after10,
      )} | ${live(m?.afterLast)} | ${m ? `${memoryVerdict(m)} (${m.epochs} epochs${m.gc ? "" : ", no GC"})` : "–"} |`,
    );
  }
  out.push(
    "",
    `Flat means heap + external (typed arrays, wasm memory) grew by at most ${mib(LIVE_GROWTH_LIMIT)} ` +
      `and RSS by at most ${RSS_GROWTH_LIMIT * 100}% between the two readings.`,
    "",
  );

  out.push("## Final losses", "");
  out.push(
    "All frameworks start from the same weights. W1 and W2 see the same full batch, so their losses " +
      "should agree to float32 rounding; W3 and W4 shuffle with each framework's own generator and " +
      "agree only roughly (random labels: about ln 10 = 2.30).",
    "",
  );
  out.push(`| workload | ${frameworks.map((f) => TITLES[f]).join(" | ")} |`);
  out.push(`|${" --- |".repeat(frameworks.length + 1)}`);
  for (const key of ["W1 cold", "W2 cold", "W1", "W2", "W3", "W4"]) {
    const byFw = data.samples.get(key);
    if (!byFw) continue;
    const losses = frameworks.map((f) => {
      const l = cellOf(byFw.get(f))?.loss;
      return l === undefined || l === null ? "–" : l.toFixed(5);
    });
    out.push(`| ${key} | ${losses.join(" | ")} |`);
  }
  out.push("");

  const notes = [
    ...Object.entries(data.missing).map(
      ([f, why]) => `${TITLES[f as Framework]} did not run: ${why}`,
    ),
    ...data.errors,
  ];
  if (notes.length) {
    out.push(
      "## Problems",
      "",
      ...notes.map((n) => `- ${n.split("\n").slice(0, 6).join(" / ")}`),
      "",
    );
  }

  out.push("## Every repetition", "", "<details><summary>values</summary>", "");
  for (const [key, byFw] of data.samples) {
    for (const [f, samples] of byFw) {
      const c = cellOf(samples)!;
      const digits = c.unit === "samples/s" ? 0 : c.unit === "s" ? 4 : 2;
      out.push(
        `- ${key}, ${TITLES[f]}${c.note ? ` (${c.note})` : ""}: ${c.values.map((v) => v.toFixed(digits)).join(", ")} ${c.unit}`,
      );
    }
  }
  out.push("", "</details>", "");
  return out.join("\n");
}
