/**
 * Run by matmul.test.ts in its own process, with nothing else set: the first large product
 * starts the helper threads. Where Node gives its modules synchronously
 * (process.getBuiltinModule), the team is in place at once and a loop that never yields to the
 * event loop gets the helpers' work; elsewhere they start in the background, the products running
 * on one thread until they are ready. Either way the products are the same bit for bit, and the
 * process then ends on its own (the helpers are unref'd). `node --import tsx threads_child.ts
 * once` does one large product and ends at once.
 */
import { availableParallelism } from "node:os";
import { getNumThreads, wasmKernelInfo, wasmMatmul } from "../../src/backend/wasm/wasm_backend.js";
import { floats } from "./matmul_check.js";

const [m, k, n] = [256, 784, 256];
const a = floats(m * k, 1);
const b = floats(k * n, 2);
const product = (): Float32Array => {
  const out = new Float32Array(m * n);
  wasmMatmul(a, 0, b, 0, out, 0, m, k, n, false, true);
  return out;
};
const cores = Math.min(availableParallelism(), 8);
const now = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === "function";
const first = product();
const same = (x: Float32Array): boolean => x.every((v, i) => Object.is(v, first[i]));
if (process.argv[2] === "once") {
  console.log("once ok");
} else if (now) {
  if (getNumThreads() !== cores)
    throw new Error(`${getNumThreads()} threads at once, ${cores} expected`);
  // A synchronous loop, as a training loop is: the helpers must join without the event loop.
  const until = Date.now() + 20_000;
  while (cores > 1 && wasmKernelInfo().helperBands === 0 && Date.now() < until) {
    if (!same(product())) throw new Error("a product differs");
  }
  if (cores > 1 && wasmKernelInfo().helperBands === 0) throw new Error("no helper joined the loop");
  if (!same(product())) throw new Error(`${cores} threads differ from one`);
  console.log(`auto ok: ${cores} threads, at once`);
} else {
  if (getNumThreads() !== 1) throw new Error("the helpers were ready before the first product");
  for (let waited = 0; getNumThreads() < cores && waited < 20_000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
  if (getNumThreads() !== cores) throw new Error(`${getNumThreads()} threads, ${cores} expected`);
  if (!same(product())) throw new Error(`${cores} threads differ from one`);
  console.log(`auto ok: ${cores} threads`);
}
