/** Heat maps on canvas: the output over the plotted plane, with the data points on top. */
import type { Table } from "../core/data.js";
import type { Extent } from "../core/grid.js";
import type { RGB } from "./colors.js";
import { CLASS_COLORS, classShade, css, diverging } from "./colors.js";

/** What the model's output means, for colouring. */
export type OutputKind =
  { kind: "binary" } | { kind: "classes"; k: number } | { kind: "regression"; scale: number };

/** The colour of one grid cell from its nOut output values. */
export function cellColor(v: Float32Array, i: number, nOut: number, out: OutputKind): RGB {
  if (out.kind === "regression") return diverging(v[i] / out.scale);
  if (out.kind === "binary") return diverging(2 * v[i] - 1);
  let best = 0;
  for (let j = 1; j < nOut; j++) if (v[i * nOut + j] > v[i * nOut + best]) best = j;
  const p = v[i * nOut + best];
  const k = out.k;
  return classShade(best, ((p - 1 / k) / (1 - 1 / k)) * 0.8);
}

/** Paints g x g cells of colours from `color(i)` onto the canvas, smoothed to its size. */
const scratch = new Map<number, { img: ImageData; off: OffscreenCanvas }>();

export function paintGrid(canvas: HTMLCanvasElement, g: number, color: (i: number) => RGB): void {
  let buf = scratch.get(g);
  if (!buf) scratch.set(g, (buf = { img: new ImageData(g, g), off: new OffscreenCanvas(g, g) }));
  const { img, off } = buf;
  for (let i = 0; i < g * g; i++) {
    const [r, gg, b] = color(i);
    img.data[4 * i] = r;
    img.data[4 * i + 1] = gg;
    img.data[4 * i + 2] = b;
    img.data[4 * i + 3] = 255;
  }
  off.getContext("2d")!.putImageData(img, 0, 0);
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
}

/** Draws the points of the plotted columns: train filled, test with a black ring. */
export function drawPoints(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  e: Extent,
  cx: number,
  cy: number,
  tables: { t: Table; test: boolean }[],
  out: OutputKind,
): void {
  const ctx = canvas.getContext("2d") as
    CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  const sx = canvas.width / (e.x1 - e.x0);
  const sy = canvas.height / (e.y1 - e.y0);
  const r = Math.max(2, canvas.width / 160);
  for (const { t, test } of tables) {
    ctx.lineWidth = test ? 1.2 : 0.8;
    ctx.strokeStyle = test ? "#333" : "#fff";
    for (let i = 0; i < t.n; i++) {
      const x = (t.X[i * t.d + cx] - e.x0) * sx;
      const y = (e.y1 - t.X[i * t.d + cy]) * sy;
      const v = Number(t.y[i]);
      ctx.fillStyle = css(
        out.kind === "regression"
          ? diverging(v / out.scale)
          : CLASS_COLORS[v % CLASS_COLORS.length],
      );
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}
