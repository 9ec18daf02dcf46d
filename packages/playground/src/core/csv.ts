/**
 * Your own data: CSV text to a DataSet with the library's parseCsv (header optional: a first
 * line of numbers is data; the label is the last column unless named or numbered). A bad file
 * throws an Error whose message names the line and the problem; the caller keeps its old data.
 */
import { data } from "descent";
import type { DataSet } from "./data.js";
import { LIMITS } from "./config.js";

/** Classes above this many distinct labels make the CSV a regression set. */
const MAX_CLASSES = LIMITS.nClasses[1];

/** Whether the first non-empty line is all numbers (then the file has no header). */
function firstLineNumeric(text: string, delimiter: string): boolean {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return line.split(delimiter).every((f) => f.trim() !== "" && Number.isFinite(Number(f.trim())));
}

/** `labelColumn`: "" for the last column, a header name, or a 1-based column number. */
export function parseCsvData(text: string, labelColumn = ""): DataSet {
  if (text.trim() === "") throw new Error("CSV: the text is empty");
  const delimiter =
    !text.includes(",") && text.includes("\t") ? "\t" : text.includes(",") ? "," : ";";
  const header = !firstLineNumeric(text, delimiter);
  const lc = labelColumn.trim();
  const label = lc === "" ? -1 : /^\d+$/.test(lc) ? Number(lc) - 1 : lc;
  const opts = { header, delimiter, labelColumn: label };
  const parsed = data.parseCsv(text, { ...opts, labelDtype: "auto" });
  const [n, d] = parsed.X.shape;
  if (n < 2) throw new Error(`CSV: ${n} data line${n === 1 ? "" : "s"}; at least 2 are needed`);
  if (d < 1 || d > LIMITS.nFeatures[1])
    throw new Error(`CSV: ${d} feature columns; the playground takes 1 to ${LIMITS.nFeatures[1]}`);
  const X = Float32Array.from(parsed.X.toTypedArray());
  const yRaw = parsed.y.toTypedArray();
  const distinct = new Set(yRaw).size;
  const whole = parsed.y.dtype === "int32";
  let y: Int32Array | Float32Array;
  let nClasses: number;
  if ((whole || parsed.classes) && distinct <= MAX_CLASSES) {
    const cat = data.parseCsv(text, { ...opts, labelDtype: "category" });
    y = Int32Array.from(cat.y.toTypedArray());
    nClasses = Math.max(2, cat.classes?.length ?? distinct);
  } else if (parsed.classes) {
    throw new Error(
      `CSV: the label column has ${distinct} different texts; the playground takes at most ${MAX_CLASSES} classes`,
    );
  } else {
    y = Float32Array.from(yRaw);
    nClasses = 0;
  }
  if (d === 1) {
    // One feature: a second column of zeros so the plane can still be drawn.
    const X2 = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) X2[2 * i] = X[i];
    return { X: X2, y, n, d: 2, nClasses, columnNames: [parsed.featureNames[0], "(zero)"] };
  }
  return {
    X,
    y,
    n,
    d,
    nClasses,
    columnNames: header ? parsed.featureNames : Array.from({ length: d }, (_, j) => `x${j + 1}`),
  };
}
