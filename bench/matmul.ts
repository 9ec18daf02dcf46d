/**
 * Float32 matmul speed, JS reference vs the WebAssembly SIMD backend, in GFLOP/s (2 m k n flops
 * per call; medians of several timed runs after a warm-up). Run: `npx tsx bench/matmul.ts`
 * (`--quick` for fewer runs; shapes such as `256x784x10` as arguments to run only those).
 * The wasm columns include copying the operands into wasm memory and the result out ("copy" is
 * that copying alone, as a share of the one-thread wasm time); "wasm 2T" is after
 * `initWasm({ threads: 2 })` (Node), "speedup" the better wasm over js.
 */
import os from "node:os";

import { jsMatmul } from "../packages/descent/src/backend/js_matmul.js";
import {
  WASM_MIN_WORK,
  initWasm,
  wasmKernelInfo,
  wasmMatmul,
} from "../packages/descent/src/backend/wasm/wasm_backend.js";
import { THREAD_MIN_WORK } from "../packages/descent/src/backend/wasm/wasm_kernel.js";

type Kernel = typeof jsMatmul;
interface Case {
  m: number;
  k: number;
  n: number;
  transA?: boolean;
  transB?: boolean;
  note: string;
}

const CASES: Case[] = [
  { m: 1024, k: 1024, n: 1024, note: "square" },
  { m: 256, k: 784, n: 256, note: "MLP layer 1 forward" },
  { m: 784, k: 256, n: 256, transA: true, note: "layer 1 dW = X^T @ G" },
  { m: 256, k: 256, n: 784, transB: true, note: "layer 1 dX = G @ W^T" },
  { m: 256, k: 784, n: 10, note: "linear 784->10 forward" },
  { m: 784, k: 256, n: 10, transA: true, note: "784->10 dW = X^T @ G" },
  { m: 256, k: 10, n: 784, note: "256x10x784" },
  { m: 256, k: 10, n: 784, transB: true, note: "784->10 dX = G @ W^T" },
  { m: 1000, k: 4, n: 10, note: "iris-size forward" },
  { m: 4, k: 1000, n: 10, transA: true, note: "iris-size dW" },
  { m: 1000, k: 10, n: 1, note: "10->1 forward" },
  { m: 64, k: 64, n: 64, note: "small square" },
  { m: 16, k: 16, n: 16, note: "tiny square" },
];

function random(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** Median seconds of one call, timing batches long enough (~20 ms) for the clock. */
function time(run: () => void, runs: number): number {
  run();
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let r = 0; r < reps; r++) run();
    if (performance.now() - t > 20 || reps > 1e6) break;
    reps *= 4;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    for (let r = 0; r < reps; r++) run();
    times.push((performance.now() - t) / reps / 1000);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

interface Result {
  js: number;
  wasm: number;
  copy: number;
  wasm2?: number;
}

/** Seconds per call of each kernel on case `c` (wasm only, and into `into`, when `into` is given). */
function bench(c: Case, runs: number, into?: Result): Result {
  const { m, k, n } = c;
  const [tA, tB] = [c.transA ?? false, c.transB ?? false];
  const a = random(m * k, 1);
  const b = random(k * n, 2);
  const out = new Float32Array(m * n);
  const call = (f: Kernel) => () => f(a, 0, b, 0, out, 0, m, k, n, tA, tB);
  if (into) {
    into.wasm2 = time(call(wasmMatmul), runs);
    return into;
  }
  const js = time(call(jsMatmul), 2 * m * k * n > 1e9 ? Math.min(runs, 3) : runs);
  const wasm = time(call(wasmMatmul), runs);
  // The copies the wasm backend does per call: operands in, result out.
  const mem = new Float32Array(m * k + k * n + m * n);
  const copy = time(() => {
    mem.set(a, 0);
    mem.set(b, m * k);
    out.set(mem.subarray(0, m * n));
  }, runs);
  return { js, wasm, copy };
}

const quick = process.argv.includes("--quick");
const runs = quick ? 3 : 7;
// `npx tsx bench/matmul.ts 256x784x10` runs only the shapes named.
const only = process.argv.slice(2).filter((x) => !x.startsWith("--"));
const cases = CASES.filter((c) => only.length === 0 || only.includes(`${c.m}x${c.k}x${c.n}`));
const results = cases.map((c) => bench(c, runs));
const threaded = (await initWasm({ threads: 2 })) && wasmKernelInfo().threads === 2;
if (threaded) cases.forEach((c, i) => bench(c, runs, results[i]));

const info = wasmKernelInfo();
console.log(
  `matmul float32, GFLOP/s (median of ${runs}); wasm ${info.relaxed ? "relaxed-SIMD FMA" : "SIMD mul+add"}, ` +
    `blocking ${JSON.stringify(info.blocking)}; JS below ${WASM_MIN_WORK} multiply-adds, ` +
    `2 threads from ${THREAD_MIN_WORK}`,
);
// Other processes skew these numbers, threads most: the load average says how busy the machine was.
console.log(
  `load average ${os.loadavg()[0].toFixed(2)} over the last minute, on ${os.availableParallelism()} cores`,
);
const col = (s: string, w = 9): string => s.padStart(w);
console.log(
  `${"m x k x n".padEnd(18)}${col("js")}${col("wasm")}${col("wasm 2T")}${col("speedup")}${col("copy")}`,
);
cases.forEach((c, i) => {
  const r = results[i];
  const flops = 2 * c.m * c.k * c.n;
  const gf = (s?: number): string => col(s ? (flops / s / 1e9).toFixed(2) : "-");
  const shape = `${c.m}x${c.k}x${c.n}${c.transA ? " A^T" : ""}${c.transB ? " B^T" : ""}`;
  const viaJs = c.m * c.k * c.n < WASM_MIN_WORK ? " (JS path)" : "";
  const speedup = col(`${(r.js / Math.min(r.wasm, r.wasm2 ?? Infinity)).toFixed(1)}x`);
  const copy = col(`${((100 * r.copy) / r.wasm).toFixed(0)}%`);
  console.log(
    `${shape.padEnd(18)}${gf(r.js)}${gf(r.wasm)}${gf(r.wasm2)}${speedup}${copy}   ${c.note}${viaJs}`,
  );
});
