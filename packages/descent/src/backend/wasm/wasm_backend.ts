import type { TypedArray } from "../../util/dtype.js";
import { jsMatmul } from "../js_matmul.js";
import * as wasm from "./matmul_wasm_bytes.js";
import { type Blocking, DEFAULT_BLOCKING, WasmMatmulKernel, sharesThreads } from "./wasm_kernel.js";
import {
  GemmTeam,
  availableCores,
  availableCoresNow,
  builtin,
  threadSupport,
  threadsAvailable,
} from "./wasm_threads.js";

/**
 * The "wasm" backend: float32 matmul in WebAssembly SIMD (see wasm_kernel.ts), the JS kernel for
 * float64 and for problems too small to repay copying the operands into wasm memory.
 * Compiled synchronously on first use: the modules are kept under the 4 KB that Chrome allows to
 * compile synchronously on a page's main thread (a test checks it). Should an engine refuse
 * anyway, the module compiles in the background and matmuls run in JS until it is ready, or
 * `await initWasm()` first. In Node, large matmuls (sharesThreads: 2^20 multiply-adds, 2^14 outputs) use
 * every core by default: the first one starts the helper threads (synchronously where Node has
 * process.getBuiltinModule, so that a loop that never yields gets them too; the calling thread
 * does every band until a helper runs), else in the background, the products running on one
 * thread until the helpers are ready. `setNumThreads(1)` or `initWasm({ threads: 1 })` keeps
 * everything on the calling thread. In a browser the default is one thread; `setNumThreads(n)`
 * starts Web Workers at once where the page is cross-origin isolated, and says why not elsewhere.
 * The matmul module uses relaxed SIMD's fused multiply-add where it validates (Node 20: after
 * switching V8's flag on, see WasmOptions.relaxedSimd), plain SIMD otherwise.
 */

/** Below this many multiply-adds (m k n) the JS kernel wins: a wasm call costs ~0.6 us, JS ~1.3 ns per multiply-add (bench/matmul.ts). */
export const WASM_MIN_WORK = 512;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** Whether this engine runs WebAssembly SIMD: validates a tiny module returning a v128. */
export function wasmSimdSupported(): boolean {
  // (module (func (result v128) v128.const i32x4 0 0 0 0))
  const probe = "AGFzbQEAAAABBQFgAAF7AwIBAAoWARQA/QwAAAAAAAAAAAAAAAAAAAAACw==";
  return typeof WebAssembly === "object" && WebAssembly.validate(decode(probe));
}

/** Whether the matmul uses relaxed SIMD's fused multiply-add here (see WasmOptions.relaxedSimd). */
export function wasmRelaxedSimdSupported(): boolean {
  return kernel ? kernel.relaxed : wasmSimdSupported() && moduleBytes().relaxed;
}

/** Whether to use relaxed SIMD where the engine has it (initWasm's relaxedSimd). */
let relaxedWanted = true;
/** Whether descent has switched V8's flag --experimental-wasm-relaxed-simd on (and may switch it off). */
let relaxedFlagSet = false;
const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";

/**
 * Whether `bytes` (a relaxed-SIMD module) validates. Node 20's V8 has relaxed SIMD behind a flag:
 * there, and only where it is wanted, the flag is switched on for the process (the one V8 flag
 * descent sets; documented at WasmOptions.relaxedSimd, reported by backendInfo, undone by
 * `initWasm({ relaxedSimd: false })`). Support is always decided by validation, never assumed.
 */
function relaxedValidates(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  const v8 = relaxedFlagSet ? undefined : builtin<V8Module>("node:v8");
  if (!v8) return false;
  v8.setFlagsFromString(RELAXED_FLAG);
  if (WebAssembly.validate(bytes)) return (relaxedFlagSet = true);
  v8.setFlagsFromString(RELAXED_FLAG.replace("--", "--no-")); // no effect: leave it as it was
  return false;
}

/** What is used of node:v8. */
interface V8Module {
  setFlagsFromString(flags: string): void;
}

/** Relaxed SIMD (fused multiply-add) where wanted and the engine validates it, plain SIMD otherwise. */
function moduleBytes(shared = false): { bytes: Uint8Array<ArrayBuffer>; relaxed: boolean } {
  const relaxed = decode(shared ? wasm.MATMUL_RELAXED_SHARED_WASM : wasm.MATMUL_RELAXED_WASM);
  if (relaxedWanted && relaxedValidates(relaxed)) return { bytes: relaxed, relaxed: true };
  return {
    bytes: decode(shared ? wasm.MATMUL_SIMD_SHARED_WASM : wasm.MATMUL_SIMD_WASM),
    relaxed: false,
  };
}

/**
 * Sets whether the matmul uses relaxed SIMD (initWasm's relaxedSimd): a change drops the compiled
 * kernels (and the helper threads, restarted on the next large product) so that the next product
 * compiles the chosen one, and turning it off switches V8's flag back off if descent set it.
 */
function setRelaxedSimd(wanted: boolean): void {
  if (wanted === relaxedWanted) return;
  relaxedWanted = wanted;
  if (!wanted && relaxedFlagSet) {
    builtin<V8Module>("node:v8")?.setFlagsFromString(RELAXED_FLAG.replace("--", "--no-"));
    relaxedFlagSet = false;
  }
  kernel = undefined;
  syncFailed = false;
  generation++;
  starting = undefined;
  threaded?.team!.close();
  threaded = undefined;
}

let kernel: WasmMatmulKernel | undefined;
let syncFailed = false;
/** The kernel on a shared memory with helper threads, for the problems sharesThreads picks. */
let threaded: WasmMatmulKernel | undefined;
/** Threads asked for (setNumThreads, initWasm), or "auto": every core, started on the first large product. */
let wanted: number | "auto" = "auto";
/** The lazy start under way, or done (it is tried once per setting). */
let starting: Promise<void> | undefined;
/** Changes at each new setting, so that a start that finishes late knows it is stale. */
let generation = 0;
/** The most threads "auto" uses: beyond that, memory bandwidth rather than cores bounds a product. */
const AUTO_MAX_THREADS = 8;
/** Whether setNumThreads has warned that threads are unavailable (it warns once). */
let warned = false;

/** The kernel, compiled synchronously on first use; undefined while only the async path works. */
export function wasmKernel(): WasmMatmulKernel | undefined {
  if (kernel || syncFailed) return kernel;
  try {
    const { bytes, relaxed } = moduleBytes();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = new WasmMatmulKernel(instance, relaxed);
  } catch {
    // Synchronous compilation refused: compile in the background, use the JS kernel meanwhile.
    syncFailed = true;
    initWasm().catch(() => undefined);
  }
  return kernel;
}

/** Options of initWasm. */
export interface WasmOptions {
  /**
   * Threads that share large matmuls (see sharesThreads), counting the calling one, as
   * setNumThreads takes them. More than 1 starts helper threads on a shared wasm memory (Node's
   * worker_threads, or Web Workers in a cross-origin-isolated page) and waits until they run;
   * 1 keeps every product on the calling thread. Left out: the setting stays as it is (by
   * default, every core in Node, started on the first large product; one thread in browsers).
   */
  threads?: number;
  /**
   * Whether the matrix product uses relaxed SIMD's fused multiply-add (`f32x4.relaxed_madd`, one
   * rounding per multiply-add; about 1.2x the plain kernel's speed in bench/matmul_fma.ts) where
   * the engine has it; default true. Chromium and Node >= 22 have it by default; Node 20 has it
   * behind V8's flag `--experimental-wasm-relaxed-simd`, which descent then switches on for the
   * process, with `v8.setFlagsFromString`, before compiling its kernel
   * (backendInfo().relaxedSimdFlagSet says so). false keeps the plain-SIMD kernel (f32x4.mul then f32x4.add), switches that flag back
   * off if descent set it, and sets no flag thereafter. Results differ from the plain kernel's by
   * rounding only: both agree with the float64 reference within 1e-5 sum |a b| per element.
   */
  relaxedSimd?: boolean;
}

/**
 * Compiles the wasm kernels asynchronously and, with `threads`, starts the helper threads and
 * waits until they run. Needed only to have the helpers working from the first large product
 * on (a browser's Web Workers take some milliseconds to start, and a training loop that never
 * yields runs its products on one thread until they do), or where an engine refuses to compile
 * synchronously. Resolves to false without WebAssembly SIMD (the js backend is then in use).
 * Where threads are unavailable (a page that is not cross-origin isolated) it warns as
 * setNumThreads does and resolves to true with one thread: backendInfo() says why.
 *
 * @example
 * await initWasm({ threads: 2 }); // large products now use two threads
 * await initWasm({ threads: 1 }); // and now one: the helpers are ended
 * await initWasm({ relaxedSimd: false }); // the plain-SIMD matmul, no V8 flag set
 */
export async function initWasm(options: WasmOptions = {}): Promise<boolean> {
  if (!wasmSimdSupported()) return false;
  if (options.relaxedSimd !== undefined) setRelaxedSimd(options.relaxedSimd);
  if (!kernel) {
    const { bytes, relaxed } = moduleBytes();
    const { instance } = await WebAssembly.instantiate(bytes, {});
    kernel ??= new WasmMatmulKernel(instance, relaxed);
  }
  if (options.threads !== undefined) setNumThreads(options.threads);
  if (wanted !== "auto" && wanted > 1) await startThreads(false);
  await threaded?.team?.ready;
  return true;
}

/**
 * Sets how many threads share large float32 matmuls, the calling one included (as
 * `torch.set_num_threads`), and returns how many will: `threads`, or 1 where helper threads are
 * unavailable. 1 runs everything on the calling thread and ends the helpers; more starts that
 * many minus one helpers on a shared WebAssembly memory: in Node, worker_threads on the next
 * large product; in a cross-origin-isolated page (or worker), module Web Workers at once, which
 * take a few milliseconds to start (`await initWasm()` waits for them; until then the calling
 * thread does their share). In a page that is not cross-origin isolated there is no
 * SharedArrayBuffer: it warns once on the console and returns 1, and backendInfo() gives the
 * reason. By default descent uses every core in Node (at most 8) and one thread in browsers.
 * Results are the same, bit for bit, on any number of threads.
 *
 * @example
 * if (setNumThreads(4) === 1) console.log(backendInfo().threadsUnavailableReason);
 */
export function setNumThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`setNumThreads: expected a whole number of threads >= 1, got ${threads}`);
  }
  const reason = threadsUnavailableReason();
  if (threads > 1 && reason !== undefined && !warned) {
    warned = true;
    console.warn(`descent: setNumThreads(${threads}): running on one thread: ${reason}`);
  }
  if (wanted !== threads) {
    wanted = threads;
    generation++;
    starting = undefined;
    if (threaded && threaded.team!.size !== threads) {
      threaded.team!.close();
      threaded = undefined;
    }
  }
  // Web Workers start asynchronously: start them now rather than on the first large product.
  if (threads > 1 && !threaded && !starting && threadSupport().host === "web") startThreadsNow();
  return reason === undefined ? threads : 1;
}

/** Why large products run on one thread whatever the setting; undefined where helpers can run. */
export function threadsUnavailableReason(): string | undefined {
  if (!wasmSimdSupported()) return "no WebAssembly SIMD here, so the js backend (one thread) runs";
  const support = threadSupport();
  return support.host ? undefined : support.reason;
}

/** Threads that large matmuls use now (1 until the helpers are ready); see setNumThreads. */
export function getNumThreads(): number {
  return threaded?.team?.size ?? 1;
}

/**
 * Starts the helper threads of the current setting once; `detached`: nobody awaits it, so the
 * helpers never hold the process open, and a failure leaves matmuls on one thread.
 */
function startThreads(detached: boolean): Promise<void> {
  if (threaded || !threadsAvailable()) return Promise.resolve();
  if (starting) return starting;
  const gen = generation;
  const run = async (): Promise<void> => {
    const threads = threadsFor(await availableCores());
    if (threads < 2 || gen !== generation) return;
    const kern = await threadedKernel(threads - 1, detached);
    if (gen !== generation || threaded) {
      kern?.team!.close(); // the setting changed meanwhile
      return;
    }
    if (kern) adopt(kern);
  };
  starting = detached ? run().catch(() => undefined) : run();
  return starting;
}

/**
 * startThreads without awaiting anything, where Node gives its modules synchronously: the team is
 * in place when this returns, its helpers starting. False, having done nothing, elsewhere.
 */
function startThreadsNow(): boolean {
  if (!threadsAvailable()) {
    starting = Promise.resolve(); // nothing to start here
    return true;
  }
  const cores = availableCoresNow();
  if (cores === undefined) return false;
  const threads = threadsFor(cores);
  if (threads >= 2) {
    try {
      const { bytes, relaxed } = moduleBytes(true);
      const memory = sharedMemory();
      const module = new WebAssembly.Module(bytes);
      const kern = new WasmMatmulKernel(
        new WebAssembly.Instance(module, { env: { memory } }),
        relaxed,
        memory,
      );
      kern.team = GemmTeam.startNow(module, memory, threads - 1);
      if (!kern.team) return false;
      adopt(kern);
    } catch {
      return false;
    }
  }
  starting = Promise.resolve(); // tried (with one core: nothing to start)
  return true;
}

/** The threads the current setting asks for, on a machine with `cores` cores ("auto": one in browsers). */
function threadsFor(cores: number): number {
  if (wanted !== "auto") return wanted;
  return threadSupport().host === "node" ? Math.min(cores, AUTO_MAX_THREADS) : 1;
}

/** The memory the threaded kernel shares with its helpers. */
function sharedMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
}

/** Makes `kern` the kernel of large products, with the one-thread kernel's blocking. */
function adopt(kern: WasmMatmulKernel): void {
  threaded = kern;
  if (kernel) kern.blocking = kernel.blocking;
}

/** A kernel on a shared memory with `helpers` worker threads; undefined where threads are unavailable. */
async function threadedKernel(
  helpers: number,
  detached: boolean,
): Promise<WasmMatmulKernel | undefined> {
  if (typeof SharedArrayBuffer !== "function") return undefined;
  const { bytes, relaxed } = moduleBytes(true);
  const memory = sharedMemory();
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kern = new WasmMatmulKernel(instance, relaxed, memory);
  kern.team = await GemmTeam.start(module, memory, helpers, detached);
  return kern.team ? kern : undefined;
}

/**
 * What the wasm backend runs: compiled yet, with relaxed-SIMD FMA (and whether descent switched
 * V8's flag on for it), the threads asked for, on how many threads (and how many of them run
 * yet), how many bands of large products its helper threads have done so far, why a helper
 * failed to start (if one did), its blocking.
 */
export function wasmKernelInfo(): {
  ready: boolean;
  relaxed: boolean;
  relaxedFlagSet: boolean;
  wanted: number | "auto";
  threads: number;
  running: number;
  helperBands: number;
  failure?: string;
  blocking: Blocking;
} {
  const k = wasmKernel();
  const blocking = { ...(k?.blocking ?? DEFAULT_BLOCKING) };
  const team = threaded?.team;
  const [threads, running] = team ? [team.size, team.running] : [1, 1];
  const helperBands = team?.helperBands ?? 0;
  const failure = team?.failure;
  return {
    ready: !!k,
    relaxed: !!k?.relaxed,
    relaxedFlagSet,
    wanted,
    threads,
    running,
    helperBands,
    failure,
    blocking,
  };
}

/** The wasm backend's matmul (see fast_kernels.ts): float32 problems of at least WASM_MIN_WORK multiply-adds in wasm, the rest in JS. */
export function wasmMatmul(
  a: TypedArray,
  aOff: number,
  b: TypedArray,
  bOff: number,
  out: TypedArray,
  oOff: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (
    m * k * n >= WASM_MIN_WORK &&
    a instanceof Float32Array &&
    b instanceof Float32Array &&
    out instanceof Float32Array
  ) {
    // The shared memory's copies are slower: small problems stay on the one-thread kernel.
    const large = sharesThreads(m, k, n);
    if (large && !threaded && !starting && wanted !== 1 && !startThreadsNow()) {
      void startThreads(true);
    }
    const kern = threaded && large ? threaded : wasmKernel();
    if (kern?.matmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB)) return;
  }
  jsMatmul(a, aOff, b, bOff, out, oOff, m, k, n, transA, transB);
}
