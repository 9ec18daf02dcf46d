/**
 * Chart specs from plain number arrays: Vega-Lite JSON, to render anywhere Vega runs (the CLI
 * renders them to SVG and PNG; a web page can hand them to vega-embed). No tensors, no I/O.
 */
import type { TopLevelSpec } from "vega-lite";

/** Fonts named in every chart; the CLI's PNG renderer ships DejaVu Sans. */
export const CHART_FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

const SIZE = { width: 480, height: 360 };

const CONFIG = {
  font: CHART_FONT,
  title: { fontSize: 16, subtitleFontSize: 11, subtitleColor: "#555" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: "#bbb" },
};

function base(
  title: string,
  subtitle?: string | string[],
): Pick<TopLevelSpec, "title" | "background" | "config"> & {
  $schema: string;
} {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle ? { text: title, subtitle } : title,
    background: "white",
    config: CONFIG,
  };
}

function checkSameLength(op: string, arrays: Record<string, ArrayLike<number>>): number {
  const lengths = Object.entries(arrays).map(([k, a]) => [k, a.length] as const);
  const n = lengths[0][1];
  const bad = lengths.find(([, l]) => l !== n);
  if (bad) {
    throw new RangeError(
      `${op}: arrays must have the same length (${lengths.map(([k, l]) => `${k}: ${l}`).join(", ")})`,
    );
  }
  return n;
}

export interface ScatterData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Class of each point (colours it). */
  cls: ArrayLike<number>;
  title: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
  legendTitle?: string;
  /** Legend labels of classes 0, 1, ... (default: the class numbers). */
  classNames?: readonly string[];
}

/**
 * The seed's `plt.scatter(X[:, 0], X[:, 1], c=predicted); plt.title(...)`: one point per row,
 * coloured by class, with axes, a title and a legend.
 */
export function scatterSpec(d: ScatterData): TopLevelSpec {
  const n = checkSameLength("scatterSpec", { x: d.x, y: d.y, cls: d.cls });
  const name = (c: number) => d.classNames?.[c] ?? c;
  const values = Array.from({ length: n }, (_, i) => ({
    x: d.x[i],
    y: d.y[i],
    cls: name(d.cls[i]),
  }));
  return {
    ...base(d.title, d.subtitle),
    ...SIZE,
    data: { values },
    mark: { type: "circle", size: 28, opacity: 0.75 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: d.xTitle ?? "feature 0",
        scale: { zero: false },
      },
      y: {
        field: "y",
        type: "quantitative",
        title: d.yTitle ?? "feature 1",
        scale: { zero: false },
      },
      color: {
        field: "cls",
        type: "nominal",
        title: d.legendTitle ?? "predicted class",
        scale: { scheme: "category10" },
      },
    },
  };
}

export interface DecisionBoundaryData {
  /** Grid cell centres along x and y (increasing, evenly spaced). */
  gridX: ArrayLike<number>;
  gridY: ArrayLike<number>;
  /** Predicted class of each grid cell, row-major over (y, x): index j * gridX.length + i. */
  gridCls: ArrayLike<number>;
  /** The data points and their true classes. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  cls: ArrayLike<number>;
  title: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
}

/**
 * Decision regions: a grid of cells coloured by the model's predicted class, with the data points
 * on top coloured by their true class (the same colours), so misclassified points stand out.
 */
export function decisionBoundarySpec(d: DecisionBoundaryData): TopLevelSpec {
  const nx = d.gridX.length;
  const ny = d.gridY.length;
  if (nx < 2 || ny < 2 || d.gridCls.length !== nx * ny) {
    throw new RangeError(
      `decisionBoundarySpec: need a grid of at least 2 x 2 and gridX.length * gridY.length (${nx * ny}) classes, got ${d.gridCls.length}`,
    );
  }
  const n = checkSameLength("decisionBoundarySpec", { x: d.x, y: d.y, cls: d.cls });
  const hx = (d.gridX[1] - d.gridX[0]) / 2;
  const hy = (d.gridY[1] - d.gridY[0]) / 2;
  const cells = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const cx = d.gridX[i];
      const cy = d.gridY[j];
      cells.push({ x: cx - hx, x2: cx + hx, y: cy - hy, y2: cy + hy, cls: d.gridCls[j * nx + i] });
    }
  }
  const points = Array.from({ length: n }, (_, i) => ({ x: d.x[i], y: d.y[i], cls: d.cls[i] }));
  const xDomain = [d.gridX[0] - hx, d.gridX[nx - 1] + hx];
  const yDomain = [d.gridY[0] - hy, d.gridY[ny - 1] + hy];
  const color = {
    field: "cls",
    type: "nominal" as const,
    title: "class",
    scale: { scheme: "category10" },
  };
  return {
    ...base(d.title, d.subtitle ?? "regions: predicted class; points: true class"),
    ...SIZE,
    layer: [
      {
        data: { values: cells },
        mark: { type: "rect", opacity: 0.3, strokeWidth: 0 },
        encoding: {
          x: {
            field: "x",
            type: "quantitative",
            title: d.xTitle ?? "feature 0",
            scale: { domain: xDomain, nice: false, zero: false },
          },
          x2: { field: "x2" },
          y: {
            field: "y",
            type: "quantitative",
            title: d.yTitle ?? "feature 1",
            scale: { domain: yDomain, nice: false, zero: false },
          },
          y2: { field: "y2" },
          color,
        },
      },
      {
        data: { values: points },
        mark: { type: "circle", size: 22, opacity: 0.85, stroke: "white", strokeWidth: 0.5 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          color,
        },
      },
    ],
  };
}

export interface LossCurve {
  /** Legend label, e.g. "train" or "lr 0.1". */
  label: string;
  /** Loss of epoch i + 1 at index i; NaN and infinite values are left out. */
  loss: ArrayLike<number>;
}

export interface LossCurvesData {
  curves: LossCurve[];
  title: string;
  subtitle?: string;
  /** Log-scale loss axis (default: when the positive losses span more than a factor of 20). */
  logScale?: boolean;
  /** Legend title (default "run"). */
  legendTitle?: string;
  yTitle?: string;
}

/**
 * Loss against epoch, one line per curve: one run's training (and validation) loss, or, for a
 * learning-rate sweep, one line per rate on shared axes.
 */
export function lossCurvesSpec(d: LossCurvesData): TopLevelSpec {
  if (d.curves.length === 0) throw new RangeError("lossCurvesSpec: no curves");
  const values: { epoch: number; loss: number; run: string }[] = [];
  for (const c of d.curves) {
    for (let i = 0; i < c.loss.length; i++) {
      const v = c.loss[i];
      if (Number.isFinite(v)) values.push({ epoch: i + 1, loss: v, run: c.label });
    }
  }
  const positive = values.map((v) => v.loss).filter((v) => v > 0);
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const log =
    d.logScale ?? (positive.length === values.length && values.length > 0 && hi / lo > 20);
  const data = log ? values.filter((v) => v.loss > 0) : values;
  const maxEpoch = Math.max(1, ...d.curves.map((c) => c.loss.length));
  // A curve with no finite point (a run that diverged in its first epoch) cannot be drawn: say so.
  const missing = d.curves
    .filter((c) => !Array.from(c.loss).some((v) => Number.isFinite(v)))
    .map((c) => c.label);
  const note = missing.length ? `not drawn, no finite loss: ${missing.join("; ")}` : undefined;
  const lines = [d.subtitle, note].filter((l): l is string => Boolean(l));
  const subtitle = lines.length > 1 ? lines : lines[0];
  return {
    ...base(d.title, subtitle),
    ...SIZE,
    data: { values: data },
    mark: { type: "line", strokeWidth: 2, point: maxEpoch <= 30 },
    encoding: {
      x: {
        field: "epoch",
        type: "quantitative",
        title: "epoch",
        scale: { domain: [1, maxEpoch], nice: false },
        axis: { tickMinStep: 1 },
      },
      y: {
        field: "loss",
        type: "quantitative",
        title: d.yTitle ?? (log ? "loss (log scale)" : "loss"),
        scale: log ? { type: "log" } : { zero: false },
        // Over many decades, one notation for every tick (1e+0 ... 1e+35).
        ...(log && hi / lo > 1e6 ? { axis: { format: ".0e" } } : {}),
      },
      color: {
        field: "run",
        type: "nominal",
        title: d.legendTitle ?? "run",
        sort: d.curves.map((c) => c.label),
        scale: { scheme: "category10" },
        legend: { labelLimit: 400 },
      },
    },
  };
}
