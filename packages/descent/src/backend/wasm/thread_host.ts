/**
 * Where the wasm matmul's helper threads can run, and how they are started there: Node's
 * worker_threads, or module Web Workers in a cross-origin-isolated page (or worker), whose
 * SharedArrayBuffer lets them share the WebAssembly memory. A Web Worker's script is a Blob URL
 * made from the helper's source text, so a bundled library needs no separate file (a page's
 * Content-Security-Policy must then allow `worker-src blob:`). The Node modules are typed by the
 * few members used here, so that a browser build type-checks without Node's types.
 */

/** What is used of Node's `process`. */
interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}
/** What is used of node:os. */
interface OsModule {
  availableParallelism?: () => number;
  cpus(): unknown[];
}
/** What is used of a node:worker_threads Worker. */
interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  once(event: "message" | "error" | "exit", listener: (arg: never) => void): void;
  on(event: "error", listener: () => void): void;
  removeAllListeners(): void;
}
/** What is used of node:worker_threads. */
interface WorkerThreadsModule {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}

/** Node's process object, undefined elsewhere. */
const nodeProcess = (): NodeProcess | undefined => {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === "object" && p.versions?.node ? p : undefined;
};

/** What a helper is given: the shared-memory module, the memory, the control block, its slot. */
export interface HelperData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  slot: number;
}

/** A helper thread being started: `ready` settles once it has instantiated the module. */
export interface Helper {
  terminate(): void;
  ready: Promise<void>;
}

/** The helper's program, for each host; the Node one is CommonJS, run with `eval: true`. */
export interface HelperSources {
  node: string;
  web: string;
}

/** Where threads can run here ("node" or "web"), or why they cannot. */
export type ThreadSupport = { host: "node" | "web" } | { host: undefined; reason: string };

const isNode = (): boolean => nodeProcess() !== undefined;

/** Why this page is not cross-origin isolated, as a user reads it in a warning. */
export const NOT_ISOLATED =
  "the page is not cross-origin isolated (crossOriginIsolated is false), so it has no " +
  "SharedArrayBuffer for the WebAssembly memory that threads share; serve it with the headers " +
  "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'";

/** Whether helper threads can run here, and where; the reason when they cannot. */
export function threadSupport(): ThreadSupport {
  if (typeof WebAssembly !== "object") return { host: undefined, reason: "no WebAssembly" };
  if (isNode()) {
    return typeof SharedArrayBuffer === "function"
      ? { host: "node" }
      : { host: undefined, reason: "this Node has no SharedArrayBuffer" };
  }
  if (typeof Worker !== "function" || typeof URL.createObjectURL !== "function") {
    return { host: undefined, reason: "this context cannot start Web Workers" };
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated || typeof SharedArrayBuffer !== "function") {
    return { host: undefined, reason: NOT_ISOLATED };
  }
  return { host: "web" };
}

/** Whether helper threads can run here (see threadSupport). */
export function threadsAvailable(): boolean {
  return threadSupport().host !== undefined;
}

/** A Node built-in module, synchronously, where process.getBuiltinModule exists. */
export function builtin<T>(name: string): T | undefined {
  const proc = nodeProcess();
  if (!proc || threadSupport().host !== "node") return undefined;
  const get = proc.getBuiltinModule;
  return typeof get === "function" ? (get.call(proc, name) as T | undefined) : undefined;
}

/** The cores this process or page may use (os.availableParallelism, navigator.hardwareConcurrency), 1 where unknown. */
export async function availableCores(): Promise<number> {
  const now = availableCoresNow();
  if (now !== undefined) return now;
  if (threadSupport().host !== "node") return 1;
  const name = "node:os";
  return coresOf((await import(/* @vite-ignore */ name)) as OsModule);
}

/** availableCores, synchronously where it can be had so (undefined elsewhere). */
export function availableCoresNow(): number | undefined {
  if (!isNode()) {
    const n = typeof navigator === "object" ? navigator.hardwareConcurrency : undefined;
    return Number.isInteger(n) && n! > 0 ? n : 1;
  }
  const os = builtin<OsModule>("node:os");
  return os ? coresOf(os) : undefined;
}

function coresOf(os: OsModule): number {
  return typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length || 1;
}

/**
 * Starts one helper per entry of `data`, at once: in a cross-origin-isolated page, or in Node
 * where node:worker_threads can be had synchronously (20.16 and later). Undefined elsewhere.
 * `detached` (Node): the helpers never keep the process alive, not even while they start.
 */
export function spawnNow(
  sources: HelperSources,
  data: HelperData[],
  detached: boolean,
): Helper[] | undefined {
  const host = threadSupport().host;
  if (host === "web") return data.map((d) => webHelper(sources.web, d));
  const wt = builtin<WorkerThreadsModule>("node:worker_threads");
  return wt && data.map((d) => nodeHelper(wt, sources.node, d, detached));
}

/** spawnNow, or in Node without process.getBuiltinModule, after importing node:worker_threads. */
export async function spawn(
  sources: HelperSources,
  data: HelperData[],
  detached: boolean,
): Promise<Helper[] | undefined> {
  const now = spawnNow(sources, data, detached);
  if (now || threadSupport().host !== "node") return now;
  const name = "node:worker_threads"; // through a variable, so that bundlers leave it be
  const wt = (await import(/* @vite-ignore */ name)) as WorkerThreadsModule;
  return data.map((d) => nodeHelper(wt, sources.node, d, detached));
}

/** A worker_threads helper; unref'd once ready, so that it never keeps the process alive. */
function nodeHelper(
  wt: WorkerThreadsModule,
  source: string,
  workerData: HelperData,
  detached: boolean,
): Helper {
  const worker = new wt.Worker(source, { eval: true, workerData });
  if (detached) worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code: number) => reject(new Error(`wasm matmul worker exited (${code})`)));
  }).then(() => {
    worker.removeAllListeners();
    worker.on("error", () => undefined); // bands catch their own errors
    worker.unref();
  });
  return { terminate: () => void worker.terminate(), ready };
}

/** The Blob URL of the Web Worker helpers' script, made once. */
let webScript: string | undefined;

/** A module Web Worker helper, sent its data in a message (a shared memory may be posted so). */
function webHelper(source: string, data: HelperData): Helper {
  webScript ??= URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(webScript, { type: "module", name: `descent helper ${data.slot}` });
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`wasm matmul worker failed: ${e.message || "it could not start"}`));
    };
  });
  worker.postMessage(data);
  return { terminate: () => worker.terminate(), ready };
}
