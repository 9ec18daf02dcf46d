import type * as OsModule from "node:os";
import type * as WorkerThreadsModule from "node:worker_threads";

/**
 * Helper threads for the wasm matmul: Node worker_threads running the shared-memory module on the
 * same WebAssembly.Memory as the calling thread. A matmul is cut into bands of C; the caller posts
 * them in a small SharedArrayBuffer and wakes the helpers, then every thread, the caller too,
 * claims bands with Atomics.add until none are left. A helper that the OS does not schedule
 * (another process on the core) therefore only costs the band it holds, not half the matmul.
 * Node only: a browser's main thread may not Atomics.wait, and its SharedArrayBuffer needs
 * cross-origin isolation.
 */

// Control block, Int32 slots. NEXT: the next band to claim (LOCKED while a job is being posted);
// FINISHED: bands done; JOB: counts jobs, to wake the helpers; FAILED: set when a band threw.
// Then, per job: NBANDS, mc kc nc; HELPED: bands the helpers did, ever; one pack slot (3
// pointers) per thread, 11 arguments per band.
const [NEXT, FINISHED, JOB, FAILED, NBANDS, BLOCKING, HELPED, SLOTS] = [0, 1, 2, 3, 4, 5, 8, 9];
const LOCKED = 1 << 30;
const BAND_ARGS = 11;
const MAX_THREADS = 16;
const BANDS = SLOTS + 3 * MAX_THREADS;
/** At most this many bands per job. */
export const MAX_BANDS = 64;
/**
 * Polls of the control block before a thread sleeps in Atomics.wait: about 3 ms (~11 ns a poll),
 * so that the helpers are awake for the next product of a training step (as OpenMP's threads
 * spin for a while), rather than woken through a futex each time. 2^15 polls (0.4 ms) measured
 * 256 x 784 x 256 on two threads at 60-70 GFLOP/s through Tensor.matmul, 2^18 at 68-86.
 */
const SPIN = 1 << 18;

/** The worker's program (CommonJS, run with `eval: true`): wait for a job, claim its bands. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, slot } = workerData;
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
  for (let band = Atomics.add(ctl, ${NEXT}, 1); band < Atomics.load(ctl, ${NBANDS}); band = Atomics.add(ctl, ${NEXT}, 1)) {
    const at = ${BANDS} + band * ${BAND_ARGS};
    const s = ${SLOTS} + 3 * slot;
    try {
      gemm(...ctl.subarray(at, at + ${BAND_ARGS}), ctl[s], ctl[s + 1], ctl[s + 2], ctl[${BLOCKING}], ctl[${BLOCKING + 1}], ctl[${BLOCKING + 2}]);
    } catch (e) {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.add(ctl, ${HELPED}, 1);
    Atomics.add(ctl, ${FINISHED}, 1);
    Atomics.notify(ctl, ${FINISHED});
  }
}
`;

/** The calling thread and its helpers, sharing one wasm memory. */
export class GemmTeam {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * (BANDS + BAND_ARGS * MAX_BANDS)));

  private constructor(private readonly workers: WorkerThreadsModule.Worker[]) {}

  /** Threads in the team, the caller included. */
  get size(): number {
    return 1 + this.workers.length;
  }

  /** Bands of all jobs so far that helper threads did (the rest, the calling thread). */
  get helperBands(): number {
    return Atomics.load(this.ctl, HELPED);
  }

  /**
   * Runs gemm on every band (its first 11 arguments: sizes, operands, C) until all are done, on
   * this thread and the helpers; thread t packs into `slots[t]` (packA, packB, tile pointers).
   */
  run(
    gemm: (...args: number[]) => void,
    bands: number[][],
    slots: number[][],
    blocking: number[],
  ): void {
    const ctl = this.ctl;
    Atomics.store(ctl, NEXT, LOCKED); // a late helper from the last job claims nothing meanwhile
    ctl[NBANDS] = bands.length;
    ctl.set(blocking, BLOCKING);
    slots.forEach((s, t) => ctl.set(s, SLOTS + 3 * t));
    bands.forEach((b, i) => ctl.set(b, BANDS + i * BAND_ARGS));
    Atomics.store(ctl, FAILED, 0);
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(ctl, NEXT, 0);
    Atomics.add(ctl, JOB, 1);
    Atomics.notify(ctl, JOB);
    let error: unknown;
    for (
      let band = Atomics.add(ctl, NEXT, 1);
      band < bands.length;
      band = Atomics.add(ctl, NEXT, 1)
    ) {
      try {
        gemm(...bands[band], ...slots[0], ...blocking);
      } catch (e) {
        error ??= e;
      }
      Atomics.add(ctl, FINISHED, 1);
    }
    // Wait for the bands that helpers claimed (never return while one still writes memory).
    let done = Atomics.load(ctl, FINISHED);
    for (let spin = 0; done !== bands.length && spin < SPIN; spin++)
      done = Atomics.load(ctl, FINISHED);
    for (; done !== bands.length; done = Atomics.load(ctl, FINISHED))
      Atomics.wait(ctl, FINISHED, done);
    if (error) throw error;
    if (ctl[FAILED]) throw new Error("wasm matmul: a helper thread's gemm failed");
  }

  /** Ends the helper threads. */
  close(): void {
    for (const w of this.workers) void w.terminate();
  }

  /**
   * Starts `helpers` threads running `module` on `memory`; resolves once each has instantiated it,
   * or to undefined where threads are unavailable. Helpers are unref'd: they never keep a process
   * alive; with `detached`, not even while they start (a lazy start that nobody awaits).
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    helpers: number,
    detached = false,
  ): Promise<GemmTeam | undefined> {
    const wt = await workerThreads();
    if (!wt) return undefined;
    const launched = GemmTeam.launch(wt, module, memory, helpers, detached);
    if (!launched) return undefined;
    await launched.ready;
    return launched.team;
  }

  /**
   * The team at once, where node:worker_threads can be had synchronously (Node 20.16 and later:
   * process.getBuiltinModule), its helpers starting in the background: a training loop that never
   * yields to the event loop, which a start awaiting the helpers' messages needs, still gets them.
   * Until a helper runs, the calling thread claims every band itself. Undefined elsewhere.
   */
  static startNow(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    helpers: number,
  ): GemmTeam | undefined {
    const wt = builtin<typeof WorkerThreadsModule>("node:worker_threads");
    if (!wt) return undefined;
    const launched = GemmTeam.launch(wt, module, memory, helpers, true);
    launched?.ready.catch(() => undefined); // a helper that fails leaves its bands to the others
    return launched?.team;
  }

  private static launch(
    wt: typeof WorkerThreadsModule,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    helpers: number,
    detached: boolean,
  ): { team: GemmTeam; ready: Promise<void> } | undefined {
    helpers = Math.min(helpers, MAX_THREADS - 1);
    if (helpers < 1) return undefined;
    const team = new GemmTeam([]);
    const control = team.ctl.buffer;
    const started = Array.from({ length: helpers }, (_, i) => {
      const workerData = { module, memory, control, slot: i + 1 };
      const worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData });
      if (detached) worker.unref();
      team.workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`wasm matmul worker exited (${code})`)));
      }).then(() => {
        worker.removeAllListeners();
        worker.on("error", () => undefined); // bands catch their own errors (FAILED)
        worker.unref();
      });
    });
    return { team, ready: Promise.all(started).then(() => undefined) };
  }
}

/** A Node built-in module, synchronously, where process.getBuiltinModule exists. */
export function builtin<T>(name: string): T | undefined {
  if (!threadsAvailable()) return undefined;
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return typeof get === "function" ? (get.call(process, name) as T | undefined) : undefined;
}

/** Whether this is Node with SharedArrayBuffer, where helper threads can run. */
export function threadsAvailable(): boolean {
  const isNode = typeof process === "object" && !!process.versions?.node;
  return isNode && typeof SharedArrayBuffer === "function";
}

/** The cores this process may use (node:os availableParallelism), 1 where unknown. */
export async function availableCores(): Promise<number> {
  if (!threadsAvailable()) return 1;
  const name = "node:os";
  return coresOf((await import(/* @vite-ignore */ name)) as typeof OsModule);
}

/** availableCores, synchronously where node:os can be had so (undefined elsewhere). */
export function availableCoresNow(): number | undefined {
  const os = builtin<typeof OsModule>("node:os");
  return os ? coresOf(os) : undefined;
}

function coresOf(os: typeof OsModule): number {
  return typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length || 1;
}

/** node:worker_threads where it exists (named through a variable so that bundlers leave it be). */
async function workerThreads(): Promise<typeof WorkerThreadsModule | undefined> {
  if (!threadsAvailable()) return undefined;
  const name = "node:worker_threads";
  return (await import(/* @vite-ignore */ name)) as typeof WorkerThreadsModule;
}
