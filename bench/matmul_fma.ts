/**
 * The matrix product with and without relaxed SIMD's fused multiply-add, in GFLOP/s, alternating
 * in one process (so that the machine's load hits both alike): the plain-SIMD kernel (f32x4.mul +
 * f32x4.add) against the relaxed one (f32x4.relaxed_madd), on one thread and on two.
 * Run: `npx tsx bench/matmul_fma.ts` (`--rounds 5`; shapes such as `256x784x256` as arguments).
 * Node 20 needs relaxed SIMD switched on, which descent's wasm backend does (see wasm_backend.ts).
 */
import os from "node:os";

import * as bytes from "../packages/descent/src/backend/wasm/matmul_wasm_bytes.js";
import { WasmMatmulKernel } from "../packages/descent/src/backend/wasm/wasm_kernel.js";
import { GemmTeam } from "../packages/descent/src/backend/wasm/wasm_threads.js";
import { wasmKernelInfo } from "../packages/descent/src/backend/wasm/wasm_backend.js";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
const shapes = args.filter((a, i) => /^\d+x\d+x\d+$/.test(a) && i !== roundsAt + 1);
const SHAPES = (shapes.length ? shapes : ["1024x1024x1024", "256x784x256"]).map((s) =>
  s.split("x").map(Number),
);

const decode = (b64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

wasmKernelInfo(); // lets the backend switch relaxed SIMD on where it does
/** One kernel of each kind, on its own memory, and on a shared memory with one helper thread. */
async function kernels(relaxed: boolean): Promise<[WasmMatmulKernel, WasmMatmulKernel]> {
  const own = decode(relaxed ? bytes.MATMUL_RELAXED_WASM : bytes.MATMUL_SIMD_WASM);
  if (!WebAssembly.validate(own)) throw new Error("relaxed SIMD does not validate here");
  const one = new WasmMatmulKernel(new WebAssembly.Instance(new WebAssembly.Module(own)), relaxed);
  const shared = decode(relaxed ? bytes.MATMUL_RELAXED_SHARED_WASM : bytes.MATMUL_SIMD_SHARED_WASM);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const module = await WebAssembly.compile(shared);
  const two = new WasmMatmulKernel(
    await WebAssembly.instantiate(module, { env: { memory } }),
    relaxed,
    memory,
  );
  two.team = await GemmTeam.start(module, memory, 1, true);
  if (!two.team) throw new Error("could not start a helper thread");
  await two.team.ready;
  return [one, two];
}

function random(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/**
 * GFLOP/s of the best of at least 3 calls lasting at least 0.2 s in all (the least disturbed), by
 * the wall clock and by the process's CPU time (all its threads). On one thread, on a machine
 * other processes load, the CPU-time figure is the speed while it ran; on two, CPU time counts
 * both threads, so only the wall-clock figure says what two threads give.
 */
function gflops(kern: WasmMatmulKernel, m: number, k: number, n: number): [number, number] {
  const [a, b, c] = [random(m * k, 1), random(k * n, 2), new Float32Array(m * n)];
  let [wall, cpu] = [Infinity, Infinity];
  const t0 = performance.now();
  let calls = 0;
  do {
    calls++;
    const t = performance.now();
    const u = process.cpuUsage();
    kern.matmul(a, 0, b, 0, c, 0, m, k, n, false, false);
    const used = process.cpuUsage(u);
    wall = Math.min(wall, (performance.now() - t) / 1000);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
  } while (calls < 3 || performance.now() - t0 < 200);
  const flop = 2 * m * k * n;
  return [flop / wall / 1e9, flop / cpu / 1e9];
}

const plain = await kernels(false);
const fma = await kernels(true);
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const KINDS = ["simd 1T", "fma 1T", "simd 2T", "fma 2T"];
for (const [m, k, n] of SHAPES) {
  const runs = KINDS.map(() => [[], []] as [number[], number[]]);
  for (let r = 0; r < rounds; r++) {
    [plain[0], fma[0], plain[1], fma[1]].forEach((kern, i) => {
      const [wall, cpu] = gflops(kern, m, k, n);
      runs[i][0].push(wall);
      runs[i][1].push(cpu);
    });
  }
  const med = (x: number[]): string => [...x].sort((p, q) => p - q)[x.length >> 1].toFixed(1);
  const row = KINDS.map(
    (name, i) => `${name} ${med(runs[i][0])}${i < 2 ? ` (cpu ${med(runs[i][1])})` : ""}`,
  ).join(", ");
  console.log(`${m}x${k}x${n}: GFLOP/s, median of ${rounds} rounds: ${row}`);
}
plain[1].team!.close();
fma[1].team!.close();
