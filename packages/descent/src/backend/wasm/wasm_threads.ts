import { type Helper, type HelperData, spawn, spawnNow } from "./thread_host.js";

export {
  availableCores,
  availableCoresNow,
  builtin,
  threadSupport,
  threadsAvailable,
} from "./thread_host.js";

/**
 * Helper threads for the wasm matmul: Node worker_threads, or module Web Workers in a
 * cross-origin-isolated page (thread_host.ts), running the shared-memory module on the same
 * WebAssembly.Memory as the calling thread. A matmul is cut into bands of C; the caller posts
 * them in a small SharedArrayBuffer and wakes the helpers, then every thread, the caller too,
 * claims bands with Atomics.add until none are left. A helper that the OS does not schedule
 * (another process on the core), or that has not started yet, therefore only costs the band it
 * holds, not half the matmul. A page's main thread may not Atomics.wait: there the caller spins
 * until the helpers' last bands are done.
 */

// Control block, Int32 slots. NEXT: the next band to claim (LOCKED while a job is being posted);
// FINISHED: bands done; JOB: counts jobs, to wake the helpers; FAILED: set when a band threw.
// Then, per job: NBANDS, mc kc nc and B packed once (gemm's last 4 arguments); HELPED: bands the
// helpers did, ever; READY: helpers running; one pack slot (3 pointers) per thread, 11
// arguments per band.
const [NEXT, FINISHED, JOB, FAILED, NBANDS, BLOCKING, HELPED, READY, SLOTS] = [
  0, 1, 2, 3, 4, 5, 9, 10, 11,
];
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

/** The helper's loop: instantiate the module on the shared memory, then claim bands of each job. */
const SERVE = `
function serve({ module, memory, control, slot }, post) {
  const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
  const ctl = new Int32Array(control);
  Atomics.add(ctl, ${READY}, 1);
  post("ready");
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
        gemm(...ctl.subarray(at, at + ${BAND_ARGS}), ctl[s], ctl[s + 1], ctl[s + 2], ctl[${BLOCKING}], ctl[${BLOCKING + 1}], ctl[${BLOCKING + 2}], ctl[${BLOCKING + 3}]);
      } catch (e) {
        Atomics.store(ctl, ${FAILED}, 1);
      }
      Atomics.add(ctl, ${HELPED}, 1);
      Atomics.add(ctl, ${FINISHED}, 1);
      Atomics.notify(ctl, ${FINISHED});
    }
  }
}
`;
const SOURCES = {
  node: `${SERVE}
const { workerData, parentPort } = require("node:worker_threads");
serve(workerData, (m) => parentPort.postMessage(m));`,
  web: `${SERVE}
self.onmessage = (e) => serve(e.data, (m) => self.postMessage(m));`,
};

/** False once Atomics.wait has refused (a page's main thread): waits spin from then on. */
let canBlock = true;

/** Waits while ctl[at] is `value`: Atomics.wait where this thread may block, else returns (the caller polls). */
function sleep(ctl: Int32Array, at: number, value: number): void {
  if (!canBlock) return;
  try {
    Atomics.wait(ctl, at, value);
  } catch {
    canBlock = false;
  }
}

/** The calling thread and its helpers, sharing one wasm memory. */
export class GemmTeam {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * (BANDS + BAND_ARGS * MAX_BANDS)));
  private helpers: Helper[] = [];
  /** Settles once every helper runs or has failed to start (then `failure` says why). */
  ready: Promise<void> = Promise.resolve();
  /** Why a helper failed to start, if one did (its bands go to the other threads). */
  failure?: string;

  private constructor() {}

  /** Threads in the team, the caller included. */
  get size(): number {
    return 1 + this.helpers.length;
  }

  /** Threads running now, the caller included: helpers start asynchronously. */
  get running(): number {
    return 1 + Math.min(Atomics.load(this.ctl, READY), this.helpers.length);
  }

  /** Bands of all jobs so far that helper threads did (the rest, the calling thread). */
  get helperBands(): number {
    return Atomics.load(this.ctl, HELPED);
  }

  /**
   * Runs gemm on every band (its first 11 arguments: sizes, operands, C) until all are done, on
   * this thread and the helpers; thread t packs into `slots[t]` (packA, packB, tile pointers);
   * `blocking`: gemm's last 4 arguments (mc, kc, nc, and where B is packed once, or 0).
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
    for (; done !== bands.length; done = Atomics.load(ctl, FINISHED)) sleep(ctl, FINISHED, done);
    if (error) throw error;
    if (ctl[FAILED]) throw new Error("wasm matmul: a helper thread's gemm failed");
  }

  /** Ends the helper threads. */
  close(): void {
    for (const h of this.helpers) h.terminate();
  }

  /**
   * Starts `helpers` threads running `module` on `memory`; resolves once each has instantiated it,
   * or to undefined where threads are unavailable. Node's helpers are unref'd: they never keep a
   * process alive; with `detached`, not even while they start (a lazy start that nobody awaits).
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    helpers: number,
    detached = false,
  ): Promise<GemmTeam | undefined> {
    const team = new GemmTeam();
    const started = await spawn(SOURCES, team.data(module, memory, helpers), detached);
    if (!started?.length) return undefined;
    team.adopt(started);
    try {
      await Promise.all(started.map((h) => h.ready));
    } catch (e) {
      team.close();
      throw e;
    }
    return team;
  }

  /**
   * The team at once, where helpers can be started synchronously (a cross-origin-isolated page;
   * Node 20.16 and later: process.getBuiltinModule), its helpers starting in the background: a
   * training loop that never yields to the event loop still gets them. Until a helper runs, the
   * calling thread claims every band itself. Undefined elsewhere.
   */
  static startNow(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    helpers: number,
  ): GemmTeam | undefined {
    const team = new GemmTeam();
    const started = spawnNow(SOURCES, team.data(module, memory, helpers), true);
    if (!started?.length) return undefined;
    team.adopt(started);
    return team;
  }

  /** What each of `helpers` helpers is given (at most MAX_THREADS - 1). */
  private data(module: WebAssembly.Module, memory: WebAssembly.Memory, helpers: number) {
    const n = Math.max(0, Math.min(helpers, MAX_THREADS - 1));
    const control = this.ctl.buffer as SharedArrayBuffer;
    return Array.from({ length: n }, (_, i): HelperData => ({
      module,
      memory,
      control,
      slot: i + 1,
    }));
  }

  /** Takes the started helpers; a helper that fails leaves its bands to the others. */
  private adopt(helpers: Helper[]): void {
    this.helpers = helpers;
    this.ready = Promise.all(
      helpers.map((h) =>
        h.ready.catch((e: unknown) => {
          this.failure ??= e instanceof Error ? e.message : String(e);
        }),
      ),
    ).then(() => undefined);
  }
}
