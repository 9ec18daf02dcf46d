/**
 * Run by matmul.test.ts in its own process, with nothing else set: the first large product
 * starts the helper threads in the background and runs on one thread; once they are ready the
 * same product is the same bit for bit; and the process then ends on its own (the helpers are
 * unref'd). `node --import tsx threads_child.ts once` does one large product and ends at once.
 */
import { availableParallelism } from "node:os";
import { getNumThreads, wasmMatmul } from "../../src/backend/wasm/wasm_backend.js";
import { floats } from "./matmul_check.js";

const [m, k, n] = [256, 784, 256];
const a = floats(m * k, 1);
const b = floats(k * n, 2);
const product = (): Float32Array => {
  const out = new Float32Array(m * n);
  wasmMatmul(a, 0, b, 0, out, 0, m, k, n, false, true);
  return out;
};
const single = product();
if (getNumThreads() !== 1) throw new Error("the helpers were ready before the first product");
if (process.argv[2] !== "once") {
  const cores = Math.min(availableParallelism(), 8);
  for (let waited = 0; getNumThreads() < cores && waited < 20_000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
  if (getNumThreads() !== cores) throw new Error(`${getNumThreads()} threads, ${cores} expected`);
  const multi = product();
  if (!multi.every((x, i) => Object.is(x, single[i])))
    throw new Error(`${cores} threads differ from one`);
  console.log(`auto ok: ${cores} threads`);
} else console.log("once ok");
