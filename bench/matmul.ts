/**
 * Float32 matmul speed, JS reference vs the WebAssembly SIMD backend, in GFLOP/s (2 m k n flops
 * per call; medians of several timed runs after a warm-up). Run: `npx tsx bench/matmul.ts`
 * (`--quick` for fewer runs; shapes such as `256x784x10` as arguments to run only those). The wasm column includes copying the operands into wasm memory and
 * the result out; the "copy" column is that copying alone, as a share of the wasm time.
 */
import { jsMatmul } from "../src/backend/js_matmul.js";
import { WASM_MIN_WORK, wasmKernelInfo, wasmMatmul } from "../src/backend/wasm/wasm_backend.js";

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

function bench(c: Case, runs: number): string {
  const { m, k, n } = c;
  const [tA, tB] = [c.transA ?? false, c.transB ?? false];
  const a = random(m * k, 1);
  const b = random(k * n, 2);
  const out = new Float32Array(m * n);
  const call = (f: Kernel) => () => f(a, 0, b, 0, out, 0, m, k, n, tA, tB);
  const flops = 2 * m * k * n;
  const jsRuns = flops > 1e9 ? Math.min(runs, 3) : runs;
  const js = time(call(jsMatmul), jsRuns);
  const wasm = time(call(wasmMatmul), runs);
  // The copies the wasm backend does per call: operands in, result out.
  const mem = new Float32Array(m * k + k * n + m * n);
  const copy = time(() => {
    mem.set(a, 0);
    mem.set(b, m * k);
    out.set(mem.subarray(0, m * n));
  }, runs);
  const shape = `${m}x${k}x${n}${tA ? " A^T" : ""}${tB ? " B^T" : ""}`;
  const gf = (s: number): string => (flops / s / 1e9).toFixed(2).padStart(8);
  const viaJs = m * k * n < WASM_MIN_WORK ? " (JS path)" : "";
  return `${shape.padEnd(20)}${gf(js)}${gf(wasm)}${(js / wasm).toFixed(1).padStart(8)}x${(
    (100 * copy) /
    wasm
  )
    .toFixed(0)
    .padStart(6)}%   ${c.note}${viaJs}`;
}

const quick = process.argv.includes("--quick");
const info = wasmKernelInfo();
console.log(
  `matmul float32, GFLOP/s (median of ${quick ? 3 : 7}); wasm ${info.relaxed ? "relaxed-SIMD FMA" : "SIMD mul+add"}, ` +
    `blocking ${JSON.stringify(info.blocking)}, JS below ${WASM_MIN_WORK} multiply-adds`,
);
console.log(
  `${"m x k x n".padEnd(20)}${"js".padStart(8)}${"wasm".padStart(8)}${"speedup".padStart(9)}${"copy".padStart(7)}`,
);
// `npx tsx bench/matmul.ts 256x784x10` runs only the shapes named.
const only = process.argv.slice(2).filter((x) => !x.startsWith("--"));
for (const c of CASES) {
  if (only.length === 0 || only.includes(`${c.m}x${c.k}x${c.n}`))
    console.log(bench(c, quick ? 3 : 7));
}
