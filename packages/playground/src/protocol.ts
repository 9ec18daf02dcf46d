/** Messages between the page and the training worker. */
import type { Config } from "./core/config.js";
import type { Split } from "./core/data.js";
import type { Extent } from "./core/grid.js";
import type { Divergence, EpochStats } from "./core/session.js";
import type { CompareResult, SurfaceResult, BackpropResult } from "./core/lessons.js";

export type ToWorker =
  | { type: "config"; config: Config }
  | { type: "csv"; text: string; labelColumn: string; name: string }
  | { type: "play" | "pause" | "epoch" | "batch" | "reset" | "download" | "compare" | "backprop" }
  | { type: "surface"; config: Config; steps: number };

export interface Snapshot {
  type: "snapshot";
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  playing: boolean;
  /** Epochs finished since the last snapshot. */
  stats: EpochStats[];
  /** Model output on the G x G grid: [G*G, nOut]. */
  grid: Float32Array;
  G: number;
  nOut: number;
  /** Unit values on the g x g grid, one [g*g, units] array per layer (inputs first). */
  units: Float32Array[];
  g: number;
  weights: { w: Float32Array; b: Float32Array }[];
  divergence: Divergence | null;
}

export type FromWorker =
  | { type: "data"; split: Split; extent: Extent; inputNames: string[] }
  | { type: "csv"; ok: true; name: string; n: number; d: number; nClasses: number }
  | { type: "csv"; ok: false; name: string; message: string }
  | Snapshot
  | { type: "download"; bytes: Uint8Array }
  | { type: "compare"; result: CompareResult }
  | { type: "surface"; result: SurfaceResult }
  | { type: "backprop"; result: BackpropResult }
  | { type: "error"; message: string };
