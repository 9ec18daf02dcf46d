import type * as WorkerThreadsModule from "node:worker_threads";
import type { GemmHelper } from "./wasm_kernel.js";

/**
 * Helper threads for the wasm matmul: Node worker_threads running the shared-memory module on the
 * same WebAssembly.Memory as the main thread. A call hands each helper a band of C through a small
 * SharedArrayBuffer (17 gemm arguments and three status slots) and Atomics.notify; the main thread
 * computes its own band, then Atomics.waits for the helpers. Node only: a browser's main thread
 * may not Atomics.wait, and SharedArrayBuffer there needs cross-origin isolation.
 */

// Control block (Int32 slots): JOB counts jobs started, DONE the last one finished, FAILED is set
// when a job threw, ARGS.. hold the gemm arguments.
const JOB = 0;
const DONE = 1;
const FAILED = 2;
const ARGS = 3;
const NARGS = 17;
/** Polls of the control block before a thread sleeps in Atomics.wait (some tens of microseconds). */
const SPIN = 1 << 15;

/** The worker's program (CommonJS, run with `eval: true`): wait for a job, run it, report. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const ctl = new Int32Array(control);
parentPort.postMessage("ready");
let job = 0;
for (;;) {
  // Poll a while before sleeping: matmuls come in bursts, and a futex wake-up costs ~10-50 us.
  let next = Atomics.load(ctl, ${JOB});
  for (let spin = 0; next === job && spin < ${SPIN}; spin++) next = Atomics.load(ctl, ${JOB});
  if (next === job) {
    Atomics.wait(ctl, ${JOB}, job);
    continue;
  }
  job = next;
  try {
    gemm(...ctl.subarray(${ARGS}, ${ARGS + NARGS}));
  } catch (e) {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  Atomics.store(ctl, ${DONE}, job);
  Atomics.notify(ctl, ${DONE});
}
`;

type WorkerThreads = typeof WorkerThreadsModule;

/** node:worker_threads where it exists (named through a variable so that bundlers leave it be). */
async function workerThreads(): Promise<WorkerThreads | undefined> {
  const isNode = typeof process === "object" && !!process.versions?.node;
  if (!isNode || typeof SharedArrayBuffer !== "function") return undefined;
  const name = "node:worker_threads";
  return (await import(/* @vite-ignore */ name)) as WorkerThreads;
}

/**
 * Starts `count` helper threads running `module` on `memory`; resolves once each has instantiated
 * it, or to [] where threads are unavailable. Helpers are unref'd: they never keep a process alive.
 */
export async function startHelpers(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  count: number,
): Promise<GemmHelper[]> {
  const wt = await workerThreads();
  if (!wt || count < 1) return [];
  const starts = Array.from({ length: count }, async (): Promise<GemmHelper> => {
    const control = new SharedArrayBuffer(4 * (ARGS + NARGS));
    const ctl = new Int32Array(control);
    const worker = new wt.Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, control },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
      worker.once("exit", (code) =>
        reject(new Error(`wasm matmul worker exited with code ${code}`)),
      );
    });
    worker.removeAllListeners();
    worker.on("error", () => undefined); // jobs catch their own errors (FAILED); nothing else runs there
    worker.unref();
    let job = 0;
    return {
      start(args: number[]): void {
        ctl.set(args, ARGS);
        Atomics.store(ctl, JOB, ++job);
        Atomics.notify(ctl, JOB);
      },
      wait(): void {
        let done = Atomics.load(ctl, DONE);
        for (let spin = 0; done !== job && spin < SPIN; spin++) done = Atomics.load(ctl, DONE);
        for (; done !== job; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
        if (Atomics.exchange(ctl, FAILED, 0))
          throw new Error("wasm matmul: a helper thread's gemm failed");
      },
      close(): void {
        void worker.terminate();
      },
    };
  });
  return Promise.all(starts);
}
