import type { NDArray } from "../backend/ndarray.js";

/** PyTorch-style printing: `tensor([[0.1000, 2.0000], ...], requires_grad=True)`. */

const EDGE = 3;
const THRESHOLD = 1000;

function formatter(x: NDArray, shown: ArrayLike<number>): (v: number) => string {
  if (x.dtype === "bool") return (v) => (v ? "True" : "False");
  if (x.dtype === "int32") return (v) => String(v);
  let allInt = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < shown.length; i++) {
    const v = shown[i];
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) allInt = false;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > 0 && a < minAbs) minAbs = a;
  }
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  const sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || maxAbs / minAbs > 1000;
  if (allInt && maxAbs < 1e8) {
    return (v) => (Number.isFinite(v) ? `${v}.` : special(v));
  }
  if (sci) {
    return (v) => {
      if (!Number.isFinite(v)) return special(v);
      const [m, e] = v.toExponential(4).split("e");
      const exp = Number(e);
      return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    };
  }
  return (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
}

/** Indices along one dim to print: all, or the first and last EDGE around a "...". */
function picks(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, null, n - 3, n - 2, n - 1];
}

export function formatArray(x: NDArray): string {
  const summarize = x.size > THRESHOLD;
  const shape = x.shape;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  // Gather the values that will be shown, to choose one format and one width for all.
  const shown: number[] = [];
  const walk = (dim: number, off: number): void => {
    if (dim === shape.length) {
      shown.push(x.data[off]);
      return;
    }
    for (const i of picks(shape[dim], summarize))
      if (i !== null) walk(dim + 1, off + i * strides[dim]);
  };
  walk(0, 0);
  const fmt = formatter(x, shown);
  const width = shown.reduce((w, v) => Math.max(w, fmt(v).length), 0);
  const cell = (v: number) => fmt(v).padStart(width);
  const indent = "tensor(".length;
  const render = (dim: number, off: number): string => {
    if (dim === shape.length) return cell(x.data[off]);
    const parts = picks(shape[dim], summarize).map((i) =>
      i === null ? "..." : render(dim + 1, off + i * strides[dim]),
    );
    if (dim === shape.length - 1) return `[${parts.join(", ")}]`;
    const sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(indent + dim + 1);
    return `[${parts.join(sep)}]`;
  };
  return shape.length === 0 ? fmt(x.data[0]) : x.size === 0 ? "[]" : render(0, 0);
}

export function formatTensor(x: NDArray, extras: string[]): string {
  const body = formatArray(x);
  const tail = [...extras];
  if (x.size === 0) tail.unshift(`size=(${x.shape.join(", ")}${x.shape.length === 1 ? "," : ""})`);
  if (x.dtype !== "float32" && !(x.dtype === "bool" && x.size > 0)) {
    tail.push(`dtype=${x.dtype === "int32" ? "torch.int32" : `torch.${x.dtype}`}`);
  }
  return `tensor(${body}${tail.length ? ", " + tail.join(", ") : ""})`;
}
