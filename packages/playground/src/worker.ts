/**
 * The training worker: owns the data and the Session, trains while playing in slices of about
 * 12 ms, and posts a snapshot (new epochs, the output grid, unit values, weights) at most every
 * 40 ms, so the page only draws.
 */
import { io } from "descent";
import type { Config } from "./core/config.js";
import type { DataSet, Split } from "./core/data.js";
import { inputNames, makeDataSet, splitDataSet } from "./core/data.js";
import type { Extent } from "./core/grid.js";
import { columnMeans, extentOf, gridRows } from "./core/grid.js";
import { parseCsvData } from "./core/csv.js";
import { backpropStep, compareLearningRates, lossSurface } from "./core/lessons.js";
import type { EpochStats } from "./core/session.js";
import { Session, divergence } from "./core/session.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const G = 48;
const g = 20;

let config: Config | null = null;
/** The CSV data in use, and one parsed but not yet in the config. */
let csv: DataSet | undefined;
let csvPending: DataSet | undefined;
let split: Split | null = null;
let extent: Extent | null = null;
let grids: { big: Float32Array; small: Float32Array } | null = null;
let session: Session | null = null;
let pending: EpochStats[] = [];
let playing = false;
let lastPost = 0;

const post = (m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(m, transfer);

function sameData(a: Config, b: Config): boolean {
  return JSON.stringify(a.data) === JSON.stringify(b.data);
}

function loadData(c: Config) {
  const ds = c.data.name === "csv" ? csv : makeDataSet(c.data);
  if (!ds) throw new Error("no CSV data loaded");
  split = splitDataSet(ds, c.data.testRatio, c.data.seed);
}

function newSession(c: Config) {
  const s = split!;
  const { plotX, plotY } = c.data;
  extent = extentOf([s.train, s.test], plotX, plotY);
  const fill = columnMeans(s.train);
  grids = {
    big: gridRows(extent, G, s.train.d, plotX, plotY, fill),
    small: gridRows(extent, g, s.train.d, plotX, plotY, fill),
  };
  session = new Session(c, s);
  pending = [];
  post({
    type: "data",
    split: s,
    extent,
    inputNames: inputNames(c, s.columnNames),
  });
  snapshot();
}

function snapshot() {
  const s = session!;
  const big = Float32Array.from(s.outputs(grids!.big, G * G));
  const units = s.unitValues(grids!.small, g * g);
  const inputs = s.inputValues(grids!.small, g * g);
  const div = divergence(s.history, s.config.lr);
  if (div) playing = false;
  const m: FromWorker = {
    type: "snapshot",
    epoch: s.epoch,
    batch: s.batch,
    batchesPerEpoch: s.batchesPerEpoch,
    playing,
    stats: pending,
    grid: big,
    G,
    nOut: s.nOut,
    units: [inputs, ...units],
    g,
    weights: s.weights(),
    divergence: div,
  };
  pending = [];
  lastPost = performance.now();
  post(m, [big.buffer, ...units.map((u) => u.buffer)]);
}

function train() {
  if (!playing || !session) return;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < 12) {
      const st = session.stepBatch();
      if (st) {
        pending.push(st);
        if (divergence(session.history, session.config.lr)) {
          playing = false;
          break;
        }
      }
    }
  } catch (e) {
    playing = false;
    post({ type: "error", message: (e as Error).message });
  }
  if (!playing || performance.now() - lastPost > 40) snapshot();
  if (playing) setTimeout(train, 0);
}

function handle(m: ToWorker) {
  switch (m.type) {
    case "config": {
      const old = config;
      config = m.config;
      const newCsv = m.config.data.name === "csv" && csvPending !== undefined;
      if (newCsv) [csv, csvPending] = [csvPending, undefined];
      playing = false;
      if (!old || !sameData(old, m.config) || newCsv || !split) loadData(m.config);
      newSession(m.config);
      break;
    }
    case "csv": {
      try {
        csvPending = parseCsvData(m.text, m.labelColumn);
        const { n, d, nClasses } = csvPending;
        post({ type: "csv", ok: true, name: m.name, n, d, nClasses });
      } catch (e) {
        post({ type: "csv", ok: false, name: m.name, message: (e as Error).message });
      }
      break;
    }
    case "reset":
      playing = false;
      if (config) newSession(config);
      break;
    case "play":
      if (!playing) {
        playing = true;
        train();
      }
      break;
    case "pause":
      playing = false;
      snapshot();
      break;
    case "epoch":
      playing = false;
      pending.push(session!.stepEpoch());
      snapshot();
      break;
    case "batch": {
      playing = false;
      const st = session!.stepBatch();
      if (st) pending.push(st);
      snapshot();
      break;
    }
    case "download": {
      const bytes = io.encodeSafetensors(session!.stateDict()).slice();
      post({ type: "download", bytes }, [bytes.buffer]);
      break;
    }
    case "compare":
      post({ type: "compare", result: compareLearningRates(config!, split!, 100) });
      break;
    case "surface":
      post({ type: "surface", result: lossSurface(m.config, m.steps) });
      break;
    case "backprop":
      post({ type: "backprop", result: backpropStep(config!, split!) });
      break;
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  try {
    handle(e.data);
  } catch (err) {
    playing = false;
    post({ type: "error", message: (err as Error).message });
  }
};
