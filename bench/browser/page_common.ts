/**
 * What both browser pages share: fetching the bench's data files (bench/data.ts wrote them; the
 * runner serves them under /data/) and the task's parameters. Runs in the page.
 */
import type { Manifest } from "../common.js";

export interface PageTask {
  /** W4: untimed batches, then timed batches (235 is one epoch). */
  warmupBatches: number;
  batches: number;
}

export interface PageResult {
  /** W1's first 1000 epochs in this fresh page: seconds and the last loss. */
  w1: { seconds: number; loss: number };
  /** W4 after its warm-up: samples per second and the last loss. */
  w4: { rate: number; loss: number };
  info: string;
}

let manifest: Manifest | undefined;

/** One array of the data directory, as the workers read it (readArray in bench/common.ts). */
export async function array(
  name: string,
): Promise<{ data: Float32Array | Int32Array; shape: number[] }> {
  manifest ??= (await (await fetch("/data/manifest.json")).json()) as Manifest;
  const e = manifest[name];
  const bytes = await (await fetch(`/data/${e.file}`)).arrayBuffer();
  return {
    data: e.dtype === "float32" ? new Float32Array(bytes) : new Int32Array(bytes),
    shape: e.shape,
  };
}

/** The initial parameters of a workload by PyTorch state-dict key (readInit in bench/common.ts). */
export async function init(
  workload: string,
): Promise<Record<string, { data: Float32Array; shape: number[] }>> {
  manifest ??= (await (await fetch("/data/manifest.json")).json()) as Manifest;
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const name of Object.keys(manifest)) {
    if (!name.startsWith(`${workload}.`)) continue;
    out[name.slice(workload.length + 1)] = (await array(name)) as {
      data: Float32Array;
      shape: number[];
    };
  }
  return out;
}

export const BATCH = 256;
export const LR = 0.1;
export const seconds = (): number => performance.now() / 1000;
