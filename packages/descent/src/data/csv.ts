import type { Tensor } from "../tensor/index.js";
import { fromTypedArray } from "../tensor/index.js";
import { excerpt } from "../util/text.js";

/** How `parseCsv` turns the label column into `y`. */
export type CsvLabelDtype = "auto" | "int32" | "float32" | "float64" | "category";

/** Options of `parseCsv`. */
export interface ParseCsvOptions {
  /** The first record names the columns (default true); without it columns are named "0", "1", ... */
  header?: boolean;
  /**
   * The label column: a header name, or an index (negative counts from the end). Default: the last
   * column. `null`: no label column (every column is a feature; the result has no `y`).
   */
  labelColumn?: string | number | null;
  /** One character between fields (default ","; "\t" for TSV, ";" ...). */
  delimiter?: string;
  /**
   * `y`'s type. "auto" (default): int32 when every label is a whole number, float32 when all are
   * numbers, else "category". "category": the distinct labels sorted (numbers numerically, text
   * by code point) become `classes`, and `y` holds each label's index in it (int32).
   */
  labelDtype?: CsvLabelDtype;
  /** `X`'s type (default float32; float64 keeps every digit of the file). */
  dtype?: "float32" | "float64";
}

/** What `parseCsv` returns: features `X: [N, F]`, labels `y: [N]`, and the column names. */
export interface CsvData {
  X: Tensor;
  y: Tensor;
  featureNames: string[];
  labelName: string;
  /** With `labelDtype` "category" (or "auto" on text labels): the label of each class index. */
  classes?: string[];
}

/** What `parseCsv` returns with `labelColumn: null`. */
export interface CsvFeatures {
  X: Tensor;
  featureNames: string[];
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** The special values a cell may hold (a Map: a cell `constructor` or `__proto__` is not one). */
const SPECIAL = new Map<string, number>([
  ["nan", NaN],
  ["+nan", NaN],
  ["-nan", NaN],
  ["inf", Infinity],
  ["+inf", Infinity],
  ["-inf", -Infinity],
  ["infinity", Infinity],
  ["+infinity", Infinity],
  ["-infinity", -Infinity],
]);

/**
 * Parses CSV text into a feature matrix and a label vector, like
 * `pd.read_csv(...)` followed by `X = df.drop(columns=label).to_numpy(np.float32)`,
 * `y = df[label].to_numpy()`. Pure: no file system (see `loadCsv` in io for files).
 *
 * The format is RFC 4180: fields separated by `delimiter`, records by `\n`, `\r\n` or a lone `\r` (old Mac files); a field
 * may be quoted (`"a, b"`, with `""` for a quote inside); blank lines are skipped; a leading
 * byte-order mark is ignored. Numbers are decimal (`1`, `-2.5`, `.5`, `1e-3`) with optional
 * spaces around them; `nan` and `inf` (any case, signed) are accepted too.
 *
 * Errors name the place, e.g. `csv: line 7, column 3 ('petal_width'): 'abc' is not a number`,
 * or `csv: line 4 has 3 fields but the header has 5` (lines and columns count from 1, as an
 * editor shows them).
 *
 * ```ts
 * const { X, y, featureNames, labelName } = parseCsv("a,b,label\n1,2,0\n3,4,1\n");
 * // X: float32 [2, 2], y: int32 [0, 1], featureNames ["a", "b"], labelName "label"
 * ```
 */
export function parseCsv(
  text: string,
  options: ParseCsvOptions & { labelColumn: null },
): CsvFeatures;
export function parseCsv(text: string, options?: ParseCsvOptions): CsvData;
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvData | CsvFeatures {
  const {
    header = true,
    labelColumn = -1,
    delimiter = ",",
    labelDtype = "auto",
    dtype = "float32",
  } = options;
  if (typeof text !== "string")
    throw new TypeError(`csv: expected text (a string), got ${typeof text}`);
  if (typeof delimiter !== "string" || delimiter.length !== 1 || '"\r\n'.includes(delimiter)) {
    throw new RangeError(
      `csv: delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  if (!["auto", "int32", "float32", "float64", "category"].includes(labelDtype)) {
    throw new RangeError(
      `csv: unknown labelDtype ${JSON.stringify(labelDtype)}; expected auto, int32, float32, float64 or category`,
    );
  }
  if (dtype !== "float32" && dtype !== "float64") {
    throw new RangeError(`csv: dtype must be float32 or float64, got ${JSON.stringify(dtype)}`);
  }

  let names: string[] | null = null;
  let width = -1;
  let label = -1; // column index of the label, -1 for none
  let widthLine = 0;
  let features = new Float64Array(1024);
  let nValues = 0;
  const labels: string[] = [];
  const labelLines: number[] = [];
  let rows = 0;

  const setup = (n: number, line: number): void => {
    width = n;
    widthLine = line;
    if (labelColumn === null) label = -1;
    else if (typeof labelColumn === "number") {
      if (!Number.isInteger(labelColumn) || labelColumn < -n || labelColumn >= n) {
        throw new RangeError(
          `csv: labelColumn ${labelColumn} is out of range for ${n} columns (expected ${-n}..${n - 1})`,
        );
      }
      label = labelColumn < 0 ? labelColumn + n : labelColumn;
    } else {
      if (!names) {
        throw new RangeError(
          `csv: labelColumn '${excerpt(labelColumn)}' is a name, but the file has no header (header: false); give the column's index instead`,
        );
      }
      label = names.indexOf(labelColumn);
      if (label < 0) {
        throw new RangeError(
          `csv: label column '${excerpt(labelColumn)}' not found; the columns are ${excerpt(names.map((s) => `'${s}'`).join(", "), 200)}`,
        );
      }
    }
    if (!names) names = Array.from({ length: n }, (_, i) => String(i));
  };

  forEachRecord(text, delimiter.charCodeAt(0), (fields, line, fieldLines) => {
    if (width < 0 && header && !names) {
      names = fields.map((s) => s.trim());
      setup(fields.length, line);
      return;
    }
    if (width < 0) setup(fields.length, line);
    if (fields.length !== width) {
      const ref = header ? "the header has" : `line ${widthLine} has`;
      throw new RangeError(`csv: line ${line} has ${fields.length} fields but ${ref} ${width}`);
    }
    if (nValues + width > features.length) {
      const grown = new Float64Array(Math.max(features.length * 2, nValues + width));
      grown.set(features.subarray(0, nValues));
      features = grown;
    }
    for (let c = 0; c < width; c++) {
      if (c === label) {
        labels.push(fields[c]);
        labelLines.push(fieldLines[c]);
        continue;
      }
      const v = parseNumber(fields[c]);
      if (v === null) throw cellError(fieldLines[c], c, names![c], fields[c]);
      features[nValues++] = v;
    }
    rows++;
  });

  if (width < 0) {
    throw new RangeError(
      header ? "csv: no header line: the text is empty" : "csv: the text is empty",
    );
  }
  const nFeatures = label < 0 ? width : width - 1;
  const X =
    dtype === "float64"
      ? features.slice(0, nValues)
      : Float32Array.from(features.subarray(0, nValues));
  const Xt = fromTypedArray(X, [rows, nFeatures]);
  const featureNames = names!.filter((_, i) => i !== label);
  if (label < 0) return { X: Xt, featureNames };
  const labelName = names![label];
  const lab = parseLabels(labels, labelLines, label, labelName, labelDtype);
  const out: CsvData = { X: Xt, y: lab.y, featureNames, labelName };
  if (lab.classes) out.classes = lab.classes;
  return out;
}

/** A decimal number (or nan/inf), or null when the text is not one. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (NUMBER.test(t)) return Number(t);
  const special = SPECIAL.get(t.toLowerCase());
  return special === undefined ? null : special;
}

function cellError(line: number, col: number, name: string, value: string): RangeError {
  const what =
    value.trim() === "" ? "an empty cell is not a number" : `'${excerpt(value)}' is not a number`;
  return new RangeError(`csv: line ${line}, column ${col + 1} ('${excerpt(name)}'): ${what}`);
}

function parseLabels(
  labels: readonly string[],
  lines: readonly number[],
  col: number,
  name: string,
  labelDtype: CsvLabelDtype,
): { y: Tensor; classes?: string[] } {
  const n = labels.length;
  if (labelDtype === "category" || labelDtype === "auto") {
    const nums = labels.map(parseNumber);
    const numeric = nums.every((v) => v !== null);
    if (labelDtype === "auto" && numeric) {
      const whole = nums.every((v) => Number.isInteger(v) && Math.abs(v!) <= 0x7fffffff);
      return {
        y: fromTypedArray(
          whole ? Int32Array.from(nums as number[]) : Float32Array.from(nums as number[]),
        ),
      };
    }
    const keys = numeric ? (nums as number[]) : labels.map((s) => s.trim());
    const distinct = [...new Set<number | string>(keys)];
    if (numeric) (distinct as number[]).sort((a, b) => a - b);
    else (distinct as string[]).sort(compareCodePoints);
    const index = new Map(distinct.map((k, i) => [k, i]));
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) y[i] = index.get(keys[i])!;
    return { y: fromTypedArray(y), classes: distinct.map(String) };
  }
  const out =
    labelDtype === "int32"
      ? new Int32Array(n)
      : labelDtype === "float32"
        ? new Float32Array(n)
        : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = parseNumber(labels[i]);
    if (v === null) throw cellError(lines[i], col, name, labels[i]);
    if (labelDtype === "int32" && (!Number.isInteger(v) || Math.abs(v) > 0x7fffffff)) {
      throw new RangeError(
        `csv: line ${lines[i]}, column ${col + 1} ('${excerpt(name)}'): '${excerpt(labels[i])}' is not a whole number (labelDtype int32)`,
      );
    }
    out[i] = v;
  }
  return { y: fromTypedArray(out) };
}

/**
 * Orders strings by Unicode code point, as numpy's `np.unique` and Python's `sorted` do (`<` on
 * strings compares UTF-16 code units, which puts U+FF5E before U+1F600).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Splits CSV text into records and calls `onRecord(fields, line, fieldLines)` for each non-blank
 * one, with the 1-based line where the record (and each field) starts.
 */
export function forEachRecord(
  text: string,
  delim: number,
  onRecord: (fields: string[], line: number, fieldLines: number[]) => void,
): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    // A blank line is skipped.
    const c0 = text.charCodeAt(i);
    if (c0 === LF) {
      line++;
      i++;
      continue;
    }
    if (c0 === CR) {
      line++;
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    const fieldLines: number[] = [];
    for (;;) {
      fieldLines.push(line);
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const openCol = fields.length + 1;
        let parts = "";
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw new RangeError(
              `csv: line ${openLine}, column ${openCol}: unterminated quoted field (no closing '"' before the end of the text)`,
            );
          }
          const chunk = text.slice(j, q);
          for (let k = 0; k < chunk.length; k++) {
            const ch = chunk.charCodeAt(k);
            if (ch === LF || (ch === CR && chunk.charCodeAt(k + 1) !== LF)) line++;
          }
          parts += chunk;
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the next delimiter is kept (`"a"b` -> `ab`).
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        field = parts + text.slice(i, k);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        field = text.slice(i, k);
        i = k;
      }
      fields.push(field);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    onRecord(fields, recordLine, fieldLines);
  }
}
