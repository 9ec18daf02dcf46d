/**
 * `npm run bench`: W1-W5 of the speed issue in descent, PyTorch (when `/usr/bin/python3 -c "import
 * torch"` works) and TensorFlow.js (cpu and wasm backends), on the same data and initial weights,
 * timing only the training loops; one table of medians and ratios, printed and written to
 * bench/RESULTS.md with the machine's description. See bench/README.md.
 *
 * Each framework runs in its own worker process (bench/workloads/*), started once; the
 * orchestrator sends one repetition at a time and takes the frameworks in turn (rotating who goes
 * first), so that other load on the machine falls on all of them alike.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { Command, InvalidArgumentError, Option } from "commander";

import {
  BATCH,
  BATCHES_PER_EPOCH,
  FASHION,
  type Info,
  MATMUL_SHAPES,
  type Plan,
  peakKey,
  type Reply,
  type Sample,
  WORKLOADS,
  type WorkloadId,
} from "./common.js";
import { runBrowser } from "./browser.js";
import { buildWorker } from "./built_worker.js";
import { writeData } from "./data.js";
import { builtProblem, rotate, runE2E, runStartup } from "./fresh.js";
import { measurePeak } from "./peak.js";
import {
  type Collected,
  FRAMEWORKS,
  type Framework,
  WARMUP_EPOCHS,
  renderMarkdown,
} from "./report.js";
import { WorkerProcess } from "./workers.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// ---- options --------------------------------------------------------------------------------

/** The workloads, plus E2E (the seed's programs whole), CLI (start-up) and BROWSER. */
type Part = WorkloadId | "E2E" | "CLI" | "BROWSER";
const PARTS: readonly Part[] = ["E2E", ...WORKLOADS, "BROWSER", "CLI"];

function parseParts(v: string): Part[] {
  const ids = v.split(",").map((s) => s.trim().toUpperCase());
  for (const id of ids) {
    if (!(PARTS as readonly string[]).includes(id))
      throw new InvalidArgumentError(`unknown part '${id}'; expected some of ${PARTS.join(",")}`);
  }
  return PARTS.filter((w) => ids.includes(w));
}

const program = new Command()
  .name("npm run bench --")
  .description("W1-W5 in descent, PyTorch and TensorFlow.js; writes bench/RESULTS.md")
  .option("--quick", "short repetitions, extrapolated (the whole run under a minute)", false)
  .option(
    "--only <list>",
    `parts to run, some of ${PARTS.join(",")} (W1/W2: cold and warm)`,
    (v) => parseParts(v),
    [...PARTS],
  )
  .option("--no-torch", "skip PyTorch")
  .option("--no-tfjs", "skip TensorFlow.js")
  .addOption(new Option("--backend <name>", "descent's backend").choices(["js", "wasm"]))
  .option("--threads <n>", "descent: wasm matmul threads for W1-W4 (default: descent's default)")
  .option("--python <path>", "the Python that has torch", "/usr/bin/python3")
  .option("--out <file>", "where to write the Markdown report", join(ROOT, "bench", "RESULTS.md"))
  .option("--verbose", "pass the workers' own output through", false)
  .parse();

const opts = program.opts<{
  quick: boolean;
  only: Part[];
  torch: boolean;
  tfjs: boolean;
  backend?: "js" | "wasm";
  threads?: string;
  python: string;
  out: string;
  verbose: boolean;
}>();

// ---- plans ----------------------------------------------------------------------------------

type WorkerName = Framework | "torch-1t";

interface Schedule {
  plan: Plan;
  /** Repetitions per workload (0: not run by this worker). */
  reps: Record<WorkloadId, number>;
}

/**
 * Repetitions and lengths. tfjs-cpu is one to two orders of magnitude slower than the others, so
 * it trains on a share of an epoch (the rate is per sample, so a share measures the same thing)
 * and has fewer repetitions; likewise tfjs-wasm on W4. `--quick` shortens everything.
 */
function schedules(quick: boolean): Record<WorkerName, Schedule> {
  // descent's W1 reaches its steady speed after ~4000 epochs (V8's optimizing compiler, then its
  // heap limits settling); PyTorch's does from the start. --quick shortens what is timed, not that.
  const warmupEpochs = WARMUP_EPOCHS;
  // W3/W4 train whole epochs in both modes (--quick runs one repetition).
  const base: Plan = quick
    ? {
        epochs: 200,
        warmupEpochs,
        batches: { W3: BATCHES_PER_EPOCH, W4: BATCHES_PER_EPOCH },
        warmupBatches: 20,
        matmulShapes: [...MATMUL_SHAPES],
        matmulMinSeconds: 0.05,
        matmulWarmup: true,
        memoryEpochs: 1000,
      }
    : {
        epochs: 1000,
        warmupEpochs,
        batches: { W3: BATCHES_PER_EPOCH, W4: BATCHES_PER_EPOCH },
        warmupBatches: 20,
        matmulShapes: [...MATMUL_SHAPES],
        matmulMinSeconds: 0.25,
        matmulWarmup: true,
        memoryEpochs: 1000,
      };
  const reps = quick
    ? { W1: 5, W2: 5, W3: 1, W4: 1, W5: 3 }
    : { W1: 7, W2: 7, W3: 3, W4: 3, W5: 5 };
  const only5 = { W1: 0, W2: 0, W3: 0, W4: 0, W5: reps.W5 };
  return {
    descent: { plan: base, reps },
    torch: { plan: base, reps },
    "torch-1t": { plan: { ...base, memoryEpochs: 0 }, reps: only5 },
    "tfjs-wasm": {
      plan: {
        ...base,
        batches: { W3: base.batches.W3, W4: quick ? 5 : 60 },
        warmupBatches: quick ? 5 : 10,
        memoryEpochs: 0,
      },
      reps,
    },
    "tfjs-cpu": {
      plan: {
        ...base,
        warmupEpochs: quick ? 50 : 100,
        batches: quick ? { W3: 10, W4: 3 } : { W3: 24, W4: 12 },
        warmupBatches: 1,
        // About 3 s a product at 1024^3: no warm-up product, and only 256x784x256 when quick.
        matmulShapes: quick ? [MATMUL_SHAPES[1]] : [...MATMUL_SHAPES],
        matmulMinSeconds: quick ? 0.05 : 0.25,
        matmulWarmup: false,
        memoryEpochs: 0,
      },
      reps: quick ? { W1: 2, W2: 2, W3: 2, W4: 2, W5: 2 } : { W1: 3, W2: 3, W3: 3, W4: 3, W5: 2 },
    },
  };
}

function describePlan(name: string, s: Schedule, workloads: WorkloadId[]): string {
  const p = s.plan;
  const parts: string[] = [];
  const epochShare = (b: number): string =>
    b >= BATCHES_PER_EPOCH
      ? "one epoch"
      : `${b} batches (${((100 * b * BATCH) / FASHION.n).toFixed(0)}% of an epoch)`;
  if (workloads.includes("W1") || workloads.includes("W2"))
    parts.push(
      `W1/W2 ${s.reps.W1} repetitions of ${p.epochs} epochs after ${p.warmupEpochs} warm-up epochs`,
    );
  for (const w of ["W3", "W4"] as const) {
    if (workloads.includes(w) && s.reps[w] > 0)
      parts.push(
        `${w} ${s.reps[w]} repetitions of ${epochShare(p.batches[w])} after ${p.warmupBatches} warm-up batch${p.warmupBatches === 1 ? "" : "es"}`,
      );
  }
  if (workloads.includes("W5"))
    parts.push(
      `W5 ${s.reps.W5} repetitions of at least ${p.matmulMinSeconds} s per shape` +
        `${p.matmulWarmup ? " after a warm-up product" : ", no warm-up"}` +
        (p.matmulShapes.length < MATMUL_SHAPES.length
          ? ` (only ${p.matmulShapes.map((s) => s.join("x")).join(", ")})`
          : ""),
    );
  return `${name}: ${parts.join("; ")}.`;
}

// ---- machine ----------------------------------------------------------------------------------

function cpuModel(): { model: string; logical: number } {
  try {
    const text = readFileSync("/proc/cpuinfo", "utf8");
    const model = /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "?";
    return { model, logical: (text.match(/^processor\s*:/gm) ?? []).length };
  } catch {
    return { model: os.cpus()[0]?.model ?? "?", logical: os.cpus().length };
  }
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

const fmtInfo = (info: Info | undefined, keys: [string, string][]): string =>
  keys
    .filter(([k]) => info?.[k] !== undefined)
    .map(([k, label]) => {
      const v = info![k];
      return `${label} ${v === true ? "yes" : v === false ? "no" : String(v)}`;
    })
    .join(", ");

function descentBackend(info: Info | undefined): string {
  if (!info) return "?";
  if (info.backend !== "wasm") return `backend ${String(info.backend)} (plain TypeScript kernels)`;
  return (
    `backend wasm (WebAssembly SIMD matmul${info.wasmRelaxedSimd ? " with relaxed-SIMD FMA" : ""}), ` +
    `matmul threads in W1-W4: ${String(info.threads)}`
  );
}

function machine(data: Collected, load0: number[], frameworks: Framework[]): string[] {
  const cpu = cpuModel();
  const pkg = JSON.parse(readFileSync(join(ROOT, "packages/descent/package.json"), "utf8")) as {
    version: string;
  };
  const head = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--", "packages"])
    ? ", with uncommitted changes in packages/"
    : "";
  const load1 = os.loadavg();
  const lines = [
    `CPU: ${cpu.model}, ${cpu.logical} logical CPUs (${os.availableParallelism()} available to Node)`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `Load average (1 min) at start ${load0[0].toFixed(2)}, at end ${load1[0].toFixed(2)}` +
      (Math.max(load0[0], load1[0]) > cpu.logical * 0.5
        ? " — other processes were running: expect noise"
        : ""),
    `Node ${process.version} (V8 ${process.versions.v8}); workers run TypeScript through tsx, except the cold rows' (plain JavaScript bundled by esbuild, descent as built)`,
    `descent ${pkg.version} (git ${head || "?"}${dirty}): ${descentBackend(data.info.descent)}`,
  ];
  if (frameworks.includes("torch"))
    lines.push(
      `PyTorch ${data.versions.torch ?? "?"}, as installed (no set_num_threads): ${fmtInfo(
        data.info.torch,
        [
          ["threads", "intra-op threads"],
          ["interopThreads", "inter-op threads"],
          ["blas", "BLAS"],
          ["openblasThreads", "BLAS threads"],
          ["python", "Python"],
          ["numpy", "numpy"],
        ],
      )}`,
    );
  if (frameworks.includes("tfjs-cpu") || frameworks.includes("tfjs-wasm"))
    lines.push(
      `TensorFlow.js ${data.versions["tfjs-wasm"] ?? data.versions["tfjs-cpu"] ?? "?"} (tfjs-core, production mode): ` +
        `cpu backend; wasm backend ${data.info["tfjs-wasm"]?.simd ? "with SIMD" : "without SIMD"}, ` +
        `${data.info["tfjs-wasm"]?.threads ?? 1} thread (wasm files from node_modules)`,
    );
  return lines;
}

// ---- the run ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  const load0 = os.loadavg();
  const parts = opts.only;
  const workloads = WORKLOADS.filter((w) => parts.includes(w));
  const quick = opts.quick;
  const taskTimeout = quick ? 120 : 600;
  const plans = schedules(quick);
  /** Fresh processes per program: E2E runs, CLI start-ups, cold W1/W2 repetitions. */
  const fresh = quick
    ? { e2e: 2, cli: 3, cold: 3, browser: 1 }
    : { e2e: 5, cli: 7, cold: 7, browser: 3 };
  const dir = mkdtempSync(join(os.tmpdir(), "descent-bench-"));
  const data: Collected = {
    samples: new Map(),
    memory: {},
    peakRss: {},
    versions: {},
    info: {},
    missing: {},
    errors: [],
  };
  const workers = new Map<WorkerName, WorkerProcess>();
  /** Seconds each worker spent on tasks, warm-ups included. */
  const busy = new Map<WorkerName, number>();
  // Ctrl-C: end the workers and remove the data (the finally below does not run on a signal).
  process.once("SIGINT", () => {
    for (const w of workers.values()) w.kill();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
  let started = 0;
  try {
    // The browser row trains W1 and W4 on the same files.
    writeData(
      dir,
      WORKLOADS.filter(
        (w) => workloads.includes(w) || (parts.includes("BROWSER") && /W[14]/.test(w)),
      ),
    );
    const node = (script: string, extra: string[] = []): [string, string[]] => [
      process.execPath,
      ["--expose-gc", "--import", "tsx", join("bench", "workloads", script), ...extra],
    ];
    const descentArgs = [
      ...(opts.backend ? ["--backend", opts.backend] : []),
      ...(opts.threads ? ["--threads", opts.threads] : []),
    ];
    const recordFresh = (key: string, fw: Framework, sample: Sample): void => {
      let byFw = data.samples.get(key);
      if (!byFw) data.samples.set(key, (byFw = new Map()));
      byFw.set(fw, [...(byFw.get(fw) ?? []), sample]);
    };
    const progress = (text: string): void => {
      process.stderr.write(`\r${text.padEnd(60)}`);
    };
    // What a user runs first: the seed's programs whole, the CLI's start-up, cold W1/W2.
    if (parts.includes("E2E") || parts.includes("CLI")) {
      const problem = builtProblem(ROOT);
      if (problem) data.errors.push(`E2E and CLI rows not run: ${problem}`);
      else {
        if (parts.includes("E2E"))
          data.errors.push(
            ...(await runE2E(
              {
                root: ROOT,
                tmp: dir,
                python: opts.torch ? opts.python : undefined,
                rounds: fresh.e2e,
                timeoutS: taskTimeout,
                progress,
              },
              recordFresh,
            )),
          );
        if (parts.includes("CLI"))
          data.errors.push(
            ...(await runStartup(
              { root: ROOT, rounds: fresh.cli, timeoutS: taskTimeout, progress },
              recordFresh,
            )),
          );
      }
    }
    const coldPlan = join(dir, "plan-cold.json");
    writeFileSync(
      coldPlan,
      JSON.stringify({ ...plans.descent.plan, epochs: 1000, warmupEpochs: 0, memoryEpochs: 0 }),
    );
    // Cold workers run as a user's program does: plain JavaScript under node, descent as built.
    const coldWorkers: [Framework, string, string[]][] = [];
    const coldNeeded = workloads.includes("W1") || workloads.includes("W2");
    const coldProblem = coldNeeded ? builtProblem(ROOT) : undefined;
    if (coldProblem) data.errors.push(`W1/W2 cold rows not run: ${coldProblem}`);
    else if (coldNeeded) {
      const plain = async (script: string, extra: string[]): Promise<[string, string[]]> => [
        process.execPath,
        ["--expose-gc", await buildWorker(ROOT, script), ...extra],
      ];
      coldWorkers.push(["descent", ...(await plain("descent.ts", ["--built", ...descentArgs]))]);
      if (opts.torch)
        coldWorkers.push(["torch", opts.python, [join("bench", "workloads", "torch_bench.py")]]);
      if (opts.tfjs)
        coldWorkers.push(["tfjs-wasm", ...(await plain("tfjs.ts", ["--backend", "wasm"]))]);
    }
    for (const w of ["W1", "W2"] as const) {
      if (!workloads.includes(w)) continue;
      for (let round = 0; round < fresh.cold; round++) {
        for (const [fw, command, args] of rotate(coldWorkers, round)) {
          progress(`${w} cold ${round + 1}/${fresh.cold}: ${fw}`);
          // A new process per repetition: its first 1000 epochs, no warm-up.
          const proc = new WorkerProcess(
            fw,
            command,
            [...args, "--data", dir, "--plan", coldPlan],
            {
              cwd: ROOT,
              verbose: opts.verbose,
            },
          );
          try {
            const hello = await proc.next(taskTimeout);
            const r = hello.error ? hello : await proc.request(w, taskTimeout);
            if (r.error) {
              const m = `${fw}, ${w} cold: ${r.error.split("\n").slice(-3).join(" ")}`;
              if (!data.errors.includes(m)) data.errors.push(m);
            }
            const sample = r.results?.[w];
            if (sample) recordFresh(`${w} cold`, fw, sample);
            if (!hello.error) await proc.close(30);
          } finally {
            proc.kill();
          }
        }
      }
    }
    if (parts.includes("BROWSER")) {
      try {
        data.errors.push(
          ...(await runBrowser(
            {
              dataDir: dir,
              rounds: fresh.browser,
              task: { warmupBatches: 20, batches: quick ? 40 : BATCHES_PER_EPOCH },
              tfjsTask: { warmupBatches: quick ? 2 : 5, batches: quick ? 5 : 30 },
              progress,
            },
            recordFresh,
          )),
        );
      } catch (e) {
        data.errors.push(`browser: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const start = (
      name: WorkerName,
      command: string,
      args: string[],
      env?: NodeJS.ProcessEnv,
    ): void => {
      const planFile = join(dir, `plan-${name}.json`);
      writeFileSync(planFile, JSON.stringify(plans[name].plan));
      const all = [...args, "--data", dir, "--plan", planFile];
      workers.set(
        name,
        new WorkerProcess(name, command, all, { cwd: ROOT, env, verbose: opts.verbose }),
      );
    };
    if (workloads.length > 0) start("descent", ...node("descent.ts", descentArgs));
    if (opts.torch && workloads.length > 0) {
      const script = join("bench", "workloads", "torch_bench.py");
      start("torch", opts.python, [script]);
      if (workloads.includes("W5"))
        start("torch-1t", opts.python, [script], { OPENBLAS_NUM_THREADS: "1" });
    }
    if (opts.tfjs && workloads.length > 0) {
      start("tfjs-wasm", ...node("tfjs.ts", ["--backend", "wasm"]));
      start("tfjs-cpu", ...node("tfjs.ts", ["--backend", "cpu"]));
    }

    started = performance.now();
    // Every worker says hello once loaded; one that cannot (no torch...) is dropped.
    for (const [name, w] of workers) {
      const hello = await w.next(taskTimeout);
      if (hello.error || hello.task !== "hello") {
        const fw: Framework = name === "torch-1t" ? "torch" : name;
        if (name !== "torch-1t" || !data.missing.torch)
          data.missing[fw] = (hello.error ?? "no hello").split("\n").slice(-3).join(" ");
        w.kill();
        workers.delete(name);
        continue;
      }
      if (name === "torch-1t") continue;
      data.versions[name] = hello.version;
      data.info[name] = hello.info;
    }

    const record = (name: WorkerName, r: Reply): void => {
      const fw: Framework = name === "torch-1t" ? "torch" : name;
      // A worker that died answers every later request with the same error: report it once.
      const message = `${name}, ${r.task}: ${r.error}`;
      if (r.error && !data.errors.some((e) => e.endsWith(`: ${r.error}`)))
        data.errors.push(message);
      for (const [key, sample] of Object.entries(r.results ?? {})) {
        let byFw = data.samples.get(key);
        if (!byFw) data.samples.set(key, (byFw = new Map()));
        const list = byFw.get(fw) ?? [];
        list.push(sample);
        byFw.set(fw, list);
      }
      if (r.memory) data.memory[fw] = r.memory;
    };

    const names = [...workers.keys()];
    process.stderr.write(
      `data written and workers loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
        `(loading: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    for (const w of workloads) {
      const rounds = Math.max(...names.map((n) => plans[n].reps[w]));
      for (let round = 0; round < rounds; round++) {
        // Rotate who goes first, so that no framework always follows the same one.
        const order = names.map((_, i) => names[(i + round) % names.length]);
        for (const name of order) {
          if (plans[name].reps[w] <= round) continue;
          process.stderr.write(`\r${w} repetition ${round + 1}/${rounds}: ${name}          `);
          const t = performance.now();
          record(name, await workers.get(name)!.request(w, taskTimeout));
          busy.set(name, (busy.get(name) ?? 0) + (performance.now() - t) / 1000);
        }
      }
    }
    // W5's ceiling: f32x4 fused multiply-adds in registers (bench/peak.ts), with the workers idle.
    if (workloads.includes("W5") && workers.has("descent") && opts.backend !== "js") {
      process.stderr.write(`\rW5 ceiling (bench/peak.ts)                        `);
      try {
        const { fma } = (await measurePeak({ quick, native: false })).best;
        const note = `f32x4.relaxed_madd, ${fma.n} accumulators`;
        recordFresh(peakKey(1), "descent", { unit: "GFLOP/s", value: fma.t1, note });
        if (fma.t2) recordFresh(peakKey(2), "descent", { unit: "GFLOP/s", value: fma.t2, note });
      } catch (e) {
        data.errors.push(`W5 ceiling: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (workloads.includes("W1")) {
      for (const name of names) {
        if (plans[name].plan.memoryEpochs > 0) {
          process.stderr.write(`\rmemory: ${name}                                  `);
          record(name, await workers.get(name)!.request("memory", taskTimeout));
        }
      }
    }
    process.stderr.write("\r" + " ".repeat(60) + "\r");
    for (const [name, w] of workers) {
      const r = await w.close(30);
      if (name !== "torch-1t" && r.peakRss) data.peakRss[name] = r.peakRss;
      if (name !== "torch-1t" && r.info) data.info[name] = { ...data.info[name], ...r.info };
    }
  } finally {
    for (const w of workers.values()) w.kill();
    rmSync(dir, { recursive: true, force: true });
  }

  const frameworks = FRAMEWORKS.filter(
    (f) =>
      (f === "torch" ? opts.torch : f.startsWith("tfjs") ? opts.tfjs : true) && !data.missing[f],
  );
  const shown = FRAMEWORKS.filter((f) => frameworks.includes(f) || data.missing[f]);
  const markdown = renderMarkdown(
    {
      mode: quick ? "quick" : "full",
      date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
      machine: machine(data, load0, frameworks),
      method: [
        ...(parts.includes("E2E")
          ? [
              `E2E: ${fresh.e2e} runs of each program, taking turns: descent's examples/seed_mlp.ts and ` +
                "seed_softmax.ts stripped of their types by esbuild and run with `node` on the built " +
                "package (packages/descent/dist), the CLI as `node packages/cli/dist/main.js run " +
                "<name> --no-plot`, PyTorch's bench/workloads/seed_*.py (the seed's scripts minus " +
                `the plot) with ${opts.python}; each timed from the spawn to its accuracy line.`,
            ]
          : []),
        ...(workloads.includes("W1") || workloads.includes("W2")
          ? [
              `W1/W2 cold: ${fresh.cold} fresh worker processes per framework, taking turns, each ` +
                "timing its first 1000 epochs (the training loop only: data and model built before); " +
                "the Node workers bundled to plain JavaScript by esbuild and run with node (no tsx " +
                "hooks), descent's on the built package (packages/descent/dist), as a user's program runs.",
            ]
          : []),
        ...(parts.includes("CLI")
          ? [`CLI start-up: ${fresh.cli} fresh processes per flag, spawn to exit.`]
          : []),
        ...(["descent", "torch", "tfjs-wasm", "tfjs-cpu"] as const)
          .filter((f) => frameworks.includes(f) && workloads.length > 0)
          .map((f) => describePlan(f === "torch" ? "PyTorch" : f, plans[f], workloads)),
        "Data: the seed's make_classification(1000, 4 features, random_state=42) for W1/W2; " +
          "60000 x 784 uniform [0, 1) floats with random labels 0-9 (Fashion-MNIST's shape) for " +
          "W3/W4, a new permutation every epoch, batches gathered by index.",
      ],
      seconds: (performance.now() - t0) / 1000,
    },
    data,
    shown,
  );
  const tmp = `${opts.out}.tmp-${process.pid}`;
  writeFileSync(tmp, markdown);
  renameSync(tmp, opts.out);
  console.log(markdown);
  const spent = [...busy].map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(", ");
  console.error(`time on tasks: ${spent}; written to ${opts.out}`);
}

await main();
