/** Colour scales for the heat maps (TensorFlow Playground's orange-white-blue) and class colours. */

export type RGB = [number, number, number];

const NEG: RGB = [245, 147, 34];
const POS: RGB = [8, 119, 189];
const MID: RGB = [248, 248, 248];

/** Classes 0..5: orange, blue, then green, purple, red, teal. */
export const CLASS_COLORS: RGB[] = [
  NEG,
  POS,
  [46, 160, 67],
  [130, 80, 200],
  [210, 50, 60],
  [20, 160, 160],
];

export const css = ([r, g, b]: RGB): string => `rgb(${r},${g},${b})`;

const mix = (a: RGB, b: RGB, t: number): RGB => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** t in [-1, 1]: orange below 0, white at 0, blue above. */
export function diverging(t: number): RGB {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return c < 0 ? mix(MID, NEG, -c) : mix(MID, POS, c);
}

/** Class colour faded towards white by confidence (0: white, 1: the class colour). */
export function classShade(cls: number, confidence: number): RGB {
  return mix(MID, CLASS_COLORS[cls % CLASS_COLORS.length], Math.max(0, Math.min(1, confidence)));
}
