/**
 * The plane the heat maps cover: the two plotted columns over the data's range plus a margin, the
 * other columns held at their training mean. Pure.
 */
import type { Table } from "./data.js";

export interface Extent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The range of columns cx, cy over the rows of the tables, widened by 10% on each side. */
export function extentOf(tables: readonly Table[], cx: number, cy: number): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const t of tables) {
    for (let i = 0; i < t.n; i++) {
      const a = t.X[i * t.d + cx];
      const b = t.X[i * t.d + cy];
      if (a < x0) x0 = a;
      if (a > x1) x1 = a;
      if (b < y0) y0 = b;
      if (b > y1) y1 = b;
    }
  }
  if (!(x1 > x0)) [x0, x1] = [x0 - 1, x0 + 1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const mx = 0.1 * (x1 - x0);
  const my = 0.1 * (y1 - y0);
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}

/** Column means of a table. */
export function columnMeans(t: Table): Float32Array {
  const m = new Float32Array(t.d);
  for (let i = 0; i < t.n; i++) for (let j = 0; j < t.d; j++) m[j] += t.X[i * t.d + j];
  return m.map((v) => (t.n ? v / t.n : 0));
}

/**
 * Rows [g*g, d] of a g x g grid over the extent, row 0 at the top (largest y): column cx runs
 * left to right, cy top to bottom, the others are `fill`.
 */
export function gridRows(
  e: Extent,
  g: number,
  d: number,
  cx: number,
  cy: number,
  fill: Float32Array,
): Float32Array {
  const out = new Float32Array(g * g * d);
  for (let r = 0; r < g; r++) {
    const y = e.y1 - ((r + 0.5) / g) * (e.y1 - e.y0);
    for (let c = 0; c < g; c++) {
      const k = (r * g + c) * d;
      out.set(fill, k);
      out[k + cx] = e.x0 + ((c + 0.5) / g) * (e.x1 - e.x0);
      out[k + cy] = y;
    }
  }
  return out;
}
