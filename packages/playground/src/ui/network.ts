/**
 * The network view: one column of units per layer (inputs first), each unit a small heat map of
 * its value over the plotted plane, links between columns coloured by the weight's sign and
 * sized by its magnitude. A unit shows large on hover or keyboard focus.
 */
import type { Activation } from "../core/config.js";
import { css, diverging } from "./colors.js";
import { paintGrid } from "./heatmap.js";

export interface NetShape {
  /** Units per column, inputs first. */
  sizes: number[];
  /** Column names ("inputs", "hidden 1", ..., "output"). */
  names: string[];
  /** Per column: labels of the units (input names, or "unit 3"). */
  unitLabels: string[][];
  /** How each column's values are scaled to colours. */
  acts: (Activation | "input" | "probability" | "output")[];
}

const GAP = 3;
/** Levels of link colour and width on each side of 0. */
const STEPS = 10;

export class NetworkView {
  private readonly links: HTMLCanvasElement;
  private readonly cols: HTMLElement;
  private readonly zoom: HTMLCanvasElement;
  private readonly zoomLabel: HTMLElement;
  private units: HTMLCanvasElement[][] = [];
  private shape: NetShape | null = null;
  private last: { grids: Float32Array[]; g: number } | null = null;
  private zoomed: [number, number] | null = null;

  constructor(private readonly root: HTMLElement) {
    root.innerHTML = "";
    this.links = document.createElement("canvas");
    this.links.className = "net-links";
    this.links.setAttribute("aria-hidden", "true");
    this.cols = document.createElement("div");
    this.cols.className = "net-cols";
    const zoomBox = document.createElement("figure");
    zoomBox.className = "net-zoom";
    this.zoom = document.createElement("canvas");
    this.zoom.width = this.zoom.height = 120;
    this.zoom.setAttribute("role", "img");
    this.zoom.setAttribute("aria-label", "large view of the unit under the pointer or in focus");
    this.zoomLabel = document.createElement("figcaption");
    zoomBox.append(this.zoom, this.zoomLabel);
    root.append(this.links, this.cols, zoomBox);
  }

  /** Lays out the columns for a new network. */
  setShape(shape: NetShape): void {
    this.shape = shape;
    this.cols.innerHTML = "";
    this.units = [];
    const size = Math.max(...shape.sizes);
    const px = Math.max(8, Math.min(30, Math.floor(300 / size) - GAP));
    shape.sizes.forEach((n, l) => {
      const col = document.createElement("div");
      col.className = "net-col";
      const h = document.createElement("div");
      h.className = "net-col-name";
      h.textContent = `${shape.names[l]} (${n})`;
      col.append(h);
      const list: HTMLCanvasElement[] = [];
      for (let j = 0; j < n; j++) {
        const c = document.createElement("canvas");
        c.width = c.height = px;
        c.className = "unit";
        c.tabIndex = 0;
        c.setAttribute("role", "img");
        c.setAttribute(
          "aria-label",
          `${shape.names[l]}, ${shape.unitLabels[l][j]}: its value over the plotted plane`,
        );
        c.title = `${shape.names[l]}: ${shape.unitLabels[l][j]}`;
        const show = () => this.showZoom(l, j);
        c.addEventListener("mouseenter", show);
        c.addEventListener("focus", show);
        list.push(c);
        col.append(c);
      }
      this.units.push(list);
      this.cols.append(col);
    });
    this.zoomed = null;
    this.layout = null;
    this.zoomLabel.textContent = "Hover over or focus a unit to see it large.";
  }

  private colorOf(l: number, grid: Float32Array, n: number, j: number, maxAbs: number) {
    const act = this.shape!.acts[l];
    return (i: number) => {
      const v = grid[i * n + j];
      if (act === "sigmoid" || act === "probability") return diverging(2 * v - 1);
      if (act === "tanh") return diverging(v);
      return diverging(v / maxAbs);
    };
  }

  private paint(canvas: HTMLCanvasElement, l: number, j: number) {
    if (!this.last) return;
    const { grids, g } = this.last;
    const grid = grids[l];
    const n = this.shape!.sizes[l];
    if (!grid || grid.length < g * g * n) return;
    let maxAbs = 1e-9;
    for (let i = 0; i < g * g; i++) maxAbs = Math.max(maxAbs, Math.abs(grid[i * n + j]));
    paintGrid(canvas, g, this.colorOf(l, grid, n, j, maxAbs));
  }

  private showZoom(l: number, j: number) {
    this.zoomed = [l, j];
    this.zoomLabel.textContent = `${this.shape!.names[l]}, ${this.shape!.unitLabels[l][j]}`;
    this.zoom.setAttribute("aria-label", `large view of ${this.zoomLabel.textContent}`);
    this.paint(this.zoom, l, j);
  }

  /** Repaints the units from new grids and the links from new weights ([out, in] per layer). */
  update(grids: Float32Array[], g: number, weights: { w: Float32Array }[]): void {
    this.last = { grids, g };
    this.units.forEach((list, l) => list.forEach((c, j) => this.paint(c, l, j)));
    if (this.zoomed) this.paint(this.zoom, ...this.zoomed);
    this.drawLinks(weights);
  }

  /** Unit centres (left and right edges) relative to the view, measured once per layout. */
  private layout: { w: number; h: number; l: number[][][]; r: number[][][] } | null = null;

  private measure() {
    const box = this.root.getBoundingClientRect();
    if (this.layout && this.layout.w === box.width && this.layout.h === box.height)
      return this.layout;
    const at = (c: HTMLCanvasElement, right: boolean) => {
      const r = c.getBoundingClientRect();
      return [(right ? r.right : r.left) - box.left, r.top + r.height / 2 - box.top];
    };
    const dpr = window.devicePixelRatio || 1;
    this.links.width = Math.round(box.width * dpr);
    this.links.height = Math.round(box.height * dpr);
    this.layout = {
      w: box.width,
      h: box.height,
      l: this.units.map((list) => list.map((c) => at(c, false))),
      r: this.units.map((list) => list.map((c) => at(c, true))),
    };
    return this.layout;
  }

  /**
   * The links, batched: each weight's v / max|w| is rounded to one of 2·STEPS + 1 levels, and each
   * level is one path with one colour and width, so a frame strokes at most 2·STEPS + 1 paths
   * however many links there are (a 4 x 32 ReLU net has over 3,000).
   */
  private drawLinks(weights: { w: Float32Array }[]) {
    const lay = this.measure();
    const dpr = window.devicePixelRatio || 1;
    const ctx = this.links.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, lay.w, lay.h);
    const paths = Array.from({ length: 2 * STEPS + 1 }, () => new Path2D());
    weights.forEach(({ w }, l) => {
      const from = lay.r[l];
      const to = lay.l[l + 1];
      if (!from || !to) return;
      let maxAbs = 1e-9;
      for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
      for (let o = 0; o < to.length; o++) {
        const [x1, y1] = to[o];
        for (let i = 0; i < from.length; i++) {
          const t = w[o * from.length + i] / maxAbs;
          const level = Number.isFinite(t) ? Math.round(Math.max(-1, Math.min(1, t)) * STEPS) : 0;
          const p = paths[level + STEPS];
          p.moveTo(from[i][0], from[i][1]);
          p.lineTo(x1, y1);
        }
      }
    });
    paths.forEach((p, k) => {
      const t = (k - STEPS) / STEPS;
      ctx.strokeStyle = css(diverging(t));
      ctx.lineWidth = 0.3 + 3 * Math.abs(t);
      ctx.stroke(p);
    });
  }
}
