/**
 * Writes the bench's inputs to a directory, once per run, for every framework to read: the seed's
 * data (scikit-learn's make_classification through descent's bit-exact port), Fashion-MNIST-shaped
 * random data for W3 and W4, and the initial parameters of each workload's model (descent's
 * PyTorch-style initialisation from a fixed seed), so that all frameworks start from the same
 * weights and their final losses can be compared.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { datasets } from "../packages/descent/src/data/index.js";
import { Generator, nn, type Tensor } from "../packages/descent/src/index.js";
import { FASHION, type Manifest, type WorkloadId } from "./common.js";

/** Fixed seeds: the data and the weights are the same run after run. */
const FASHION_SEED = 20240613;
const INIT_SEED = 0;

/** xorshift32 stream, uniform floats in [0, 1) with 24-bit resolution. */
function fashionData(): { X: Float32Array; y: Int32Array } {
  const { n, features, classes } = FASHION;
  const X = new Float32Array(n * features);
  const y = new Int32Array(n);
  let s = FASHION_SEED >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 8) / 16777216;
  };
  for (let i = 0; i < X.length; i++) X[i] = next();
  for (let i = 0; i < n; i++) y[i] = Math.floor(next() * classes);
  return { X, y };
}

/** A bag of named layers; only its state dict is used. */
class Layers extends nn.Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** The models of W1-W4 with their PyTorch attribute names, in descent. */
export function initialModels(): Record<string, nn.Module> {
  const g = new Generator(INIT_SEED);
  const lin = (i: number, o: number): nn.Linear => new nn.Linear(i, o, { generator: g });
  // Attribute names (fc1, fc2) become the state-dict keys, as in PyTorch.
  const model = (layers: Record<string, nn.Linear>): nn.Module =>
    Object.assign(new Layers(), layers);
  return {
    W1: model({ fc1: lin(4, 10), fc2: lin(10, 1) }),
    W2: model({ fc: lin(4, 3) }),
    W3: model({ fc: lin(FASHION.features, FASHION.classes) }),
    W4: model({ fc1: lin(FASHION.features, 256), fc2: lin(256, FASHION.classes) }),
  };
}

/** Writes the arrays the selected workloads need, and manifest.json describing them. */
export function writeData(dir: string, workloads: readonly WorkloadId[]): Manifest {
  const manifest: Manifest = {};
  const put = (name: string, a: Float32Array | Int32Array, shape: number[]): void => {
    const file = `${name}.bin`;
    writeFileSync(join(dir, file), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    manifest[name] = { file, dtype: a instanceof Float32Array ? "float32" : "int32", shape };
  };
  const seed = datasets.makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  put("seed_X", seed.X.toTypedArray() as Float32Array, seed.X.shape);
  put("seed_y", Int32Array.from(seed.y.toTypedArray()), seed.y.shape);
  if (workloads.includes("W3") || workloads.includes("W4")) {
    const { X, y } = fashionData();
    put("fashion_X", X, [FASHION.n, FASHION.features]);
    put("fashion_y", y, [FASHION.n]);
  }
  for (const [w, m] of Object.entries(initialModels())) {
    for (const [k, t] of Object.entries(m.stateDict())) {
      put(`${w}.${k}`, Float32Array.from(t.toTypedArray()), t.shape);
    }
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 1));
  return manifest;
}
