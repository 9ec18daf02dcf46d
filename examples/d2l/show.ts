/**
 * What the new-edition d2l programs share: `Printer.show(label, value)` prints a value as the
 * book's cell output does (tensors as PyTorch prints them) and keeps its numbers under `label`,
 * so test/examples_d2l_v1.test.ts can compare them with what PyTorch printed for the same line
 * (packages/descent/scripts/golden/d2l_v1.py writes those into test/fixtures/d2l_v1.json).
 */
import { Tensor } from "descent";

/** A printed value's numbers: its shape ([] for a scalar) and its elements in row-major order. */
export interface Shown {
  shape: number[];
  values: number[];
}

export type Showable = Tensor | number | boolean | readonly number[];

export interface SectionOptions {
  /** Where the lines go (default console.log). */
  log?: (line: string) => void;
}

export class Printer {
  /** Every value shown so far, by label. */
  readonly shown: Record<string, Shown> = {};
  constructor(private readonly log: (line: string) => void = console.log) {}

  /** Prints `label: value` (a tensor on the following lines) and records its numbers. */
  show(label: string, value: Showable): void {
    if (label in this.shown) throw new Error(`Printer.show: the label '${label}' is used twice`);
    const text = value instanceof Tensor ? value.toString() : brief(value);
    this.log(text.includes("\n") ? `${label}:\n${text}` : `${label}: ${text}`);
    this.shown[label] = numbersOf(value);
  }
}

/** A number, a boolean or a list, long lists cut to their ends. */
function brief(value: number | boolean | readonly number[]): string {
  if (typeof value !== "object" || value.length <= 8) return JSON.stringify(value);
  const ends = [...value.slice(0, 3), "...", ...value.slice(-3)].map((v) =>
    typeof v === "number" ? v.toFixed(4) : v,
  );
  return `[${ends.join(", ")}] (${value.length} values)`;
}

function numbersOf(value: Showable): Shown {
  if (value instanceof Tensor) {
    const flat = value.reshape(-1).tolist() as (number | boolean)[];
    return { shape: value.shape, values: flat.map(Number) };
  }
  if (typeof value === "number" || typeof value === "boolean")
    return { shape: [], values: [Number(value)] };
  return { shape: [value.length], values: [...value] };
}

/** Whether this module is the program node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === new URL(`file://${process.argv[1]}`).href;
}
