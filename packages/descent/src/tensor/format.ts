import type { NDArray } from "../backend/ndarray.js";

/**
 * PyTorch-style printing, line for line with torch/_tensor_str.py under the default print options
 * (precision 4, threshold 1000, edgeitems 3, linewidth 80):
 * `tensor([[0.1000, 2.0000], ...], requires_grad=True)`.
 */

const PRECISION = 4;
const EDGE = 3;
const THRESHOLD = 1000;
const LINEWIDTH = 80;
const PREFIX = "tensor(";

/** Digits past the ones kept that show whether a value is exactly halfway (see `roundEven`). */
const TIE_DIGITS = 30;

/**
 * Python rounds an exact tie to even ('{:.4f}'.format(0.03125) is '0.0312'), JavaScript away from
 * zero ('0.0313'). `rounded` is JavaScript's result for `digits` digits, `long` the same number
 * with TIE_DIGITS more digits (exact for a tie, whose expansion stops at the next digit).
 */
function roundEven(rounded: string, long: string, mantissaEnd: number): string {
  const tail = long.slice(mantissaEnd - TIE_DIGITS, mantissaEnd);
  if (!/^50*$/.test(tail)) return rounded;
  let kept = long.slice(0, mantissaEnd - TIE_DIGITS);
  if (kept.endsWith(".")) kept = kept.slice(0, -1);
  return Number(kept[kept.length - 1]) % 2 === 0 ? kept + long.slice(mantissaEnd) : rounded;
}

/** Python's '{:.Nf}'.format(v) for finite v, with the sign of -0. */
function toFixedPy(v: number, digits: number): string {
  const a = Math.abs(v);
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  if (a >= 1e21) return sign + BigInt(a).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  const long = a.toFixed(digits + TIE_DIGITS);
  return sign + roundEven(a.toFixed(digits), long, long.length);
}

/** Python's '{:.Ne}'.format(v) for finite v: at least two exponent digits, with a sign. */
function toExpPy(v: number, digits: number): string {
  const a = Math.abs(v);
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const long = a.toExponential(digits + TIE_DIGITS);
  const s = roundEven(a.toExponential(digits), long, long.indexOf("e"));
  const [m, e] = s.split("e");
  const exp = Number(e);
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** How '{:.0f}' and '{:.4f}' print non-finite values. */
const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");

interface Formatter {
  width: number;
  format(v: number): string;
}

/** PyTorch's _Formatter: one format and one width for all the values that will be shown. */
function formatter(x: NDArray, shown: ArrayLike<number>): Formatter {
  if (x.dtype === "bool" || x.dtype === "int32") {
    const str = x.dtype === "bool" ? (v: number) => (v ? "True" : "False") : String;
    let width = 1;
    for (let i = 0; i < shown.length; i++) width = Math.max(width, str(shown[i]).length);
    return { width, format: (v) => str(v).padStart(width) };
  }
  const vals: number[] = [];
  for (let i = 0; i < shown.length; i++) {
    const v = shown[i];
    if (Number.isFinite(v) && v !== 0) vals.push(v);
  }
  let intMode = true;
  let sci = false;
  let width = 1;
  if (vals.length > 0) {
    const abs = vals.map(Math.abs);
    const max = Math.max(...abs);
    const min = Math.min(...abs);
    intMode = vals.every((v) => v === Math.ceil(v));
    sci = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    for (const v of vals) {
      const len = sci
        ? toExpPy(v, PRECISION).length
        : intMode
          ? toFixedPy(v, 0).length + 1
          : toFixedPy(v, PRECISION).length;
      width = Math.max(width, len);
    }
  }
  const format = (v: number): string => {
    let s: string;
    if (!Number.isFinite(v)) s = special(v);
    else if (sci) s = toExpPy(v, PRECISION);
    else if (intMode) s = toFixedPy(v, 0) + ".";
    else s = toFixedPy(v, PRECISION);
    return s.padStart(width);
  };
  return { width, format };
}

/** Indices along one dim to print: all, or the first and last EDGE around a "..." (null). */
function picks(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, null, n - 3, n - 2, n - 1];
}

/** The bracketed body of a non-empty tensor, as PyTorch's _tensor_str. */
export function formatArray(x: NDArray, indent = PREFIX.length): string {
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
  if (shape.length === 0) return fmt.format(x.data[0]);

  const vector = (off: number, ind: number): string => {
    const items = picks(shape[shape.length - 1], summarize).map((i) =>
      i === null ? " ..." : fmt.format(x.data[off + i]),
    );
    const perLine = Math.max(1, Math.floor((LINEWIDTH - ind) / (fmt.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine)
      lines.push(items.slice(i, i + perLine).join(", "));
    return `[${lines.join(",\n" + " ".repeat(ind + 1))}]`;
  };
  const render = (dim: number, off: number, ind: number): string => {
    if (dim === shape.length - 1) return vector(off, ind);
    const parts = picks(shape[dim], summarize).map((i) =>
      i === null ? "..." : render(dim + 1, off + i * strides[dim], ind + 1),
    );
    const sep = "," + "\n".repeat(shape.length - dim - 1) + " ".repeat(ind + 1);
    return `[${parts.join(sep)}]`;
  };
  return render(0, 0, indent);
}

/** Appends `, suffix` to the last line, or `,\n` and the suffix where the line would pass 80. */
function addSuffixes(body: string, suffixes: string[]): string {
  let out = body;
  let lastLineLen = body.length - body.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > LINEWIDTH) {
      out += ",\n" + " ".repeat(PREFIX.length) + s;
      lastLineLen = PREFIX.length + s.length;
    } else {
      out += ", " + s;
      lastLineLen += s.length + 2;
    }
  }
  return out + ")";
}

/**
 * The whole text: body, then size (empty tensors not 1-D), dtype (when not float32, or bool when
 * not empty, as PyTorch leaves out its default dtypes), then `extras` (grad_fn or requires_grad).
 */
export function formatTensor(x: NDArray, extras: string[]): string {
  const suffixes: string[] = [];
  let body: string;
  const dtype = `dtype=torch.${x.dtype}`;
  if (x.size === 0) {
    if (x.ndim !== 1) suffixes.push(`size=(${x.shape.join(", ")})`);
    if (x.dtype !== "float32") suffixes.push(dtype);
    body = "[]";
  } else {
    if (x.dtype !== "float32" && x.dtype !== "bool") suffixes.push(dtype);
    body = formatArray(x);
  }
  return addSuffixes(PREFIX + body, [...suffixes, ...extras]);
}
