/**
 * The browser row's TensorFlow.js page (tfjs-core with the wasm backend, its .wasm files served
 * from node_modules): W1's first 1000 epochs in a fresh page, then W4, the same graphs as
 * bench/workloads/tfjs.ts. Bundled by bench/browser.ts.
 */
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { BATCH, LR, type PageResult, type PageTask, array, init, seconds } from "./page_common.js";

type Vars = Record<string, tf.Variable>;

async function variables(workload: string): Promise<Vars> {
  const out: Vars = {};
  for (const [k, v] of Object.entries(await init(workload)))
    out[k] = tf.variable(tf.tensor(v.data, v.shape, "float32"), true, `${workload}.${k}`);
  return out;
}

const linear = (x: tf.Tensor, v: Vars, name: string): tf.Tensor =>
  tf.add(tf.matMul(x, v[`${name}.weight`], false, true), v[`${name}.bias`]);

/** PyTorch's BCELoss: each log clamped at -100. */
function bce(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const logP = tf.maximum(tf.log(p), -100);
  const log1mP = tf.maximum(tf.log(tf.sub(1, p)), -100);
  return tf.neg(tf.mean(tf.add(tf.mul(y, logP), tf.mul(tf.sub(1, y), log1mP)))) as tf.Scalar;
}

const tensor = async (name: string, dtype: "float32" | "int32"): Promise<tf.Tensor> => {
  const a = await array(name);
  return tf.tensor(a.data, a.shape, dtype);
};

export async function run(task: PageTask): Promise<PageResult> {
  tf.enableProdMode();
  setWasmPaths("/tfjs/");
  if (!(await tf.setBackend("wasm"))) throw new Error("tfjs: the wasm backend failed to start");
  await tf.ready();

  const X = await tensor("seed_X", "float32");
  const yCol = tf.reshape(tf.cast(await tensor("seed_y", "int32"), "float32"), [-1, 1]);
  const v = await variables("W1");
  let optimizer = tf.train.sgd(LR);
  const lossFn = (): tf.Scalar =>
    bce(tf.sigmoid(linear(tf.sigmoid(linear(X, v, "fc1")), v, "fc2")), yCol);
  let loss = NaN;
  let t0 = seconds();
  for (let epoch = 0; epoch < 1000; epoch++) {
    const cost = optimizer.minimize(lossFn, true);
    if (cost && (epoch + 1) % 100 === 0) loss = cost.dataSync()[0];
    cost?.dispose();
  }
  const w1 = { seconds: seconds() - t0, loss };

  const FX = await tensor("fashion_X", "float32");
  const yOneHot = tf.oneHot(await tensor("fashion_y", "int32"), 10);
  const n = FX.shape[0];
  const w = await variables("W4");
  optimizer = tf.train.sgd(LR);
  const train = (batches: number): { samples: number; loss: number } => {
    let done = 0;
    let samples = 0;
    let last = NaN;
    while (done < batches) {
      const perm = tf.util.createShuffledIndices(n);
      for (let i = 0; i < n && done < batches; i += BATCH, done++) {
        const idx = tf.tensor1d(Int32Array.from(perm.subarray(i, Math.min(i + BATCH, n))), "int32");
        const xb = tf.gather(FX, idx);
        const yb = tf.gather(yOneHot, idx);
        const cost = optimizer.minimize(
          () =>
            tf.losses.softmaxCrossEntropy(
              yb,
              linear(tf.relu(linear(xb, w, "fc1")), w, "fc2"),
            ) as tf.Scalar,
          true,
        );
        samples += idx.shape[0];
        if (done === batches - 1 && cost) last = cost.dataSync()[0];
        tf.dispose([idx, xb, yb, cost ?? []]);
      }
    }
    return { samples, loss: last };
  };
  train(task.warmupBatches);
  t0 = seconds();
  const r = train(task.batches);
  return {
    w1,
    w4: { rate: r.samples / (seconds() - t0), loss: r.loss },
    info: `tfjs ${tf.version_core} wasm, ${getThreadsCount()} thread(s)`,
  };
}
