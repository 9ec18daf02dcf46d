/**
 * The charts a training run draws: the seed's scatter plot (feature 0 against feature 1, coloured
 * by predicted class), decision regions and the loss curve for classifiers; data and fitted values
 * for regressions; d2l's training curves and prediction row. Specs come from src/plot; this file
 * feeds them numbers and writes the files. Commands import it only when they plot (it loads the
 * renderer: vega, resvg and the fonts).
 */
import { join } from "node:path";
import type { nn, Tensor, train } from "descent";
import { fromTypedArray, noGrad } from "descent";
import { FASHION_MNIST_LABELS } from "descent/io";
import type { TopLevelSpec } from "vega-lite";
import { decisionBoundarySpec, imageGridSpec, lossCurvesSpec, scatterSpec } from "./plot/index.js";
import type { History, Task } from "./lib.js";
import { predictClasses } from "./lib.js";
import { renderChart } from "./render.js";

export interface PlotRequest {
  /** File prefix, e.g. "seed-mlp" gives seed-mlp-scatter.svg, ... */
  name: string;
  /** Title of the scatter plot (the seed's: "Linear Classification", "Softmax Regression"). */
  title: string;
  model: nn.Module;
  /** Model inputs [N, F] and targets (class indices or values, any shape with N rows). */
  x: Tensor;
  y: Tensor;
  task: Task;
  threshold?: number;
  history: History;
  outDir: string;
}

const GRID = 60;

/** Column j of a 2-D tensor as numbers. */
function column(x: Tensor, j: number): Float64Array {
  const [n, f] = x.shape;
  const a = x.toTypedArray();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(a[i * f + j]);
  return out;
}

function extent(a: Float64Array, pad = 0.05): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const p = (hi - lo || 1) * pad;
  return [lo - p, hi + p];
}

function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** The specs a run draws, by file suffix. */
export function runCharts(r: PlotRequest): Record<string, TopLevelSpec> {
  const charts: Record<string, TopLevelSpec> = {};
  const curves = [{ label: "train", loss: r.history.loss }];
  if (r.history.valLoss.length) curves.push({ label: "validation", loss: r.history.valLoss });
  const [n, f] = r.x.ndim === 2 ? r.x.shape : [r.x.shape[0], 0];
  if (r.task !== "regression" && f >= 2) {
    const pred = noGrad(() =>
      predictClasses(r.model.eval().forward(r.x), { threshold: r.threshold }).toTypedArray(),
    );
    charts.scatter = scatterSpec({
      x: column(r.x, 0),
      y: column(r.x, 1),
      cls: pred,
      title: r.title,
    });
    const [a, b] = mostTelling(r.x, pred);
    const xa = column(r.x, a);
    const xb = column(r.x, b);
    const others = Array.from({ length: f }, (_, j) => j).filter((j) => j !== a && j !== b);
    charts.boundary = decisionBoundarySpec({
      ...boundaryGrid(r, a, xa, b, xb),
      x: xa,
      y: xb,
      cls: r.y.reshape(-1).toTypedArray(),
      title: `${r.title}: decision regions`,
      subtitle:
        `regions: predicted class` +
        (others.length > 1 ? ` (features ${others.join(", ")} at their means)` : "") +
        (others.length === 1 ? ` (feature ${others[0]} at its mean)` : "") +
        "; points: true class",
      xTitle: `feature ${a}`,
      yTitle: `feature ${b}`,
    });
  } else if (r.task === "regression" && f >= 1 && n > 0) {
    const j = f >= 2 ? 1 : 0;
    const xj = column(r.x, j);
    const yv = Float64Array.from(r.y.reshape(-1).toTypedArray(), Number);
    const fitted = noGrad(() => r.model.eval().forward(r.x).reshape(-1).toTypedArray());
    // d2l's figure: the data, one feature against the target; then the fit, predicted against true.
    charts.scatter = scatterSpec({
      x: xj,
      y: yv,
      cls: new Int32Array(n),
      classNames: ["data"],
      legendTitle: "",
      title: r.title,
      xTitle: `feature ${j}`,
      yTitle: "target",
    });
    charts.fit = scatterSpec({
      x: yv,
      y: Float64Array.from(fitted, Number),
      cls: new Int32Array(n),
      classNames: ["row"],
      legendTitle: "",
      title: `${r.title}: predicted against true`,
      subtitle: "a perfect fit lies on the diagonal",
      xTitle: "target",
      yTitle: "prediction",
    });
  }
  charts.loss = lossCurvesSpec({
    curves,
    title: `${r.title}: loss`,
    legendTitle: "data",
  });
  r.model.train();
  return charts;
}

/**
 * The two features that tell the predicted classes apart best (largest |correlation| between the
 * feature and membership of some predicted class), in increasing order: the plane in which the
 * decision regions are drawn.
 */
function mostTelling(x: Tensor, pred: ArrayLike<number>): [number, number] {
  const [n, f] = x.shape;
  const classes = [...new Set(Array.from(pred))];
  const score = Array.from({ length: f }, (_, j) => {
    const col = column(x, j);
    let best = 0;
    for (const c of classes) {
      const ind = Float64Array.from({ length: n }, (_, i) => (pred[i] === c ? 1 : 0));
      best = Math.max(best, Math.abs(correlation(col, ind)));
    }
    return best;
  });
  const order = score.map((s, j) => [s, j]).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  const [a, b] = [order[0][1], order[1][1]];
  return a < b ? [a, b] : [b, a];
}

function correlation(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  let mu = 0;
  let mv = 0;
  for (let i = 0; i < n; i++) {
    mu += u[i] / n;
    mv += v[i] / n;
  }
  let suv = 0;
  let suu = 0;
  let svv = 0;
  for (let i = 0; i < n; i++) {
    suv += (u[i] - mu) * (v[i] - mv);
    suu += (u[i] - mu) ** 2;
    svv += (v[i] - mv) ** 2;
  }
  return suu > 0 && svv > 0 ? suv / Math.sqrt(suu * svv) : 0;
}

/**
 * Model predictions on a GRID x GRID lattice over features a and b (from their ranges), the other
 * features at their means.
 */
function boundaryGrid(
  r: PlotRequest,
  a: number,
  xa: Float64Array,
  b: number,
  xb: Float64Array,
): { gridX: Float64Array; gridY: Float64Array; gridCls: ArrayLike<number> } {
  const [n, f] = r.x.shape;
  const means = new Float64Array(f);
  const data = r.x.toTypedArray();
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) means[j] += Number(data[i * f + j]) / n;
  const gridX = linspace(...extent(xa), GRID);
  const gridY = linspace(...extent(xb), GRID);
  const g = new Float32Array(GRID * GRID * f);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const row = (j * GRID + i) * f;
      g.set(means, row);
      g[row + a] = gridX[i];
      g[row + b] = gridY[j];
    }
  }
  const input = fromTypedArray(g, [GRID * GRID, f]).to(r.x.dtype);
  const gridCls = noGrad(() =>
    predictClasses(r.model.eval().forward(input), { threshold: r.threshold }).toTypedArray(),
  );
  return { gridX, gridY, gridCls };
}

/** Renders each chart to `<outDir>/<name>-<suffix>.svg` and `.png`; returns the paths. */
export async function writeCharts(
  outDir: string,
  name: string,
  charts: Record<string, TopLevelSpec>,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [suffix, spec] of Object.entries(charts)) {
    paths.push(...(await renderChart(spec, join(outDir, `${name}-${suffix}`))));
  }
  return paths;
}

/** "out/a.{svg,png}, out/b.{svg,png}" for paths that come in .svg/.png pairs. */
export function describeFiles(paths: string[]): string {
  const stems: string[] = [];
  for (const p of paths) {
    const stem = p.replace(/\.(svg|png)$/, "");
    if (!stems.includes(stem)) stems.push(stem);
  }
  return stems
    .map((s) => (paths.includes(`${s}.svg`) && paths.includes(`${s}.png`) ? `${s}.{svg,png}` : s))
    .join(", ");
}

/** The book's figures: training curves and the prediction row. */
export function d2lCharts(
  title: string,
  history: readonly train.d2l.Ch3Epoch[],
  pred: train.d2l.Ch3Predictions,
): Record<string, TopLevelSpec> {
  const [, h, w] = pred.shape;
  const wrong = pred.labels.filter((c, i) => pred.predictions[i] !== c).length;
  return {
    training: lossCurvesSpec({
      title,
      subtitle: "Fashion-MNIST, per epoch (d2l's Animator)",
      curves: [
        { label: "train loss", loss: history.map((e) => e.trainLoss) },
        { label: "train acc", loss: history.map((e) => e.trainAcc) },
        { label: "test acc", loss: history.map((e) => e.testAcc) },
      ],
      logScale: false,
      legendTitle: "",
      yTitle: "",
    }),
    predictions: imageGridSpec({
      images: pred.images,
      height: h,
      width: w,
      captions: pred.labels.map((c, i) => [
        FASHION_MNIST_LABELS[c],
        FASHION_MNIST_LABELS[pred.predictions[i]],
      ]),
      captionColors: pred.labels.map((c, i) => (pred.predictions[i] === c ? "#333" : "#c62828")),
      title: `${title}: predictions`,
      subtitle: `top: true label; bottom: predicted (red: wrong, ${wrong} of ${pred.labels.length})`,
    }),
  };
}
