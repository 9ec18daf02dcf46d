/**
 * W1-W5 in descent, through the public API as a user writes them; prints one JSON WorkerReport
 * line. Run by bench/run.ts: `node --expose-gc --import tsx bench/workloads/descent.ts --data DIR
 * --plan FILE [--backend js|wasm] [--threads N]`, or for the cold rows bundled to plain
 * JavaScript with `--built` (bench/built_worker.ts).
 */
import { availableParallelism } from "node:os";
import type * as Lib from "../../packages/descent/src/index.js";
import type { Tensor } from "../../packages/descent/src/index.js";
import type { Kernels } from "../../packages/descent/src/backend/kernel_table.js";
import {
  BATCH,
  type Info,
  LR,
  type Manifest,
  type MemoryPoint,
  type Sample,
  matmulKey,
  nodeMemory,
  now,
  readArray,
  readInit,
  readManifest,
  workerArgs,
} from "../common.js";
import { timeMatmul } from "./matmul_timer.js";
import { type TaskOutput, serve, trainingTasks } from "./serve.js";

const { dataDir, plan, rest } = workerArgs(process.argv.slice(2));
const option = (name: string): string | undefined => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const manifest: Manifest = readManifest(dataDir);

// The library as installed (`--built`: packages/descent/dist, what `npm install descent` gives and
// the cold rows run, see bench/built_worker.ts), or its source (under tsx).
const built = rest.includes("--built");
const lib = (
  built ? await import("descent" as string) : await import("../../packages/descent/src/index.js")
) as typeof Lib;
const {
  DataLoader,
  Generator,
  TensorDataset,
  backendInfo: libBackendInfo,
  fromTypedArray,
  getBackend,
  initWasm,
  listBackends,
  nn,
  noGrad,
  optim,
  setBackend,
} = lib;

const wasmThreads = (): number => libBackendInfo().threads;

const backendName = option("--backend");
if (backendName) setBackend(backendName);
const threads = option("--threads");
if (threads && getBackend().name === "wasm") await initWasm({ threads: Number(threads) });

// ---- data and models ------------------------------------------------------------------------

const tensorOf = (name: string): Tensor => {
  const a = readArray(dataDir, manifest, name);
  return fromTypedArray(a, manifest[name].shape);
};

let seedData: { X: Tensor; yFloat: Tensor; yLong: Tensor } | undefined;
function seed(): { X: Tensor; yFloat: Tensor; yLong: Tensor } {
  if (!seedData) {
    const X = tensorOf("seed_X");
    const yLong = tensorOf("seed_y");
    seedData = { X, yLong, yFloat: yLong.float().view(-1, 1) };
  }
  return seedData;
}

let fashionData: { X: Tensor; y: Tensor } | undefined;
function fashion(): { X: Tensor; y: Tensor } {
  fashionData ??= { X: tensorOf("fashion_X"), y: tensorOf("fashion_y") };
  return fashionData;
}

/** nn.Linear(in, out) holding the workload's initial weights for `name` (fc, fc1, fc2). */
function linear(workload: string, name: string): Lib.nn.Linear {
  const init = readInit(dataDir, manifest, workload);
  const w = init[`${name}.weight`];
  const layer = new nn.Linear(w.shape[1], w.shape[0]);
  layer.loadStateDict({
    weight: fromTypedArray(w.data, w.shape),
    bias: fromTypedArray(init[`${name}.bias`].data, init[`${name}.bias`].shape),
  });
  return layer;
}

/** The seed's first network: 4 -> 10 -> 1 with sigmoids (trained with BCELoss). */
class LinearNet extends nn.Module {
  fc1 = linear("W1", "fc1");
  fc2 = linear("W1", "fc2");
  sigmoid = new nn.Sigmoid();

  forward(x: Tensor): Tensor {
    return this.sigmoid.forward(this.fc2.forward(this.sigmoid.forward(this.fc1.forward(x))));
  }
}

/** The seed's softmax regression, with its softmax before CrossEntropyLoss kept. */
class SoftmaxNet extends nn.Module {
  fc = linear("W2", "fc");

  forward(x: Tensor): Tensor {
    return this.fc.forward(x).softmax(1);
  }
}

/** d2l's softmax regression: one linear layer 784 -> 10 (the loss applies the softmax). */
class SoftmaxRegression extends nn.Module {
  fc = linear("W3", "fc");

  forward(x: Tensor): Tensor {
    return this.fc.forward(x);
  }
}

/** d2l's MLP: 784 -> 256 ReLU -> 10. */
class MLP extends nn.Module {
  fc1 = linear("W4", "fc1");
  fc2 = linear("W4", "fc2");
  relu = new nn.ReLU();

  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

// ---- training loops -------------------------------------------------------------------------

/**
 * The seed's full-batch loop for `epochs` epochs; reads the loss every 100 epochs as the seed's
 * print does. Returns the seconds of the loop alone and the last loss.
 */
function fullBatch(
  workload: "W1" | "W2",
  epochs: number,
  onEpoch?: (epoch: number) => void,
): { seconds: number; loss: number } {
  const { X, yFloat, yLong } = seed();
  const model = workload === "W1" ? new LinearNet() : new SoftmaxNet();
  const criterion = workload === "W1" ? new nn.BCELoss() : new nn.CrossEntropyLoss();
  const y = workload === "W1" ? yFloat : yLong;
  const optimizer = new optim.SGD(model.parameters(), { lr: LR });
  let last = NaN;
  const t0 = now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const outputs = model.forward(X);
    const loss = criterion.forward(outputs, y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    if ((epoch + 1) % 100 === 0 || epoch === epochs - 1) last = loss.item();
    onEpoch?.(epoch + 1);
  }
  return { seconds: now() - t0, loss: last };
}

/**
 * d2l's mini-batch loop over a shuffling DataLoader (a new permutation each epoch, batches
 * gathered with indexSelect), stopped after `batches` batches.
 */
function miniBatch(
  workload: "W3" | "W4",
  batches: number,
): { seconds: number; samples: number; loss: number } {
  const { X, y } = fashion();
  const model = workload === "W3" ? new SoftmaxRegression() : new MLP();
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: LR });
  const loader = new DataLoader(new TensorDataset(X, y), {
    batchSize: BATCH,
    shuffle: true,
    generator: new Generator(0),
  });
  let done = 0;
  let samples = 0;
  let loss: Tensor | undefined;
  const t0 = now();
  while (done < batches) {
    for (const [xb, yb] of loader) {
      loss = criterion.forward(model.forward(xb), yb);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      samples += xb.shape[0];
      if (++done === batches) break;
    }
  }
  const last = loss ? loss.item() : NaN;
  return { seconds: now() - t0, samples, loss: last };
}

// ---- the tasks ------------------------------------------------------------------------------

/** W5 runs its warm-up product once (W1-W4 warm up in trainingTasks). */
const warmedUp = new Set<string>();

function random(n: number, seedValue: number): Float32Array {
  const a = new Float32Array(n);
  let s = seedValue >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** W5: tensor.matmul (no grad), and the backend kernel called on the typed arrays directly. */
function matmuls(threadCount: 1 | 2, results: Record<string, Sample>, kernels: Kernels): void {
  for (const [m, k, n] of plan.matmulShapes) {
    const a = random(m * k, 1);
    const b = random(k * n, 2);
    const A = fromTypedArray(a, [m, k]);
    const B = fromTypedArray(b, [k, n]);
    const out = new Float32Array(m * n);
    const kernel = { name: getBackend().name, matmul: kernels.matmul };
    const flops = 2 * m * k * n;
    const note = `${kernel.name} backend, ${threadCount} thread${threadCount > 1 ? "s" : ""}`;
    const warm = plan.matmulWarmup && !warmedUp.has(`W5 t${threadCount}`);
    const time = (run: () => void): number => timeMatmul(run, flops, plan.matmulMinSeconds, warm);
    const viaTensor = noGrad(() => time(() => A.matmul(B)));
    results[matmulKey(m, k, n, threadCount)] = { unit: "GFLOP/s", value: viaTensor, note };
    const direct = time(() => kernel.matmul(a, 0, b, 0, out, 0, m, k, n, false, false));
    results[matmulKey(m, k, n, threadCount, "kernel")] = { unit: "GFLOP/s", value: direct, note };
  }
  warmedUp.add(`W5 t${threadCount}`);
}

async function matmulTask(): Promise<TaskOutput> {
  if (built)
    throw new Error("W5 runs on the library's source: its kernel rows call the backend's kernel");
  const { kernels } = await import("../../packages/descent/src/backend/registry.js");
  const results: Record<string, Sample> = {};
  // With --threads, every product already runs on that many threads (2 or more: the 2-thread rows).
  if (threads) {
    matmuls(Number(threads) >= 2 ? 2 : 1, results, kernels);
    return { results };
  }
  if (getBackend().name !== "wasm") {
    matmuls(1, results, kernels);
    return { results };
  }
  // By default large products use every core: time 1 thread, then 2, then go back to the default.
  try {
    await initWasm({ threads: 1 });
    matmuls(1, results, kernels);
    await initWasm({ threads: 2 });
    if (wasmThreads() === 2) matmuls(2, results, kernels);
  } finally {
    await initWasm({ threads: Math.min(availableParallelism(), 8) });
  }
  return { results };
}

/** W1 once more, untimed, reading memory after epoch 10 and after the last epoch. */
function memoryTask(): TaskOutput {
  const points: Record<number, MemoryPoint> = {};
  const last = plan.memoryEpochs;
  fullBatch("W1", last, (epoch) => {
    if (epoch === 10 || epoch === last) points[epoch] = nodeMemory();
  });
  return {
    memory: {
      gc: typeof (globalThis as { gc?: unknown }).gc === "function",
      epochs: last,
      after10: points[10],
      afterLast: points[last],
    },
  };
}

const backendInfo = (): Info => {
  return {
    backend: getBackend().name,
    backends: listBackends().join(", "),
    wasmRelaxedSimd: libBackendInfo().relaxedSimd,
    // Without --threads, descent's default: every core (at most 8) for products of 2^20 and more.
    threads:
      getBackend().name !== "wasm"
        ? 1
        : threads
          ? wasmThreads()
          : Math.min(availableParallelism(), 8),
  };
};

await serve(
  { framework: "descent", version: "", info: backendInfo() },
  {
    ...trainingTasks(plan, fullBatch, miniBatch),
    W5: matmulTask,
    memory: memoryTask,
  },
  backendInfo,
);
