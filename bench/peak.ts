/**
 * The ceiling of WebAssembly's 128-bit SIMD arithmetic on this machine, in GFLOP/s: tiny kernels
 * that keep N independent f32x4 accumulators in registers (no memory traffic) and update each
 * one per step with (a) f32x4.relaxed_madd(s, c, acc) = s c + acc, the matmul micro-kernel's form
 * (one instruction, 8 flops), or (b) f32x4.mul then f32x4.add, acc = acc s + c (8 flops in two
 * instructions; the product depends on the accumulator so that no compiler can hoist it out of
 * the loop). With enough accumulators to cover the latency, the floating-point pipes bound them:
 * the best N is the ceiling that any f32x4 matmul kernel runs under, and the speed at N shows
 * what a micro-kernel with N accumulators can reach. Timed on 1 thread and on 2 (worker_threads,
 * started together), the best of several calls of ~25 ms each after a warm-up (V8 compiles wasm
 * with Liftoff first and tiers up).
 *
 * Unless `--no-native`, also the native reference: bench/peak_native.c (compiled with gcc -O2
 * into a temporary directory), the same register-only loop with 128-, 256- and 512-bit FMA and
 * 128-bit mul + add; and PyTorch's sgemm (OpenBLAS) on one and on two threads, with the OpenBLAS
 * kernel's name (its vector width). A missing tool is reported, not fatal.
 *
 * Run: `node --import tsx bench/peak.ts` (`--quick`: fewer rounds; `--no-native`; `--json`: one
 * JSON line, for bench/run.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";

import { assemble } from "../packages/descent/scripts/build-wasm.js";

/** Accumulator counts tried (x64 V8 has 16 XMM registers, one of them its scratch register). */
export const COUNTS = [4, 6, 8, 10, 12, 14, 16];
export type Kind = "fma" | "muladd";
const FLOPS_PER_UPDATE = 8; // 4 lanes x (multiply + add)

/** One function per kind and N: (steps) -> f32, doing N updates per step, unrolled to >= 32 a loop. */
function wat(): string {
  const funcs: string[] = [];
  for (const kind of ["fma", "muladd"] as Kind[]) {
    for (const n of COUNTS) {
      const unroll = Math.ceil(32 / n);
      const acc = Array.from({ length: n }, (_, i) => `$a${i}`);
      const update = (a: string): string =>
        kind === "fma"
          ? `(local.set ${a} (f32x4.relaxed_madd (local.get $s) (local.get $c) (local.get ${a})))`
          : `(local.set ${a} (f32x4.add (f32x4.mul (local.get ${a}) (local.get $s)) (local.get $c)))`;
      const body = Array.from({ length: unroll }, () => acc.map(update).join("\n")).join("\n");
      funcs.push(`
  (func (export "${kind}${n}") (param $steps i32) (param $x f32) (result f32)
    (local $s v128) (local $c v128) ${acc.map((a) => `(local ${a} v128)`).join(" ")}
    (local.set $s (f32x4.splat (local.get $x)))
    (local.set $c (f32x4.splat (f32.const 1)))
    ${acc.map((a, i) => `(local.set ${a} (f32x4.splat (f32.const ${i + 1})))`).join("\n")}
    (loop $L
      ${body}
      (local.set $steps (i32.sub (local.get $steps) (i32.const ${unroll})))
      (br_if $L (i32.gt_s (local.get $steps) (i32.const 0))))
    ;; the sum of the accumulators' first lanes, so that none of the work is dead
    ${acc.slice(1).reduce((e, a) => `(f32.add ${e} (f32x4.extract_lane 0 (local.get ${a})))`, `(f32x4.extract_lane 0 (local.get $a0))`)})`);
    }
  }
  return `(module${funcs.join("\n")})`;
}

/** Updates per call of kernel `name`: its N times its steps. */
const updates = (name: string, steps: number): number => Number(/\d+/.exec(name)![0]) * steps;

/**
 * The worker's code: instantiate, then for each request time `rounds` calls of `name` with
 * `steps` steps, all threads starting each call together (a shared counter as the barrier).
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, barrier } = workerData;
const ex = new WebAssembly.Instance(module).exports;
const bar = new Int32Array(barrier);
parentPort.on("message", ({ name, steps, rounds, threads }) => {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    // barrier: everyone arrives, the last one releases the round
    const target = (r + 1) * threads;
    Atomics.add(bar, 0, 1);
    while (Atomics.load(bar, 0) < target);
    const t = performance.now();
    ex[name](steps, 0.5);
    times.push(performance.now() - t);
  }
  parentPort.postMessage(times);
});
parentPort.postMessage("ready");
`;

/** Threads running the module, driven together. */
class Team {
  private readonly workers: Worker[];
  private barrier = new SharedArrayBuffer(4);
  private constructor(
    module: WebAssembly.Module,
    readonly size: number,
  ) {
    this.workers = Array.from(
      { length: size },
      () => new Worker(WORKER, { eval: true, workerData: { module, barrier: this.barrier } }),
    );
  }

  static async start(module: WebAssembly.Module, size: number): Promise<Team> {
    const team = new Team(module, size);
    await Promise.all(team.workers.map((w) => new Promise((ok) => w.once("message", ok))));
    return team;
  }

  /** Milliseconds of each round: the slowest thread's (all started together). */
  async run(name: string, steps: number, rounds: number): Promise<number[]> {
    new Int32Array(this.barrier)[0] = 0;
    const each = await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<number[]>((ok) => {
            w.once("message", ok);
            w.postMessage({ name, steps, rounds, threads: this.size });
          }),
      ),
    );
    return each[0].map((_, r) => Math.max(...each.map((t) => t[r])));
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/** GFLOP/s of the best round of `name` on `team` (all threads' flops over the slowest thread's time). */
async function best(team: Team, name: string, rounds: number): Promise<number> {
  // Warm-up: short calls until V8 has tiered the function up (its speed stops rising).
  let steps = 1 << 12;
  let last = 0;
  for (let i = 0; i < 40; i++) {
    const [ms] = await team.run(name, steps, 1);
    const rate = updates(name, steps) / ms;
    if (ms < 5) steps *= 2;
    else if (rate < last * 1.02 && i > 8) break;
    last = Math.max(last, rate);
  }
  // ~25 ms a call
  steps = Math.max(1, Math.round((25 * last) / updates(name, 1)));
  const times = await team.run(name, steps, rounds);
  const ms = Math.min(...times);
  return (team.size * updates(name, steps) * FLOPS_PER_UPDATE) / ms / 1e6;
}

export interface PeakResult {
  /** GFLOP/s by kind and accumulator count, one thread. */
  oneThread: Record<Kind, Record<number, number>>;
  /** The best count of each kind, and GFLOP/s with it on one and on two threads. */
  best: Record<Kind, { n: number; t1: number; t2?: number }>;
  native?: NativeResult;
  load: number[];
}

export interface NativeResult {
  /** Register-only loops in C, GFLOP/s on one thread, by instruction ("128-bit-fma", ...). */
  loops?: Record<string, number>;
  /** torch.mm float32 2048^3, GFLOP/s, on 1 and 2 OpenBLAS threads, and OpenBLAS's kernel name. */
  sgemm?: { t1: number; t2: number; core: string };
  error?: string;
}

/** Runs the wasm peaks (and the native ones with `native`). */
export async function measurePeak(opts: { quick: boolean; native: boolean }): Promise<PeakResult> {
  // Node 20 has relaxed SIMD behind a flag (as packages/descent's wasm backend switches it on).
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  const bytes = (await assemble(wat(), "peak.wat")) as Uint8Array<ArrayBuffer>;
  if (!WebAssembly.validate(bytes)) throw new Error("peak: relaxed SIMD does not validate here");
  const module = new WebAssembly.Module(bytes);
  const rounds = opts.quick ? 3 : 7;
  const one = await Team.start(module, 1);
  const oneThread = { fma: {}, muladd: {} } as PeakResult["oneThread"];
  for (const n of COUNTS) {
    for (const kind of ["fma", "muladd"] as Kind[]) {
      oneThread[kind][n] = await best(one, `${kind}${n}`, rounds);
    }
  }
  one.close();
  const pick = (kind: Kind) => {
    const [n, t1] = Object.entries(oneThread[kind]).reduce((x, y) => (y[1] > x[1] ? y : x));
    return { n: Number(n), t1 };
  };
  const result: PeakResult = {
    oneThread,
    best: { fma: pick("fma"), muladd: pick("muladd") },
    load: os.loadavg(),
  };
  if (os.availableParallelism() >= 2) {
    const two = await Team.start(module, 2);
    for (const kind of ["fma", "muladd"] as Kind[]) {
      result.best[kind].t2 = await best(two, `${kind}${result.best[kind].n}`, rounds);
    }
    two.close();
  }
  if (opts.native) result.native = nativePeak();
  result.load = result.load.concat(os.loadavg());
  return result;
}

const TORCH_SGEMM = `
import ctypes, sys, time, torch
torch.set_num_threads(1)
core = "?"
for line in open("/proc/self/maps"):
    if "openblas" in line:
        lib = ctypes.CDLL(line.split()[-1]); f = lib.openblas_get_corename
        f.restype = ctypes.c_char_p; core = f().decode(); break
n = 2048
a, b = torch.rand(n, n), torch.rand(n, n)
torch.mm(a, b)
best = min((lambda t: (torch.mm(a, b), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(7))
print(core, 2 * n ** 3 / best / 1e9)
`;

/** The C peak and PyTorch's sgemm; an error string where a tool is missing. */
function nativePeak(): NativeResult {
  const out: NativeResult = {};
  const dir = mkdtempSync(join(os.tmpdir(), "descent-peak-"));
  try {
    const src = fileURLToPath(new URL("peak_native.c", import.meta.url));
    const exe = join(dir, "peak_native");
    execFileSync("gcc", ["-O2", "-o", exe, src], { stdio: "pipe" });
    const lines = execFileSync(exe, [], { encoding: "utf8" }).trim().split("\n");
    out.loops = Object.fromEntries(lines.map((l) => [l.split(" ")[0], Number(l.split(" ")[1])]));
  } catch (e) {
    out.error = `native FMA loop: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    const run = (threads: number): [string, number] => {
      const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
      const text = execFileSync("/usr/bin/python3", ["-c", TORCH_SGEMM], { env, encoding: "utf8" });
      const [core, gf] = text.trim().split(" ");
      return [core, Number(gf)];
    };
    const [core, t1] = run(1);
    const [, t2] = run(2);
    out.sgemm = { t1, t2, core };
  } catch (e) {
    out.error ??= `PyTorch sgemm: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
  return out;
}

/** The result as text lines. */
export function describePeak(r: PeakResult): string[] {
  const f = (x?: number): string => (x === undefined ? "-" : x.toFixed(1));
  const lines = [
    `load average ${r.load.map((x) => x.toFixed(2)).join(" ")} (1, 5, 15 min; at the start and the end)`,
    `f32x4 register-only peak, GFLOP/s on 1 thread, by accumulators N:`,
    `  N        ${COUNTS.map((n) => String(n).padStart(6)).join("")}`,
  ];
  for (const kind of ["fma", "muladd"] as Kind[]) {
    const label = kind === "fma" ? "relaxed_madd" : "mul + add";
    lines.push(
      `  ${label.padEnd(12)} ${COUNTS.map((n) => f(r.oneThread[kind][n]).padStart(6)).join("")}`,
    );
  }
  for (const kind of ["fma", "muladd"] as Kind[]) {
    const b = r.best[kind];
    lines.push(
      `best ${kind === "fma" ? "relaxed_madd" : "mul + add"} (N = ${b.n}): ${f(b.t1)} GFLOP/s on 1 thread, ${f(b.t2)} on 2`,
    );
  }
  const nat = r.native;
  if (nat?.loops) {
    const w = Object.entries(nat.loops).map(([op, gf]) => `${op} ${gf.toFixed(1)}`);
    lines.push(`native (C, gcc -O2) register-only peak, 1 thread, GFLOP/s: ${w.join(", ")}`);
  }
  if (nat?.sgemm) {
    const s = nat.sgemm;
    lines.push(
      `PyTorch sgemm 2048^3 (OpenBLAS kernel "${s.core}"): ${f(s.t1)} GFLOP/s on 1 thread, ${f(s.t2)} on 2`,
    );
  }
  if (nat?.error) lines.push(`native reference incomplete: ${nat.error}`);
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const native = !args.includes("--no-native");
  const r = await measurePeak({ quick: args.includes("--quick"), native });
  if (args.includes("--json")) console.log(JSON.stringify(r));
  else console.log(describePeak(r).join("\n"));
}
