/**
 * Threads in the page, through the public API (plus the kernel's count of the bands helpers did,
 * which is internal): one large product on one thread; then setNumThreads(2) and, without
 * yielding, a loop of products until a helper has done a band (as a training loop that never
 * awaits); then await initWasm({ threads: 2 }), more products on two threads, and back to one.
 */
import { Generator, backendInfo, initWasm, randn, setNumThreads } from "../../src/browser.js";
import type { BackendInfo } from "../../src/browser.js";
import { wasmKernelInfo } from "../../src/backend/wasm/wasm_backend.js";

export interface ThreadsResult {
  isolated: boolean;
  before: BackendInfo;
  returned: number;
  /** backendInfo() right after setNumThreads(2). */
  set: BackendInfo;
  /** Whether a helper did a band of the loop that never yielded, and after how many ms. */
  joinedSyncLoop: boolean;
  syncLoopMs: number;
  /** After `await initWasm({ threads: 2 })`. */
  ready: BackendInfo;
  /** Bands done by helpers over all the products on two threads. */
  helperBands: number;
  /** Whether every product on two threads equals the one-thread product, bit for bit. */
  sameBits: boolean;
  products: number;
  after: BackendInfo;
}

export async function runThreads(): Promise<ThreadsResult> {
  const a = randn([256, 512], { generator: new Generator(1) });
  const b = randn([512, 256], { generator: new Generator(2) });
  const ref = a.matmul(b).value.data;
  const same = (): boolean => {
    const c = a.matmul(b).value.data;
    return c.length === ref.length && c.every((v, i) => Object.is(v, ref[i]));
  };
  const before = backendInfo();
  const returned = setNumThreads(2);
  const set = backendInfo();
  let sameBits = true;
  let products = 0;
  const t0 = performance.now();
  while (wasmKernelInfo().helperBands === 0 && performance.now() - t0 < 1000) {
    sameBits &&= same();
    products++;
  }
  const joinedSyncLoop = wasmKernelInfo().helperBands > 0;
  const syncLoopMs = performance.now() - t0;
  await initWasm({ threads: 2 }); // asks setNumThreads(2) again: no second warning
  const ready = backendInfo();
  for (let i = 0; i < 20; i++, products++) sameBits &&= same();
  const helperBands = wasmKernelInfo().helperBands;
  setNumThreads(1);
  const after = backendInfo();
  sameBits &&= same();
  const isolated = globalThis.crossOriginIsolated;
  return {
    ...{ isolated, before, returned, set, joinedSyncLoop, syncLoopMs, ready },
    ...{ helperBands, sameBits, products, after },
  };
}

/** runThreads in a module Web Worker of this page (served as /worker.js). */
export function runThreadsInWorker(): Promise<ThreadsResult> {
  const worker = new Worker("/worker.js", { type: "module" });
  return new Promise<ThreadsResult>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ result?: ThreadsResult; error?: string }>) =>
      e.data.result ? resolve(e.data.result) : reject(new Error(e.data.error));
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage("run");
  }).finally(() => worker.terminate());
}
