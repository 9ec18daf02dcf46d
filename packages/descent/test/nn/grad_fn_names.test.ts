/**
 * gradFn names against PyTorch 1.13 (test/fixtures/torch/grad_fn_names.json, written by
 * scripts/golden/grad_fn_names.py): for every loss of nn with each reduction, and issue 12's
 * functions, `String(y.gradFn)` is `<Name>` with PyTorch's name, and the nodes one level down
 * (inputs without a gradient left out, a leaf as `AccumulateGrad`) are PyTorch's. A row that
 * differs is listed in DIFFERS with its reason; a listed row that agrees fails too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/index.js";
import {
  F,
  Generator,
  cat,
  einsum,
  meshgrid,
  nn,
  rand,
  randn,
  stack,
  tensor,
  where,
} from "../../src/index.js";

interface Row {
  id: string;
  gradFn: string;
  next: string[];
}
const fx = JSON.parse(
  readFileSync(new URL("../fixtures/torch/grad_fn_names.json", import.meta.url), "utf8"),
) as { torch: string; rows: Row[] };

/** Rows where descent's graph differs from PyTorch's, each with its reason. */
const FUSED_CE =
  "cross-entropy of [N, C] logits and class indices is one fused node over the logits, for the " +
  "seed's speed (PyTorch's NllLossBackward0 sits over a LogSoftmaxBackward0)";
const FUSED_LINEAR =
  "linear is one fused node over the weight, for speed (PyTorch's has a TBackward0 below it)";
const DIFFERS: Record<string, string> = {
  ...Object.fromEntries(
    ["CrossEntropyLoss", "CrossEntropyLoss.weight"].flatMap((k) =>
      ["mean", "sum", "none"].map((r) => [`${k}.${r}`, FUSED_CE]),
    ),
  ),
  "F.linear": FUSED_LINEAR,
  "F.linearNoBias": FUSED_LINEAR,
  einsum:
    "descent's einsum multiplies and sums (SumBackward1 over MulBackward0); PyTorch's contracts " +
    "with bmm and ends in ViewBackward0 over PermuteBackward0",
};

const g = new Generator(0);
const leaf = (...shape: number[]) => randn(shape, { generator: g }).requiresGrad_();
const pos = (...shape: number[]) => rand(shape, { generator: g }).add(0.5).detach().requiresGrad_();
const unit = (...shape: number[]) =>
  rand(shape, { generator: g }).mul(0.8).add(0.1).detach().requiresGrad_();
const target = () => rand([4, 3], { generator: g });
const idx = () => tensor([0, 2, 1, 0], { dtype: "int32" });
const idx3d = () => tensor([0, 2, 1, 0, 1, 1, 2, 0], { dtype: "int32" }).view(2, 4);
const idx4d = () => tensor([0, 2, 1, 0, 1, 1, 2, 0], { dtype: "int32" }).view(2, 2, 2);

type R = nn.Reduction;
const LOSSES: Record<string, (r: R) => Tensor> = {
  MSELoss: (r) => new nn.MSELoss({ reduction: r }).forward(leaf(4, 3), target()),
  L1Loss: (r) => new nn.L1Loss({ reduction: r }).forward(leaf(4, 3), target()),
  SmoothL1Loss: (r) => new nn.SmoothL1Loss({ reduction: r }).forward(leaf(4, 3), target()),
  "SmoothL1Loss.beta0": (r) =>
    new nn.SmoothL1Loss({ reduction: r, beta: 0 }).forward(leaf(4, 3), target()),
  HuberLoss: (r) => new nn.HuberLoss({ reduction: r, delta: 0.5 }).forward(leaf(4, 3), target()),
  BCELoss: (r) => new nn.BCELoss({ reduction: r }).forward(unit(4, 3), target()),
  "BCELoss.weight": (r) =>
    new nn.BCELoss({ reduction: r, weight: rand([3]) }).forward(unit(4, 3), target()),
  BCEWithLogitsLoss: (r) =>
    new nn.BCEWithLogitsLoss({ reduction: r }).forward(leaf(4, 3), target()),
  "BCEWithLogitsLoss.posWeight": (r) =>
    new nn.BCEWithLogitsLoss({ reduction: r, weight: rand([3]), posWeight: rand([3]) }).forward(
      leaf(4, 3),
      target(),
    ),
  NLLLoss: (r) => new nn.NLLLoss({ reduction: r }).forward(leaf(4, 3), idx()),
  "NLLLoss.weight": (r) =>
    new nn.NLLLoss({ reduction: r, weight: rand([3]), ignoreIndex: 1 }).forward(leaf(4, 3), idx()),
  "NLLLoss.4d": (r) => new nn.NLLLoss({ reduction: r }).forward(leaf(2, 3, 2, 2), idx4d()),
  "NLLLoss.3d": (r) => new nn.NLLLoss({ reduction: r }).forward(leaf(2, 3, 4), idx3d()),
  CrossEntropyLoss: (r) => new nn.CrossEntropyLoss({ reduction: r }).forward(leaf(4, 3), idx()),
  "CrossEntropyLoss.weight": (r) =>
    new nn.CrossEntropyLoss({ reduction: r, weight: rand([3]) }).forward(leaf(4, 3), idx()),
  "CrossEntropyLoss.4d": (r) =>
    new nn.CrossEntropyLoss({ reduction: r }).forward(leaf(2, 3, 2, 2), idx4d()),
  "CrossEntropyLoss.3d": (r) =>
    new nn.CrossEntropyLoss({ reduction: r }).forward(leaf(2, 3, 4), idx3d()),
  "CrossEntropyLoss.probs": (r) =>
    new nn.CrossEntropyLoss({ reduction: r }).forward(leaf(4, 3), target().softmax(1)),
  "CrossEntropyLoss.smoothing": (r) =>
    new nn.CrossEntropyLoss({ reduction: r, labelSmoothing: 0.1 }).forward(leaf(4, 3), idx()),
  KLDivLoss: (r) => new nn.KLDivLoss({ reduction: r }).forward(leaf(4, 3), target()),
  "KLDivLoss.logTarget": (r) =>
    new nn.KLDivLoss({ reduction: r, logTarget: true }).forward(leaf(4, 3), target()),
  MarginRankingLoss: (r) =>
    new nn.MarginRankingLoss({ reduction: r, margin: 0.1 }).forward(
      leaf(4),
      leaf(4),
      tensor([1, -1, 1, -1]),
    ),
  MultiLabelSoftMarginLoss: (r) =>
    new nn.MultiLabelSoftMarginLoss({ reduction: r }).forward(leaf(4, 3), target().round()),
};

const FUNCTIONS: Record<string, () => Tensor> = {
  // elementwise
  add: () => leaf(4, 3).add(leaf(4, 3)),
  addScalar: () => leaf(4, 3).add(2),
  sub: () => leaf(4, 3).sub(leaf(4, 3)),
  rsub: () => leaf(4, 3).rsub(1),
  mul: () => leaf(4, 3).mul(leaf(4, 3)),
  mulScalar: () => leaf(4, 3).mul(2),
  div: () => leaf(4, 3).div(pos(4, 3)),
  divScalar: () => leaf(4, 3).div(2),
  pow: () => pos(4, 3).pow(2.5),
  powTensor: () => pos(4, 3).pow(leaf(4, 3)),
  neg: () => leaf(4, 3).neg(),
  exp: () => leaf(4, 3).exp(),
  log: () => pos(4, 3).log(),
  sqrt: () => pos(4, 3).sqrt(),
  abs: () => leaf(4, 3).abs(),
  sigmoid: () => leaf(4, 3).sigmoid(),
  tanh: () => leaf(4, 3).tanh(),
  relu: () => leaf(4, 3).relu(),
  clamp: () => leaf(4, 3).clamp(-0.5, 0.5),
  clampMin: () => leaf(4, 3).clamp(0),
  sin: () => leaf(4, 3).sin(),
  cos: () => leaf(4, 3).cos(),
  tan: () => leaf(4, 3).tan(),
  asin: () => unit(4, 3).asin(),
  acos: () => unit(4, 3).acos(),
  atan: () => leaf(4, 3).atan(),
  atan2: () => leaf(4, 3).atan2(leaf(4, 3)),
  sinh: () => leaf(4, 3).sinh(),
  cosh: () => leaf(4, 3).cosh(),
  log2: () => pos(4, 3).log2(),
  log10: () => pos(4, 3).log10(),
  log1p: () => pos(4, 3).log1p(),
  expm1: () => leaf(4, 3).expm1(),
  sign: () => leaf(4, 3).sign(),
  floor: () => leaf(4, 3).floor(),
  ceil: () => leaf(4, 3).ceil(),
  round: () => leaf(4, 3).round(),
  trunc: () => leaf(4, 3).trunc(),
  frac: () => leaf(4, 3).frac(),
  reciprocal: () => pos(4, 3).reciprocal(),
  rsqrt: () => pos(4, 3).rsqrt(),
  square: () => leaf(4, 3).square(),
  maximum: () => leaf(4, 3).maximum(leaf(4, 3)),
  minimum: () => leaf(4, 3).minimum(leaf(4, 3)),
  fmod: () => leaf(4, 3).fmod(0.7),
  fmodTensor: () => leaf(4, 3).fmod(pos(4, 3)),
  remainder: () => leaf(4, 3).remainder(0.7),
  remainderTensor: () => leaf(4, 3).remainder(pos(4, 3)),
  lerp: () => leaf(4, 3).lerp(leaf(4, 3), 0.3),
  lerpTensor: () => leaf(4, 3).lerp(leaf(4, 3), leaf(4, 3)),
  erf: () => leaf(4, 3).erf(),
  where: () => where(rand([4, 3], { generator: g }).gt(0.5), leaf(4, 3), leaf(4, 3)),
  // activations as F.*
  "F.relu": () => F.relu(leaf(4, 3)),
  "F.sigmoid": () => F.sigmoid(leaf(4, 3)),
  "F.leakyRelu": () => F.leakyRelu(leaf(4, 3), 0.2),
  "F.elu": () => F.elu(leaf(4, 3)),
  "F.gelu": () => F.gelu(leaf(4, 3)),
  "F.geluTanh": () => F.gelu(leaf(4, 3), { approximate: "tanh" }),
  "F.silu": () => F.silu(leaf(4, 3)),
  "F.softplus": () => F.softplus(leaf(4, 3)),
  "F.mish": () => F.mish(leaf(4, 3)),
  "F.hardtanh": () => F.hardtanh(leaf(4, 3)),
  "F.relu6": () => F.relu6(leaf(4, 3)),
  "F.logsigmoid": () => F.logsigmoid(leaf(4, 3)),
  "F.softsign": () => F.softsign(leaf(4, 3)),
  "F.softmax": () => F.softmax(leaf(4, 3), 1),
  "F.logSoftmax": () => F.logSoftmax(leaf(4, 3), 1),
  "F.dropout": () => F.dropout(leaf(4, 3), { p: 0.5, generator: g }),
  "F.linear": () => F.linear(leaf(4, 3), leaf(2, 3), leaf(2)),
  "F.linearNoBias": () => F.linear(leaf(4, 3), leaf(2, 3)),
  // reductions and scans
  sum: () => leaf(4, 3).sum(),
  sumDim: () => leaf(4, 3).sum(1),
  mean: () => leaf(4, 3).mean(),
  meanDim: () => leaf(4, 3).mean(1),
  max: () => leaf(4, 3).max(),
  maxDim: () => leaf(4, 3).max(1).values,
  min: () => leaf(4, 3).min(),
  minDim: () => leaf(4, 3).min(1).values,
  std: () => leaf(4, 3).std(),
  stdDim: () => leaf(4, 3).std(1, { correction: 0 }),
  var: () => leaf(4, 3).var(),
  varDim: () => leaf(4, 3).var(1, { correction: 0 }),
  norm: () => leaf(4, 3).norm(),
  norm1: () => leaf(4, 3).norm(1),
  normInf: () => leaf(4, 3).norm(Infinity),
  normFro: () => leaf(4, 3).norm("fro"),
  normDim: () => leaf(4, 3).norm(2, 1),
  prod: () => leaf(4, 3).prod(),
  prodDim: () => leaf(4, 3).prod(1),
  cumsum: () => leaf(4, 3).cumsum(1),
  cumprod: () => leaf(4, 3).cumprod(1),
  logsumexp: () => leaf(4, 3).logsumexp(1),
  sort: () => leaf(4, 3).sort(1).values,
  topk: () => leaf(4, 3).topk(2, 1).values,
  kthvalue: () => leaf(4, 3).kthvalue(2, 1).values,
  median: () => leaf(4, 3).median(),
  medianDim: () => leaf(4, 3).median(1).values,
  // matmul family
  matmul: () => leaf(4, 3).matmul(leaf(3, 2)),
  mm: () => leaf(4, 3).mm(leaf(3, 2)),
  bmm: () => leaf(2, 4, 3).bmm(leaf(2, 3, 2)),
  dot: () => leaf(3).dot(leaf(3)),
  mv: () => leaf(4, 3).mv(leaf(3)),
  outer: () => leaf(4).outer(leaf(3)),
  trace: () => leaf(3, 3).trace(),
  tril: () => leaf(3, 3).tril(),
  triu: () => leaf(3, 3).triu(),
  einsum: () => einsum("ij,jk->ik", leaf(4, 3), leaf(3, 2)),
  // shape ops
  view: () => leaf(4, 3).view(3, 4),
  reshape: () => leaf(4, 3).reshape(12),
  transpose: () => leaf(4, 3).transpose(0, 1),
  t: () => leaf(4, 3).t(),
  permute: () => leaf(2, 4, 3).permute(2, 0, 1),
  squeeze: () => leaf(4, 1, 3).squeeze(1),
  unsqueeze: () => leaf(4, 3).unsqueeze(1),
  expand: () => leaf(1, 3).expand(4, 3),
  cat: () => cat([leaf(4, 3), leaf(2, 3)], 0),
  stack: () => stack([leaf(4, 3), leaf(4, 3)], 0),
  narrow: () => leaf(4, 3).narrow(0, 1, 2),
  select: () => leaf(4, 3).select(0, 1),
  clone: () => leaf(4, 3).clone(),
  repeat: () => leaf(4, 3).repeat(2, 1),
  tile: () => leaf(4, 3).tile([2, 2]),
  flip: () => leaf(4, 3).flip(0),
  roll: () => leaf(4, 3).roll(1, 0),
  chunk: () => leaf(4, 3).chunk(2, 0)[0],
  split: () => leaf(4, 3).split(2, 0)[0],
  unbind: () => leaf(4, 3).unbind(0)[0],
  movedim: () => leaf(2, 4, 3).movedim(0, 2),
  flatten: () => leaf(2, 4, 3).flatten(),
  flattenRange: () => leaf(2, 4, 3).flatten(1, 2),
  unflatten: () => leaf(4, 6).unflatten(1, [2, 3]),
  broadcastTo: () => leaf(1, 3).broadcastTo(4, 3),
  meshgrid: () => meshgrid([leaf(4), leaf(3)], { indexing: "ij" })[0],
};

function call(id: string): Tensor {
  const fn = FUNCTIONS[id];
  if (fn) return fn();
  const dot = id.lastIndexOf(".");
  const loss = LOSSES[id.slice(0, dot)];
  assert.ok(loss, `no descent call for row ${id}`);
  return loss(id.slice(dot + 1) as R);
}

/** The gradFn's name and the names one level down, as the fixture writes them. */
function names(y: Tensor): { gradFn: string; next: string[] } {
  const node = y.gradFn;
  assert.ok(node, "the result has a gradFn");
  const next: string[] = [];
  node.fns.forEach((f, i) => {
    if (f) next.push(f.typeName());
    else if (node.needs[i]) next.push("AccumulateGrad");
  });
  return { gradFn: String(node), next };
}

test(`the fixture covers every call here (PyTorch ${fx.torch})`, () => {
  const ids = new Set(fx.rows.map((r) => r.id));
  for (const k of Object.keys(FUNCTIONS)) assert.ok(ids.has(k), `${k} has no fixture row`);
  for (const k of Object.keys(LOSSES))
    for (const r of ["mean", "sum", "none"]) assert.ok(ids.has(`${k}.${r}`), `${k}.${r}`);
  for (const k of Object.keys(DIFFERS)) assert.ok(ids.has(k), `DIFFERS names no row ${k}`);
});

for (const row of fx.rows) {
  test(`gradFn of ${row.id} is <${row.gradFn}> over [${row.next.join(", ")}]`, () => {
    const got = names(call(row.id));
    const want = { gradFn: `<${row.gradFn}>`, next: row.next };
    const reason = DIFFERS[row.id];
    if (reason === undefined) assert.deepEqual(got, want);
    else
      assert.notDeepEqual(got, want, `${row.id} now agrees with PyTorch: remove it from DIFFERS`);
  });
}
