/**
 * Renders descent's Vega-Lite chart specs (src/plot) to files: SVG by Vega's headless renderer,
 * PNG by resvg (a Rust SVG renderer shipped as a prebuilt npm binary) with the DejaVu Sans font
 * from the dejavu-fonts-ttf package, so text renders the same on every machine.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "./files.js";

const require = createRequire(import.meta.url);

let fontFiles: string[] | null = null;

/** DejaVu Sans (regular and bold) from the dejavu-fonts-ttf package. */
function fonts(): string[] {
  if (!fontFiles) {
    fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) =>
      require.resolve(`dejavu-fonts-ttf/ttf/${f}`),
    );
  }
  return fontFiles;
}

/** A Vega-Lite spec as an SVG document (Vega's headless renderer, no DOM or canvas). */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG document as PNG bytes, at `scale` times its size (2 by default, for sharp text). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      fontFiles: fonts(),
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return r.render().asPng();
}

/** Writes `<base>.svg` and `<base>.png` (each atomically); returns their paths. */
export async function renderChart(spec: TopLevelSpec, base: string): Promise<string[]> {
  const svg = await toSvg(spec);
  const png = svgToPng(svg);
  writeFileAtomic(`${base}.svg`, svg, "--out");
  writeFileAtomic(`${base}.png`, png, "--out");
  return [`${base}.svg`, `${base}.png`];
}
