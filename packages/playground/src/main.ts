/**
 * The page: the config lives in the URL; the worker trains and posts snapshots; this file keeps
 * the latest snapshot and draws it on the next animation frame.
 */
import "./style.css";
import type { Config } from "./core/config.js";
import { isRegression, normalize } from "./core/config.js";
import type { Split } from "./core/data.js";
import type { Extent } from "./core/grid.js";
import type { EpochStats } from "./core/session.js";
import { PRESETS, presetById, presetOf } from "./core/presets.js";
import { cloneConfig, fromQuery, toQuery } from "./core/url.js";
import type { FromWorker, Snapshot, ToWorker } from "./protocol.js";
import { LineChart } from "./ui/charts.js";
import { $, bindControls, showConfig } from "./ui/controls.js";
import type { OutputKind } from "./ui/heatmap.js";
import { cellColor, drawPoints, paintGrid } from "./ui/heatmap.js";
import { setupLessons } from "./ui/lessons_view.js";
import { NetworkView } from "./ui/network.js";
import { setupCsv } from "./ui/csv_view.js";
import { setupShare } from "./ui/share.js";

let config: Config = fromQuery(location.search);
let data: { split: Split; extent: Extent; inputNames: string[] } | null = null;
let latest: Snapshot | null = null;
/** Every finished epoch of the current run. */
let epochs: EpochStats[] = [];
let dirty = false;
let playing = false;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (m: ToWorker) => worker.postMessage(m);

const lossChart = new LineChart(
  $("loss-chart"),
  "Loss",
  [
    { label: "train", color: "#0877bd" },
    { label: "test", color: "#f59322", dash: [6, 3] },
  ],
  { yLabel: "loss", log: true },
);
const accChart = new LineChart(
  $("acc-chart"),
  "Accuracy",
  [
    { label: "train", color: "#0877bd" },
    { label: "test", color: "#f59322", dash: [6, 3] },
  ],
  { yLabel: "accuracy" },
);
const net = new NetworkView($("network"));

/** Applies a change to the config: URL, controls, worker (a new run from epoch 0). */
function change(mutate: (c: Config) => void) {
  const next = cloneConfig(config);
  mutate(next);
  config = normalize(next);
  const q = toQuery(config);
  window.history.replaceState(null, "", q ? `?${q}` : location.pathname);
  start();
}

function start() {
  epochs = [];
  latest = null;
  setPlaying(false);
  $("divergence").hidden = true;
  $("error").hidden = true;
  send({ type: "config", config });
  refreshStatic();
}

function refreshStatic() {
  const names =
    data?.split.columnNames ?? Array.from({ length: config.data.nFeatures }, (_, i) => `x${i + 1}`);
  showConfig(config, names, data?.split.train.n ?? 0);
  const [hx, vy] = [names[config.data.plotX], names[config.data.plotY]];
  const what = isRegression(config) ? "the predicted value" : "the predicted class";
  $("heatmap-caption").textContent =
    `Colour: ${what} over ${hx} (across) and ${vy} (up)` +
    `${names.length > 2 ? "; the other features at their training mean" : ""}. Dots: training points; ringed dots: test points.`;
  $("heatmap").setAttribute(
    "aria-label",
    `Heat map of ${what} over ${hx} and ${vy}, with the data points`,
  );
  const p = presetOf(config);
  $<HTMLSelectElement>("preset").value = p?.id ?? "";
  $("preset-note").textContent = p?.note ?? "A configuration of your own.";
  share.refresh();
}

function setPlaying(on: boolean) {
  playing = on;
  const b = $("play");
  b.textContent = on ? "Pause" : "Play";
  b.setAttribute("aria-pressed", String(on));
}

function outputKind(): OutputKind {
  if (!data) return { kind: "binary" };
  if (isRegression(config)) {
    let m = 1e-6;
    for (const v of data.split.train.y) m = Math.max(m, Math.abs(v));
    return { kind: "regression", scale: m };
  }
  return latest && latest.nOut > 1 ? { kind: "classes", k: latest.nOut } : { kind: "binary" };
}

const fmt = (v: number | null | undefined, pct = false) =>
  v === null || v === undefined
    ? "–"
    : pct
      ? `${(100 * v).toFixed(1)}%`
      : Number.isFinite(v)
        ? v.toFixed(4)
        : String(v);

let chartsDirty = false;
let chartsDrawn = 0;
let points: { key: unknown; layer: OffscreenCanvas } | null = null;

/** The data points, drawn once per data set and copied onto each frame. */
function pointsLayer(canvas: HTMLCanvasElement, out: OutputKind): OffscreenCanvas {
  if (points?.key === data) return points.layer;
  const layer = new OffscreenCanvas(canvas.width, canvas.height);
  const { plotX, plotY } = config.data;
  const tables = [
    { t: data!.split.train, test: false },
    { t: data!.split.test, test: true },
  ];
  drawPoints(layer, data!.extent, plotX, plotY, tables, out);
  points = { key: data, layer };
  return layer;
}

/** The heat map, the network and the numbers: every new snapshot. */
function draw() {
  if (!dirty || !latest || !data) return;
  dirty = false;
  chartsDirty = true;
  const s = latest;
  $("epoch").textContent =
    `Epoch ${s.epoch}${s.batch ? ` + ${s.batch}/${s.batchesPerEpoch} batches` : ""}`;
  const out = outputKind();
  const canvas = $<HTMLCanvasElement>("heatmap");
  paintGrid(canvas, s.G, (i) => cellColor(s.grid, i, s.nOut, out));
  canvas.getContext("2d")!.drawImage(pointsLayer(canvas, out), 0, 0);
  netDirty = true;
  const last = epochs.at(-1);
  $("train-loss").textContent = fmt(last?.trainLoss);
  $("test-loss").textContent = fmt(last?.testLoss);
  $("train-acc").textContent = fmt(last?.trainAcc, true);
  $("test-acc").textContent = fmt(last?.testAcc, true);
  const div = s.divergence;
  const warn = $("divergence");
  warn.hidden = !div;
  if (div) {
    warn.textContent = `Diverged at epoch ${div.epoch} with learning rate ${div.lr}: the loss became ${Number.isFinite(div.loss) ? `${div.loss.toPrecision(3)}, more than 10 times the first epoch's` : div.loss}. Lower the rate and press Reset.`;
  }
}

/**
 * The network's unit maps and links: at most 10 times a second while playing (each unit is a
 * canvas of its own, and a frame that repaints them all costs the most after the curves).
 */
let netDirty = false;
let netDrawn = 0;
function drawNetwork() {
  const now = performance.now();
  if (!netDirty || !latest || (playing && now - netDrawn < 100)) return;
  netDirty = false;
  netDrawn = now;
  net.update(latest.units, latest.g, latest.weights);
}

/** The curves: at most 5 times a second while playing (they cost the most per frame). */
function drawCharts() {
  const now = performance.now();
  if (!chartsDirty || (playing && now - chartsDrawn < 200)) return;
  chartsDirty = false;
  chartsDrawn = now;
  const x = epochs.map((h) => h.epoch);
  lossChart.set(x, [
    epochs.map((h) => (Number.isFinite(h.trainLoss) ? h.trainLoss : null)),
    epochs.map((h) => h.testLoss),
  ]);
  accChart.set(x, [epochs.map((h) => h.trainAcc), epochs.map((h) => h.testAcc)]);
}

function frame() {
  draw();
  drawNetwork();
  drawCharts();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

function netShape() {
  if (!data) return;
  const layers = [...config.hidden];
  const nOut = latest?.nOut ?? 1;
  const sizes = [data.inputNames.length, ...layers, nOut];
  net.setShape({
    sizes,
    names: ["inputs", ...layers.map((_, i) => `hidden ${i + 1}`), "output"],
    unitLabels: sizes.map((n, l) =>
      l === 0 ? data!.inputNames : Array.from({ length: n }, (_, j) => `unit ${j + 1}`),
    ),
    acts: [
      "input",
      ...config.activations,
      config.output === "sigmoid" || config.output === "softmax" ? "probability" : "output",
    ],
  });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case "data":
      data = m;
      epochs = [];
      refreshStatic();
      break;
    case "snapshot": {
      const reshape = !latest || latest.nOut !== m.nOut || latest.units.length !== m.units.length;
      latest = m;
      epochs.push(...m.stats);
      if (m.epoch === 0 && m.batch === 0)
        share.setInitial({ layers: m.weights }, data?.split.nClasses ?? 2);
      if (reshape) netShape();
      if (!m.playing) setPlaying(false);
      dirty = true;
      break;
    }
    case "error":
      $("error").hidden = false;
      $("error").textContent = `Error: ${m.message}`;
      setPlaying(false);
      break;
    case "csv":
      csvView.reply(m);
      break;
    case "download":
      share.downloaded(m.bytes);
      break;
    default:
      lessonMessage(m);
  }
};

$<HTMLSelectElement>("preset").append(
  new Option("(your own configuration)", ""),
  ...PRESETS.map((p) => new Option(p.label, p.id)),
);
$<HTMLSelectElement>("preset").addEventListener("change", (e) => {
  const p = presetById((e.target as HTMLSelectElement).value);
  if (p) change((c) => Object.assign(c, cloneConfig(p.config)));
});
$("play").addEventListener("click", () => {
  setPlaying(!playing);
  send({ type: playing ? "play" : "pause" });
});
$("step-epoch").addEventListener("click", () => send({ type: "epoch" }));
$("step-batch").addEventListener("click", () => send({ type: "batch" }));
$("reset").addEventListener("click", () => start());
$("regenerate").addEventListener("click", () =>
  change((c) => void (c.data.seed = (c.data.seed + 1) % 2 ** 31)),
);
bindControls(change);
const { lessonMessage } = setupLessons(send, () => config);
const share = setupShare(
  send,
  () => config,
  () => epochs,
);
const csvView = setupCsv(send, (csv) =>
  change((c) => {
    c.data = {
      ...c.data,
      name: "csv",
      nFeatures: csv.d,
      nClasses: csv.nClasses,
      plotX: 0,
      plotY: Math.min(1, csv.d - 1),
    };
    c.columns = Array.from({ length: csv.d }, (_, j) => j);
    c.derived = [];
    c.loss =
      csv.nClasses === 0 ? "mse" : csv.nClasses > 2 ? "ce" : c.loss === "mse" ? "bce" : c.loss;
  }),
);
addEventListener("popstate", () => {
  config = fromQuery(location.search);
  start();
});
start();

/** A read-only view of the page's state, for the browser tests and the curious (devtools). */
Object.assign(globalThis, {
  playground: {
    state: () => ({
      config,
      epochs,
      epoch: latest?.epoch ?? 0,
      batch: latest?.batch ?? 0,
      weights: latest?.weights.map((l) => [...Array.from(l.w), ...Array.from(l.b)]) ?? [],
    }),
  },
});
