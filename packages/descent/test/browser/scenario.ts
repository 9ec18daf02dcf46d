/**
 * The browser scenario: one module that the browser test bundles (esbuild, platform "browser")
 * and runs in Chromium, and that the same test imports and runs in Node, so that the two sets of
 * numbers come from the same code.
 *
 * It imports descent's browser-safe modules, not src/index.ts: the public index re-exports
 * src/io, whose file readers import node:fs, node:path, node:zlib, node:crypto and node:module,
 * which a browser bundle cannot resolve (see browser.test.ts). Everything here is also in the
 * public API (tensor, nn, optim, datasets, the backend registry and backendInfo, safetensors).
 */
import { backendInfo, getBackend, listBackends, setBackend } from "../../src/browser.js";
import { datasets } from "../../src/browser.js";
import { io } from "../../src/browser.js";
import { nn } from "../../src/browser.js";
import { optim } from "../../src/browser.js";
import { Generator, arange, noGrad, randn, tensor, type Tensor } from "../../src/browser.js";

/** The backends the scenario runs on. */
export const BACKENDS = ["js", "wasm"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Full-batch epochs of the 4-10-1 net. */
export const EPOCHS = 50;
/** Shapes of the matmul: [M, K] x [K, N]. */
export const MATMUL = { m: 128, k: 256, n: 64 } as const;

export interface TrainResult {
  /** The loss before each step (float32 values as JS numbers). */
  losses: number[];
  /** Accuracy on the training set after the last step. */
  accuracy: number;
  /** Every parameter after training, in state-dict order, flattened. */
  params: number[];
  ms: number;
}

export interface ScenarioResult {
  env: {
    /** backendInfo().simd: WebAssembly validates a module that returns a v128. */
    wasmSimd: boolean;
    /** The backend descent picked by itself, before the scenario sets any. */
    defaultBackend: string;
    backends: string[];
    /** After the runs: whether the wasm kernel compiled, and with relaxed-SIMD FMA. */
    wasmKernelReady: boolean;
    wasmRelaxedSimd: boolean;
  };
  /** Sums of the generated data set, to show both sides trained on the same numbers. */
  data: { xSum: number; ySum: number; shape: number[] };
  train: Record<BackendName, TrainResult>;
  /** [M, N] product of two seeded randn matrices, row-major. */
  matmul: Record<BackendName, { values: number[]; ms: number }>;
  safetensors: {
    /** The encoded bytes (of the js-trained state dict plus a float64 and an int32 tensor). */
    bytes: number[];
    keys: string[];
    metadata: Record<string, string>;
    /** Every decoded tensor has its original dtype, shape and values, bit for bit. */
    roundTripExact: boolean;
  };
  totalMs: number;
}

/** The seed's two-layer sigmoid network (examples/seed_mlp.ts), initialised from `g`. */
class SeedNet extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  sigmoid = new nn.Sigmoid();

  constructor(g: Generator) {
    super();
    this.fc1 = new nn.Linear(4, 10, { generator: g });
    this.fc2 = new nn.Linear(10, 1, { generator: g });
  }

  forward(x: Tensor): Tensor {
    return this.sigmoid.forward(this.fc2.forward(this.sigmoid.forward(this.fc1.forward(x))));
  }
}

function seedData(): { X: Tensor; y: Tensor } {
  const { X, y } = datasets.makeClassification({
    nSamples: 200,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
  return { X, y: y.float().view(-1, 1) };
}

function values(t: Tensor): number[] {
  return Array.from(t.value.data, Number);
}

/** Runs `fn` on backend `name`, restoring the previous backend afterwards. */
function onBackend<T>(name: string, fn: () => T): T {
  const before = getBackend().name;
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(before);
  }
}

function train(X: Tensor, y: Tensor): { model: SeedNet; result: TrainResult } {
  const t0 = performance.now();
  const model = new SeedNet(new Generator(0));
  const criterion = new nn.BCELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const loss = criterion.forward(model.forward(X), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  const accuracy = noGrad(() => model.forward(X).ge(0.5).float().eq(y).float().mean().item());
  const params = Object.values(model.stateDict()).flatMap(values);
  return { model, result: { losses, accuracy, params, ms: performance.now() - t0 } };
}

function matmul(): { values: number[]; ms: number } {
  const a = randn([MATMUL.m, MATMUL.k], { generator: new Generator(1) });
  const b = randn([MATMUL.k, MATMUL.n], { generator: new Generator(2) });
  const t0 = performance.now();
  const c = a.matmul(b);
  const ms = performance.now() - t0;
  return { values: values(c), ms };
}

function sameTensor(a: Tensor, b: Tensor): boolean {
  if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return false;
  const x = a.value.data;
  const y = b.value.data;
  // Object.is: bit-exact for these values (no NaNs), and tells -0 from 0.
  return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
}

function safetensorsRoundTrip(model: nn.Module): ScenarioResult["safetensors"] {
  const tensors: Record<string, Tensor> = {
    ...model.stateDict(),
    "extra.f64": tensor([Math.PI, -0, 1e-300, -2.5], { dtype: "float64" }),
    "extra.i32": arange(-3, 3, 1, { dtype: "int32" }).view(2, 3),
  };
  const metadata = { format: "pt", producer: "descent browser test" };
  const bytes = io.encodeSafetensors(tensors, metadata);
  const decoded = io.decodeSafetensors(bytes, "scenario");
  const keys = Object.keys(decoded.tensors).sort();
  const roundTripExact =
    keys.join() === Object.keys(tensors).sort().join() &&
    keys.every((k) => sameTensor(decoded.tensors[k], tensors[k]));
  return { bytes: Array.from(bytes), keys, metadata: decoded.metadata, roundTripExact };
}

/** Runs everything; leaves the backend as it found it. */
export function runScenario(): ScenarioResult {
  const t0 = performance.now();
  const defaultBackend = getBackend().name;
  const { X, y } = seedData();
  const data = { xSum: X.double().sum().item(), ySum: y.sum().item(), shape: X.shape };

  const trained = {} as Record<BackendName, ReturnType<typeof train>>;
  const products = {} as Record<BackendName, ReturnType<typeof matmul>>;
  for (const name of BACKENDS) {
    trained[name] = onBackend(name, () => train(X, y));
    products[name] = onBackend(name, matmul);
  }
  const info = backendInfo();
  return {
    env: {
      wasmSimd: info.simd,
      defaultBackend,
      backends: listBackends(),
      wasmKernelReady: info.wasmReady,
      wasmRelaxedSimd: info.relaxedSimd,
    },
    data,
    train: { js: trained.js.result, wasm: trained.wasm.result },
    matmul: products,
    safetensors: safetensorsRoundTrip(trained.js.model),
    totalMs: performance.now() - t0,
  };
}
