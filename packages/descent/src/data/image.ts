/**
 * Resizes a batch of images `[N, C, H, W]` (row-major values in `data`) to `[N, C, outH, outW]`
 * by bilinear interpolation, as `F.interpolate(x, size=(outH, outW), mode="bilinear",
 * align_corners=False)` in PyTorch: output pixel `o` samples the input at
 * `max((o + 0.5) * H / outH - 0.5, 0)`, between its two nearest pixels (no antialiasing when
 * shrinking).
 */
export function resizeBilinear(
  data: Float32Array,
  shape: readonly [number, number, number, number],
  outH: number,
  outW: number,
): Float32Array {
  const [n, c, h, w] = shape;
  for (const [name, v] of [
    ["height", outH],
    ["width", outW],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`resize: the output ${name} must be a positive integer, got ${v}`);
    }
  }
  if (data.length !== n * c * h * w) {
    throw new RangeError(
      `resize: shape [${shape.join(", ")}] needs ${n * c * h * w} values, got ${data.length}`,
    );
  }
  const ys = axis(h, outH);
  const xs = axis(w, outW);
  const out = new Float32Array(n * c * outH * outW);
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < outH; oy++) {
      const r0 = base + ys.i0[oy] * w;
      const r1 = base + ys.i1[oy] * w;
      const ly = ys.l[oy];
      for (let ox = 0; ox < outW; ox++) {
        const x0 = xs.i0[ox];
        const x1 = xs.i1[ox];
        const lx = xs.l[ox];
        const top = data[r0 + x0] * (1 - lx) + data[r0 + x1] * lx;
        const bottom = data[r1 + x0] * (1 - lx) + data[r1 + x1] * lx;
        out[k++] = top * (1 - ly) + bottom * ly;
      }
    }
  }
  return out;
}

/** Source indices and weights along one axis (half-pixel centres, clamped at the edges). */
function axis(
  inSize: number,
  outSize: number,
): { i0: Int32Array; i1: Int32Array; l: Float64Array } {
  const scale = inSize / outSize;
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const l = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = Math.max((o + 0.5) * scale - 0.5, 0);
    const a = Math.min(Math.floor(src), inSize - 1);
    i0[o] = a;
    i1[o] = Math.min(a + 1, inSize - 1);
    l[o] = src - a;
  }
  return { i0, i1, l };
}
