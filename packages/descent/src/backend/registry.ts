import type { Backend } from "./backend.js";
import { installKernels, type Kernels, referenceKernels } from "./kernel_table.js";
import { wasmBackend } from "./wasm/fast_kernels.js";
import {
  threadsUnavailableReason,
  wasmKernelInfo,
  wasmRelaxedSimdSupported,
  wasmSimdSupported,
} from "./wasm/wasm_backend.js";
import { availableCoresNow } from "./wasm/wasm_threads.js";

export { getNumThreads, initWasm, setNumThreads } from "./wasm/wasm_backend.js";
export type { WasmOptions } from "./wasm/wasm_backend.js";

/** The plain TypeScript backend: the references alone, which the others are tested against. */
export const jsBackend: Backend = { name: "js", kernels: () => ({}) };

const backends = new Map<string, Backend>([["js", jsBackend]]);
// WebAssembly SIMD float32 kernels where the engine has SIMD (every current browser and Node); it
// is then the default, and `setBackend('js')` forces the reference kernels.
if (wasmSimdSupported()) registerBackend(wasmBackend);
let current: Backend = backends.get("wasm") ?? jsBackend;

/**
 * The kernels ops call, by name: the current backend's fast versions, each falling back to its
 * reference. One object for the life of the process; `setBackend` refills it (module-level
 * state, as the current backend is).
 */
export const kernels: Kernels = referenceKernels();
installKernels(kernels, current.kernels);

/** Makes a backend available to `setBackend`. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** The backend kernels run on now. */
export function getBackend(): Backend {
  return current;
}

/** Forces a backend by name ('js', 'wasm', ...); throws listing the available ones. */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) {
    throw new Error(
      `setBackend: unknown backend '${name}'; available: ${[...backends.keys()].join(", ")}`,
    );
  }
  current = b;
  installKernels(kernels, b.kernels);
}

/** The names of the backends `setBackend` accepts: "js" always, "wasm" where the engine has SIMD. */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** Which kernels run, as backendInfo() reports it. */
export interface BackendInfo {
  /** The backend kernels run on now ("wasm" or "js"; see setBackend). */
  backend: string;
  /** Whether the engine runs WebAssembly SIMD; without it only the "js" backend exists. */
  simd: boolean;
  /** Whether the wasm matrix product uses relaxed SIMD's fused multiply-add (`f32x4.relaxed_madd`). */
  relaxedSimd: boolean;
  /**
   * Whether descent switched V8's `--experimental-wasm-relaxed-simd` on for this process (Node 20,
   * where relaxed SIMD is behind that flag; `initWasm({ relaxedSimd: false })` switches it back).
   */
  relaxedSimdFlagSet: boolean;
  /** Whether the wasm matrix-product kernel is compiled (on first use, or by `await initWasm()`). */
  wasmReady: boolean;
  /**
   * Whether large products can be shared with helper threads here: Node's worker_threads, or
   * Web Workers in a cross-origin-isolated page or worker.
   */
  threadsAvailable: boolean;
  /** Why not, when threadsAvailable is false (for example, the page is not cross-origin isolated). */
  threadsUnavailableReason?: string;
  /** The setting: setNumThreads's last value, or "auto" (every core up to 8 in Node, 1 in browsers). */
  threadsRequested: number | "auto";
  /** Threads that large float32 products are shared among now, the calling one included. */
  threads: number;
  /** Of those, the threads running now: helpers start in the background (see initWasm). */
  threadsRunning: number;
  /** Why a helper thread failed to start, if one did (its share then runs on the others). */
  threadsFailure?: string;
  /** Cores this process or page may use (os.availableParallelism, navigator.hardwareConcurrency). */
  cores: number;
}

/**
 * Which kernels run here: the backend, WebAssembly SIMD and relaxed SIMD, and the threads large
 * products use (available, asked for, in use, running) or why there are none. Compiles the wasm
 * kernel if it is not yet (a few milliseconds, once).
 *
 * PyTorch equivalent: `torch.backends.cpu.get_cpu_capability()` with `torch.get_num_threads()`.
 *
 * @example
 * const info = backendInfo();
 * console.log(info.backend, info.simd, info.threads, info.threadsUnavailableReason ?? "");
 */
export function backendInfo(): BackendInfo {
  const simd = wasmSimdSupported();
  const k = simd ? wasmKernelInfo() : undefined;
  const reason = threadsUnavailableReason();
  return {
    backend: current.name,
    simd,
    relaxedSimd: simd && wasmRelaxedSimdSupported(),
    relaxedSimdFlagSet: !!k?.relaxedFlagSet,
    wasmReady: !!k?.ready,
    threadsAvailable: reason === undefined,
    ...(reason === undefined ? {} : { threadsUnavailableReason: reason }),
    threadsRequested: k?.wanted ?? 1,
    threads: k?.threads ?? 1,
    threadsRunning: k?.running ?? 1,
    ...(k?.failure === undefined ? {} : { threadsFailure: k.failure }),
    cores: availableCoresNow() ?? 1,
  };
}
