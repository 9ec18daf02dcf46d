/**
 * W1-W5 in TensorFlow.js 4.22 (tfjs-core with the cpu or the wasm backend), written with
 * tf.variable, math ops and tf.train.sgd(...).minimize, so that both backends run the same graph.
 * The wasm backend loads its .wasm files from node_modules (setWasmPaths), never from the network;
 * in Node it runs SIMD on one thread. Prints one JSON WorkerReport line.
 * Run by bench/run.ts: `node bench/workloads/tfjs.ts --data DIR --plan FILE --backend cpu|wasm`
 * (through tsx).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";

import {
  BATCH,
  type Info,
  LR,
  type Manifest,
  type Sample,
  matmulKey,
  now,
  readArray,
  readInit,
  readManifest,
  workerArgs,
} from "../common.js";
import { timeMatmul } from "./matmul_timer.js";
import { type TaskOutput, serve, trainingTasks } from "./serve.js";

const { dataDir, plan, rest } = workerArgs(process.argv.slice(2));
const backend = rest[rest.indexOf("--backend") + 1] === "wasm" ? "wasm" : "cpu";
const manifest: Manifest = readManifest(dataDir);
const require = createRequire(import.meta.url);
const wasmDir = dirname(
  require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
);

/**
 * tfjs-core registers no gradients by itself: `@tensorflow/tfjs` (the union package) and bundlers
 * import `@tensorflow/tfjs-core/dist/register_all_gradients`, whose ES modules Node cannot load
 * as they are (extension-less imports). esbuild bundles them once into the data directory; they
 * register into tfjs's process-wide gradient registry and run on its global engine, which is how
 * tfjs supports more than one copy of tfjs-core in a process.
 */
async function registerGradients(dir: string): Promise<void> {
  const out = join(dir, "tfjs_register_all_gradients.mjs");
  if (!existsSync(out)) {
    const { build } = await import("esbuild");
    await build({
      entryPoints: [require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js")],
      bundle: true,
      format: "esm",
      platform: "node",
      outfile: out,
      logLevel: "error",
    });
  }
  await import(pathToFileURL(out).href);
}

// Production mode: no debug checks, and no "install tfjs-node" banner.
tf.enableProdMode();
await registerGradients(dataDir);
if (backend === "wasm") setWasmPaths(`${wasmDir}/`);
if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to start`);
await tf.ready();

// ---- data and models ------------------------------------------------------------------------

type Vars = Record<string, tf.Variable>;

/** The workload's initial parameters as tf.variables, weights in PyTorch's [out, in] layout. */
function variables(workload: string): Vars {
  const out: Vars = {};
  for (const [k, v] of Object.entries(readInit(dataDir, manifest, workload))) {
    out[k] = tf.variable(tf.tensor(v.data, v.shape, "float32"), true, `${workload}.${k}`);
  }
  return out;
}

function dispose(vars: Vars): void {
  for (const v of Object.values(vars)) v.dispose();
}

/** x W^T + b, as nn.Linear. */
const linear = (x: tf.Tensor, vars: Vars, name: string): tf.Tensor =>
  tf.add(tf.matMul(x, vars[`${name}.weight`], false, true), vars[`${name}.bias`]);

/** PyTorch's BCELoss: mean of -(y log p + (1 - y) log(1 - p)), each log clamped at -100. */
function bce(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const logP = tf.maximum(tf.log(p), -100);
  const log1mP = tf.maximum(tf.log(tf.sub(1, p)), -100);
  return tf.neg(tf.mean(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), log1mP)))) as tf.Scalar;
}

const tensorOf = (name: string, dtype: "float32" | "int32"): tf.Tensor =>
  tf.tensor(readArray(dataDir, manifest, name), manifest[name].shape, dtype);

let seedData: { X: tf.Tensor; yCol: tf.Tensor; yOneHot3: tf.Tensor } | undefined;
function seed(): NonNullable<typeof seedData> {
  if (!seedData) {
    const y = tensorOf("seed_y", "int32");
    seedData = {
      X: tensorOf("seed_X", "float32"),
      yCol: tf.reshape(tf.cast(y, "float32"), [-1, 1]),
      yOneHot3: tf.oneHot(y, 3),
    };
    y.dispose();
  }
  return seedData;
}

let fashionData: { X: tf.Tensor; yOneHot: tf.Tensor; n: number } | undefined;
function fashion(): NonNullable<typeof fashionData> {
  if (!fashionData) {
    const y = tensorOf("fashion_y", "int32");
    const X = tensorOf("fashion_X", "float32");
    fashionData = { X, yOneHot: tf.oneHot(y, 10), n: X.shape[0] };
    y.dispose();
  }
  return fashionData;
}

// ---- training loops -------------------------------------------------------------------------

function fullBatch(workload: "W1" | "W2", epochs: number): { seconds: number; loss: number } {
  const { X, yCol, yOneHot3 } = seed();
  const v = variables(workload);
  const optimizer = tf.train.sgd(LR);
  const lossFn =
    workload === "W1"
      ? (): tf.Scalar => bce(tf.sigmoid(linear(tf.sigmoid(linear(X, v, "fc1")), v, "fc2")), yCol)
      : // The seed's softmax before the cross-entropy, kept.
        (): tf.Scalar =>
          tf.losses.softmaxCrossEntropy(yOneHot3, tf.softmax(linear(X, v, "fc"))) as tf.Scalar;
  let last = NaN;
  const t0 = now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const cost = optimizer.minimize(lossFn, true);
    if (cost && ((epoch + 1) % 100 === 0 || epoch === epochs - 1)) last = cost.dataSync()[0];
    cost?.dispose();
  }
  const seconds = now() - t0;
  optimizer.dispose();
  dispose(v);
  return { seconds, loss: last };
}

function miniBatch(
  workload: "W3" | "W4",
  batches: number,
): { seconds: number; samples: number; loss: number } {
  const { X, yOneHot, n } = fashion();
  const v = variables(workload);
  const optimizer = tf.train.sgd(LR);
  const forward =
    workload === "W3"
      ? (x: tf.Tensor): tf.Tensor => linear(x, v, "fc")
      : (x: tf.Tensor): tf.Tensor => linear(tf.relu(linear(x, v, "fc1")), v, "fc2");
  let done = 0;
  let samples = 0;
  let last = NaN;
  const t0 = now();
  while (done < batches) {
    const perm = tf.util.createShuffledIndices(n);
    for (let i = 0; i < n && done < batches; i += BATCH, done++) {
      const idx = tf.tensor1d(Int32Array.from(perm.subarray(i, Math.min(i + BATCH, n))), "int32");
      const xb = tf.gather(X, idx);
      const yb = tf.gather(yOneHot, idx);
      const cost = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(yb, forward(xb)) as tf.Scalar,
        true,
      );
      samples += idx.shape[0];
      if (done === batches - 1 && cost) last = cost.dataSync()[0];
      tf.dispose([idx, xb, yb, cost ?? []]);
    }
  }
  const seconds = now() - t0;
  optimizer.dispose();
  dispose(v);
  return { seconds, samples, loss: last };
}

// ---- the tasks ------------------------------------------------------------------------------

/** W5 runs its warm-up product once (W1-W4 warm up in trainingTasks). */
const warmedUp = new Set<string>();

function matmulTask(): TaskOutput {
  const results: Record<string, Sample> = {};
  for (const [m, k, n] of plan.matmulShapes) {
    const a = tf.randomUniform([m, k], -1, 1, "float32", 1);
    const b = tf.randomUniform([k, n], -1, 1, "float32", 2);
    const value = timeMatmul(
      () => tf.matMul(a, b).dispose(),
      2 * m * k * n,
      plan.matmulMinSeconds,
      plan.matmulWarmup && !warmedUp.has("W5"),
    );
    results[matmulKey(m, k, n, 1)] = { unit: "GFLOP/s", value, note: `tfjs ${backend}, 1 thread` };
    tf.dispose([a, b]);
  }
  warmedUp.add("W5");
  return { results };
}

const pkg = JSON.parse(
  readFileSync(
    join(dirname(require.resolve("@tensorflow/tfjs-core")), "..", "package.json"),
    "utf8",
  ),
) as { version: string };
const info = (): Info => ({
  backend: tf.getBackend(),
  simd: backend === "wasm" && tf.env().getBool("WASM_HAS_SIMD_SUPPORT"),
  threads: backend === "wasm" && tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? "several" : 1,
  tensorsAlive: tf.memory().numTensors,
});

await serve(
  { framework: `tfjs-${backend}`, version: pkg.version, info: info() },
  {
    ...trainingTasks(plan, fullBatch, miniBatch),
    W5: matmulTask,
  },
  info,
);
