/** Shape arithmetic shared by every layer: sizes, strides, dims and broadcasting. */
export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** A shape as messages show it, `[2, 3]`; a long one is cut: `[1, 1, 1, 1, 1, 1, 1, 1, … (100000 dims)]`. */
export function fmtShape(shape: Shape): string {
  if (shape.length <= 16) return `[${shape.join(", ")}]`;
  return `[${shape.slice(0, 8).join(", ")}, … (${shape.length} dims)]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Turns a possibly negative dim into 0..ndim-1, or throws naming the op. */
export function normalizeDim(dim: number, ndim: number, op: string): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(
      `${op}: dimension ${dim} is out of range for a tensor with ${ndim} dimension(s) (expected ${lo}..${hi})`,
    );
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** NumPy/PyTorch broadcasting of two shapes, or an error that names the op and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together ` +
          `(dimension ${i - n} is ${da} vs ${db}; sizes must match or be 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Checks that a user-given shape is a list of non-negative integers. */
export function checkShape(shape: readonly unknown[], op: string): number[] {
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new TypeError(
        `${op}: invalid shape ${fmtShape(shape.map((d) => String(d).slice(0, 20)) as unknown as number[])}; sizes must be non-negative integers`,
      );
    }
  }
  return shape as number[];
}
