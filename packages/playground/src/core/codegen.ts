/**
 * The run as a program: a descent TypeScript program and the equivalent PyTorch one. The
 * TypeScript one prints the page's losses exactly (same data, same seeded initial weights, same
 * batch order); the PyTorch one starts from the page's initial weights (written into it) on
 * scikit-learn's / numpy's same data, so with full batches it prints the same losses up to float32
 * rounding (test/torch_golden.test.ts); with mini-batches its sample order, and with dropout its
 * masks, are torch's own. Pure: strings from a Config.
 */
import type { Config, DataConfig } from "./config.js";
import { DERIVED_LABELS, isRegression, outputUnits } from "./config.js";

export interface InitialWeights {
  /** Per Linear layer: weight [out, in] row-major and bias. */
  layers: { w: ArrayLike<number>; b: ArrayLike<number> }[];
}

const num = (v: number): string => String(v);

/** The data set's creation in TypeScript (X float32 [n, d], y int32 or float32 [n]). */
function tsData(d: DataConfig): string {
  const n = d.nSamples;
  switch (d.name) {
    case "classification":
      return `const { X, y } = datasets.makeClassification({
  nSamples: ${n}, nFeatures: ${d.nFeatures}, nInformative: ${d.nInformative}, nRedundant: 0,
  nClasses: ${d.nClasses}, flipY: ${num(d.noise)}, randomState: ${d.seed},
});`;
    case "moons":
      return `const { X, y } = datasets.makeMoons({ nSamples: ${n}, noise: ${num(d.noise)}, randomState: ${d.seed} });`;
    case "circles":
      return `const { X, y } = datasets.makeCircles({ nSamples: ${n}, noise: ${num(d.noise)}, factor: 0.5, randomState: ${d.seed} });`;
    case "blobs":
      return `const { X, y } = datasets.makeBlobs({ nSamples: ${n}, centers: ${d.nClasses}, clusterStd: ${num(d.noise)}, randomState: ${d.seed} });`;
    case "xor":
      return `// XOR: uniform points in [-1, 1]², class 1 where x1·x2 > 0, then noise on X
const rs = new data.RandomState(${d.seed});
const p = rs.uniform(-1, 1, [${n}, 2]);
const e = rs.standardNormal([${n}, 2]);
const X = fromTypedArray(Float32Array.from(p, (v, i) => v + ${num(d.noise)} * e[i]), [${n}, 2]);
const y = fromTypedArray(Int32Array.from({ length: ${n} }, (_, i) => (p[2 * i] * p[2 * i + 1] > 0 ? 1 : 0)), [${n}]);`;
    case "spiral":
      return `// Two spirals (class 0 then class 1), noise on X
const e = new data.RandomState(${d.seed}).standardNormal([${n}, 2]);
const half = Math.ceil(${n} / 2);
const pts = new Float64Array(${2 * n});
const labels = new Int32Array(${n});
for (let i = 0; i < ${n}; i++) {
  const cls = i < half ? 0 : 1;
  const r = (cls === 0 ? i : i - half) / half;
  const t = 1.75 * r * 2 * Math.PI + cls * Math.PI;
  pts[2 * i] = r * Math.sin(t) + ${num(d.noise)} * e[2 * i];
  pts[2 * i + 1] = r * Math.cos(t) + ${num(d.noise)} * e[2 * i + 1];
  labels[i] = cls;
}
const X = fromTypedArray(Float32Array.from(pts), [${n}, 2]);
const y = fromTypedArray(labels, [${n}]);`;
    case "plane":
    case "gaussians": {
      const f =
        d.name === "plane"
          ? "0.6 * a - 0.4 * b"
          : "[[-0.5, -0.5, 1], [0.5, 0.5, 1], [-0.5, 0.5, -1], [0.5, -0.5, -1]].reduce((s, [cx, cy, k]) => s + k * Math.exp(-((a - cx) ** 2 + (b - cy) ** 2) / 0.18), 0)";
      return `// Regression: uniform points in [-1, 1]², y = ${d.name === "plane" ? "0.6 x1 - 0.4 x2" : "a mix of four Gaussian bumps"} + noise
const rs = new data.RandomState(${d.seed});
const pts = rs.uniform(-1, 1, [${n}, 2]);
const e = rs.standardNormal(${n});
const X = fromTypedArray(Float32Array.from(pts), [${n}, 2]);
const y = fromTypedArray(
  Float32Array.from(e, (ei, i) => {
    const [a, b] = [pts[2 * i], pts[2 * i + 1]];
    return ${f} + ${num(d.noise)} * ei;
  }),
  [${n}],
);`;
    }
    case "csv":
      return `// Your CSV: load it with data.parseCsv(text) (the label is its last column)
const { X, y } = data.parseCsv(readFileSync("data.csv", "utf8"));`;
  }
}

const ACT_TS = {
  sigmoid: "nn.Sigmoid()",
  relu: "nn.ReLU()",
  tanh: "nn.Tanh()",
  linear: "nn.Identity()",
};
const ACT_PY = {
  sigmoid: "nn.Sigmoid()",
  relu: "nn.ReLU()",
  tanh: "nn.Tanh()",
  linear: "nn.Identity()",
};

/** Layer sizes, input first. */
function sizes(c: Config, nClasses: number): number[] {
  return [c.columns.length + c.derived.length, ...c.hidden, outputUnits(c, nClasses)];
}

function layerLines(c: Config, nClasses: number, py: boolean): string[] {
  const s = sizes(c, nClasses);
  const lines: string[] = [];
  for (let l = 0; l + 1 < s.length; l++) {
    lines.push(
      py
        ? `nn.Linear(${s[l]}, ${s[l + 1]}),`
        : `new nn.Linear(${s[l]}, ${s[l + 1]}, { generator }),`,
    );
    const last = l + 2 === s.length;
    if (!last) {
      lines.push(`${py ? "" : "new "}${(py ? ACT_PY : ACT_TS)[c.activations[l]]},`);
      if (c.dropout > 0)
        lines.push(
          py ? `nn.Dropout(${c.dropout}),` : `new nn.Dropout(${c.dropout}, { generator: masks }),`,
        );
    } else if (c.output === "sigmoid") lines.push(`${py ? "" : "new "}nn.Sigmoid(),`);
    else if (c.output === "softmax")
      lines.push(
        py
          ? "nn.Softmax(dim=1),  # the seed's softmax before CrossEntropyLoss"
          : "new nn.Softmax(1), // the seed's softmax before CrossEntropyLoss",
      );
  }
  return lines;
}

/** Dropout layers exist: a probability above 0 and a hidden layer to follow. */
const hasDropout = (c: Config): boolean => c.dropout > 0 && c.hidden.length > 0;

function needsInputs(c: Config, d: number): boolean {
  return c.derived.length > 0 || c.columns.length !== d || c.columns.some((j, i) => j !== i);
}

function tsInputs(c: Config): string {
  const w = c.columns.length + c.derived.length;
  const parts = [
    ...c.columns.map((j) => `x[r + ${j}]`),
    ...c.derived.map(
      (f) =>
        ({
          x1sq: "a * a",
          x2sq: "b * b",
          x1x2: "a * b",
          sinx1: "Math.sin(a)",
          sinx2: "Math.sin(b)",
        })[f],
    ),
  ];
  return `
/** The model's inputs: ${[...c.columns.map((j) => `x${j + 1}`), ...c.derived.map((f) => DERIVED_LABELS[f])].join(", ")}. */
function inputs(X: Tensor): Tensor {
  const [n, d] = X.shape;
  const x = X.toTypedArray();
  const out = new Float32Array(n * ${w});
  for (let i = 0; i < n; i++) {
    const r = i * d;
    const [a, b] = [x[r], x[r + 1]];
    out.set([${parts.join(", ")}], i * ${w});
  }
  return fromTypedArray(out, [n, ${w}]);
}
`;
}

/** The descent TypeScript program of this run, printing `epochs` epochs' losses. */
export function toTypeScript(c: Config, nClasses: number, epochs: number): string {
  const d = c.data;
  const ce = c.loss === "ce";
  const target = ce ? "" : ".float().view(-1, 1)";
  const feat = needsInputs(c, d.nFeatures);
  const lossCls = { bce: "BCELoss", ce: "CrossEntropyLoss", mse: "MSELoss" }[c.loss];
  const opt =
    c.optimizer === "sgd"
      ? `new optim.SGD(model.parameters(), { lr: ${c.lr}${c.momentum ? `, momentum: ${c.momentum}` : ""}${c.nesterov && c.momentum ? ", nesterov: true" : ""} })`
      : c.optimizer === "adam"
        ? `new optim.Adam(model.parameters(), { lr: ${c.lr} })`
        : `new optim.AdamW(model.parameters(), { lr: ${c.lr}, weightDecay: ${c.weightDecay} })`;
  const reg = c.regularizer !== "none" && c.regRate > 0;
  const hasTest = d.testRatio > 0;
  const drop = hasDropout(c);
  const imports = ["DataLoader", "Generator", "TensorDataset", "nn", "noGrad", "optim"];
  if (["classification", "moons", "circles", "blobs"].includes(d.name)) imports.push("datasets");
  if (["xor", "spiral", "plane", "gaussians", "csv"].includes(d.name)) imports.push("data");
  if (["xor", "spiral", "plane", "gaussians"].includes(d.name) || feat)
    imports.push("fromTypedArray");
  if (hasTest) imports.push("trainTestSplit");
  const typeImport = feat || reg ? `import type { Tensor } from "descent";\n` : "";
  const fs = d.name === "csv" ? `import { readFileSync } from "node:fs";\n` : "";
  const split = hasTest
    ? `const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: ${d.testRatio}, randomState: ${d.seed} });`
    : `const [XTrain, yTrain] = [X, y];`;
  const wrap = (v: string) => (feat ? `inputs(${v})` : v);
  const linearIdx: number[] = [];
  layerLines(c, nClasses, false).forEach((l, i) => l.includes("Linear") && linearIdx.push(i));
  return `// descent playground run (${isRegression(c) ? "regression" : "classification"}): npx tsx run.ts
${fs}import { ${imports.sort().join(", ")} } from "descent";
${typeImport}
${tsData(d)}
${split}
${feat ? tsInputs(c) : ""}
const xTrain = ${wrap("XTrain")};
const tTrain = yTrain${target};
${hasTest ? `const xTest = ${wrap("XTest")};\nconst tTest = yTest${target};\n` : ""}
const generator = new Generator(${c.initSeed}); // the initial weights
${
  drop
    ? `const masks = new Generator(${c.initSeed + 2}); // the dropout masks (drawn in train() only)
`
    : ""
}const model = new nn.Sequential(
${layerLines(c, nClasses, false)
  .map((l) => `  ${l}`)
  .join("\n")}
);
const criterion = new nn.${lossCls}();
const optimizer = ${opt};
${
  reg
    ? `\n/** ${c.regularizer.toUpperCase()} penalty on the weights (not the biases), rate ${c.regRate}. */
const penalty = (): Tensor =>
  [${linearIdx.map((i) => `(model[${i}] as nn.Linear).weight`).join(", ")}]
    .map((w) => w.${c.regularizer === "l1" ? "abs()" : "square()"}.sum())
    .reduce((a, b) => a.add(b))
    .mul(${c.regRate});
`
    : ""
}
const n = xTrain.shape[0];
const batchSize = ${c.batchSize === 0 ? "n" : `Math.min(${c.batchSize}, n)`}; // ${c.batchSize === 0 ? "batch gradient descent" : c.batchSize === 1 ? "stochastic gradient descent" : "mini-batch gradient descent"}
const loader = new DataLoader(new TensorDataset(xTrain, tTrain), {
  batchSize,
  shuffle: batchSize < n,
  generator: new Generator(${c.initSeed + 1}),
});

for (let epoch = 1; epoch <= ${epochs}; epoch++) {
  model.train();
  let sum = 0;
  for (const [xb, yb] of loader) {
    const loss = criterion.forward(model.forward(xb), yb);
    optimizer.zeroGrad();
    ${reg ? "loss.add(penalty()).backward();" : "loss.backward();"}
    optimizer.step();
    sum += loss.item() * xb.shape[0];
  }
  model.eval();
${hasTest ? "  const testLoss = noGrad(() => criterion.forward(model.forward(xTest), tTest).item());\n" : ""}  console.log(\`epoch \${epoch}, train loss \${(sum / n).toFixed(6)}${hasTest ? ", test loss ${testLoss.toFixed(6)}" : ""}\`);
}
`;
}

function pyData(d: DataConfig): string {
  const n = d.nSamples;
  switch (d.name) {
    case "classification":
      return `from sklearn.datasets import make_classification
X, y = make_classification(n_samples=${n}, n_features=${d.nFeatures}, n_informative=${d.nInformative}, n_redundant=0,
                           n_classes=${d.nClasses}, flip_y=${num(d.noise)}, random_state=${d.seed})`;
    case "moons":
      return `from sklearn.datasets import make_moons
X, y = make_moons(n_samples=${n}, noise=${num(d.noise)}, random_state=${d.seed})`;
    case "circles":
      return `from sklearn.datasets import make_circles
X, y = make_circles(n_samples=${n}, noise=${num(d.noise)}, factor=0.5, random_state=${d.seed})`;
    case "blobs":
      return `from sklearn.datasets import make_blobs
X, y = make_blobs(n_samples=${n}, centers=${d.nClasses}, cluster_std=${num(d.noise)}, random_state=${d.seed})`;
    case "xor":
      return `rs = np.random.RandomState(${d.seed})
p = rs.uniform(-1, 1, size=(${n}, 2))
X = p + ${num(d.noise)} * rs.standard_normal(size=(${n}, 2))
y = (p[:, 0] * p[:, 1] > 0).astype(np.int64)`;
    case "spiral":
      return `e = np.random.RandomState(${d.seed}).standard_normal(size=(${n}, 2))
half = -(-${n} // 2)
i = np.arange(${n}); cls = (i >= half).astype(np.int64)
r = np.where(cls == 0, i, i - half) / half
t = 1.75 * r * 2 * np.pi + cls * np.pi
X = np.stack([r * np.sin(t), r * np.cos(t)], axis=1) + ${num(d.noise)} * e
y = cls`;
    case "plane":
    case "gaussians":
      return `rs = np.random.RandomState(${d.seed})
X = rs.uniform(-1, 1, size=(${n}, 2))
e = rs.standard_normal(size=${n})
a, b = X[:, 0], X[:, 1]
y = ${d.name === "plane" ? "0.6 * a - 0.4 * b" : "sum(k * np.exp(-((a - cx) ** 2 + (b - cy) ** 2) / 0.18) for cx, cy, k in [(-0.5, -0.5, 1), (0.5, 0.5, 1), (-0.5, 0.5, -1), (0.5, -0.5, -1)])"} + ${num(d.noise)} * e`;
    case "csv":
      return `table = np.loadtxt("data.csv", delimiter=",", skiprows=1)  # your CSV; the label is the last column
X, y = table[:, :-1], table[:, -1]`;
  }
}

const pyList = (v: ArrayLike<number>, cols?: number): string => {
  const a = Array.from(v, (x) => String(x));
  if (!cols) return `[${a.join(", ")}]`;
  const rows: string[] = [];
  for (let i = 0; i < a.length; i += cols) rows.push(`[${a.slice(i, i + cols).join(", ")}]`);
  return `[${rows.join(", ")}]`;
};

/** The equivalent PyTorch program, starting from the page's initial weights when given. */
export function toPyTorch(
  c: Config,
  nClasses: number,
  epochs: number,
  init: InitialWeights | null,
): string {
  const d = c.data;
  const ce = c.loss === "ce";
  const s = sizes(c, nClasses);
  const lossCls = { bce: "BCELoss", ce: "CrossEntropyLoss", mse: "MSELoss" }[c.loss];
  const opt =
    c.optimizer === "sgd"
      ? `optim.SGD(model.parameters(), lr=${c.lr}${c.momentum ? `, momentum=${c.momentum}` : ""}${c.nesterov && c.momentum ? ", nesterov=True" : ""})`
      : c.optimizer === "adam"
        ? `optim.Adam(model.parameters(), lr=${c.lr})`
        : `optim.AdamW(model.parameters(), lr=${c.lr}, weight_decay=${c.weightDecay})`;
  const linearIdx: number[] = [];
  layerLines(c, nClasses, true).forEach((l, i) => l.startsWith("nn.Linear") && linearIdx.push(i));
  const feats = [
    ...c.columns.map((j) => `X[:, ${j}]`),
    ...c.derived.map(
      (f) =>
        ({
          x1sq: "X[:, 0] ** 2",
          x2sq: "X[:, 1] ** 2",
          x1x2: "X[:, 0] * X[:, 1]",
          sinx1: "torch.sin(X[:, 0])",
          sinx2: "torch.sin(X[:, 1])",
        })[f],
    ),
  ];
  const feat = needsInputs(c, d.nFeatures);
  const hasTest = d.testRatio > 0;
  const reg = c.regularizer !== "none" && c.regRate > 0;
  const target = (v: string) =>
    ce
      ? `torch.tensor(${v}, dtype=torch.long)`
      : `torch.tensor(${v}, dtype=torch.float32).view(-1, 1)`;
  const initLines = init
    ? `
# The page's initial weights (descent's Generator(${c.initSeed}) is not torch's), so both start alike
with torch.no_grad():
${init.layers
  .map(
    (l, k) =>
      `    model[${linearIdx[k]}].weight.copy_(torch.tensor(${pyList(l.w, s[k])}))\n    model[${linearIdx[k]}].bias.copy_(torch.tensor(${pyList(l.b)}))`,
  )
  .join("\n")}
`
    : `\ntorch.manual_seed(${c.initSeed})  # not descent's Generator: the initial weights differ from the page's\n`;
  const dropLine = hasDropout(c)
    ? `torch.manual_seed(${c.initSeed + 2})  # dropout masks and batch order come from torch's generator, not descent's: the losses differ from the page's\n`
    : "";
  return `# descent playground run, as PyTorch: python3 run.py
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
${hasTest ? "from sklearn.model_selection import train_test_split\n" : ""}
${pyData(d)}
${hasTest ? `X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=${d.testRatio}, random_state=${d.seed})` : "X_train, y_train = X, y"}
${feat ? `\ndef inputs(X):\n    X = torch.tensor(X, dtype=torch.float32)\n    return torch.stack([${feats.join(", ")}], dim=1)\n` : `\ndef inputs(X):\n    return torch.tensor(X, dtype=torch.float32)\n`}
x_train, t_train = inputs(X_train), ${target("y_train")}
${hasTest ? `x_test, t_test = inputs(X_test), ${target("y_test")}\n` : ""}
model = nn.Sequential(
${layerLines(c, nClasses, true)
  .map((l) => `    ${l}`)
  .join("\n")}
)${initLines}${dropLine}
criterion = nn.${lossCls}()
optimizer = ${opt}
${reg ? `\ndef penalty():  # ${c.regularizer.toUpperCase()} on the weights, not the biases\n    return ${c.regRate} * sum(${c.regularizer === "l1" ? "m.weight.abs().sum()" : "(m.weight ** 2).sum()"} for m in model if isinstance(m, nn.Linear))\n` : ""}
n = len(x_train)
batch_size = ${c.batchSize === 0 ? "n" : `min(${c.batchSize}, n)`}
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, t_train), batch_size=batch_size, shuffle=batch_size < n)

for epoch in range(1, ${epochs + 1}):
    model.train()
    total = 0.0
    for xb, yb in loader:
        loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        ${reg ? "(loss + penalty()).backward()" : "loss.backward()"}
        optimizer.step()
        total += loss.item() * len(xb)
    model.eval()
${hasTest ? "    with torch.no_grad():\n        test_loss = criterion(model(x_test), t_test).item()\n" : ""}    print(f"epoch {epoch}, train loss {total / n:.6f}${hasTest ? ", test loss {test_loss:.6f}" : ""}")
`;
}
