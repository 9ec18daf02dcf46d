/**
 * A row of small grey-scale images with a caption above each, as a Vega-Lite spec: d2l's
 * `show_images`, used by `predict_ch3` to show test images with their true and predicted labels.
 * Each image is a heat map of `rect` marks (one per pixel, on band scales), so the chart needs no
 * image URLs and renders the same wherever Vega runs.
 */
import type { TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "./charts.js";

export interface ImageGridData {
  /** The pixels, image after image, each `height` x `width` row-major. */
  images: ArrayLike<number>;
  height: number;
  width: number;
  /** The caption of each image, one string a line (e.g. `["coat", "pullover"]`). */
  captions: readonly (readonly string[])[];
  /** Caption colour of each image (e.g. red where a prediction is wrong); default dark grey. */
  captionColors?: readonly string[];
  title?: string;
  subtitle?: string;
  /** Pixel values drawn black and white (default [0, 1], as ToTensor's images). */
  domain?: readonly [number, number];
  /** Light shapes on a black ground, as the images are stored (default true), or dark on white. */
  blackGround?: boolean;
  /** Size of one pixel in the chart (default 3). */
  pixelSize?: number;
}

/**
 * One chart of `captions.length` images side by side, each captioned (several lines allowed),
 * like d2l's `show_images(X, 1, n, titles=titles)`.
 *
 * ```ts
 * imageGridSpec({ images: pixels, height: 28, width: 28, captions: [["coat", "shirt"], ...] });
 * ```
 */
export function imageGridSpec(d: ImageGridData): TopLevelSpec {
  const { height: h, width: w } = d;
  const n = d.captions.length;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(
      `imageGridSpec: height and width must be positive integers, got ${h}, ${w}`,
    );
  }
  if (n === 0) throw new RangeError("imageGridSpec: no images (captions is empty)");
  if (d.images.length !== n * h * w) {
    throw new RangeError(
      `imageGridSpec: ${n} captions need ${n} images of ${h} x ${w} = ${n * h * w} pixels, got ${d.images.length}`,
    );
  }
  if (d.captionColors && d.captionColors.length !== n) {
    throw new RangeError(
      `imageGridSpec: ${n} captions but ${d.captionColors.length} caption colours`,
    );
  }
  const px = d.pixelSize ?? 3;
  const domain = [...(d.domain ?? [0, 1])];
  const band = { paddingInner: 0, paddingOuter: 0 };
  const charts = Array.from({ length: n }, (_, k) => {
    const values = new Array<{ x: number; y: number; v: number }>(h * w);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++)
        values[i * w + j] = { x: j, y: i, v: d.images[k * h * w + i * w + j] };
    }
    return {
      title: {
        text: d.captions[k].slice(),
        color: d.captionColors?.[k] ?? "#333",
        fontSize: 11,
        fontWeight: "normal" as const,
        anchor: "middle" as const,
      },
      width: w * px,
      height: h * px,
      data: { values },
      mark: { type: "rect" as const, strokeWidth: 0 },
      encoding: {
        x: { field: "x", type: "ordinal" as const, axis: null, scale: band },
        y: { field: "y", type: "ordinal" as const, axis: null, scale: band },
        color: {
          field: "v",
          type: "quantitative" as const,
          legend: null,
          scale: { scheme: "greys", domain, clamp: true, reverse: d.blackGround ?? true },
        },
      },
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    ...(d.title ? { title: d.subtitle ? { text: d.title, subtitle: d.subtitle } : d.title } : {}),
    background: "white",
    padding: 10,
    spacing: 10,
    hconcat: charts,
    config: {
      font: CHART_FONT,
      title: { fontSize: 16, subtitleFontSize: 11, subtitleColor: "#555" },
      view: { stroke: null },
    },
  };
}
