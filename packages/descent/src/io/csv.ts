import type { CsvData, CsvFeatures, ParseCsvOptions } from "../data/csv.js";
import { parseCsv } from "../data/csv.js";
import { readBytes, withPath } from "./read_bytes.js";

/**
 * Reads a CSV file (UTF-8, plain or gzipped) into features and labels: `parseCsv` over the
 * file's text, with the same options and defaults (header row, label in the last column,
 * float32 `X`). Parse errors keep `parseCsv`'s message and add the file,
 * e.g. `csv: line 7, column 3 ('petal_width'): 'abc' is not a number (in 'iris.csv')`.
 *
 * ```ts
 * const { X, y, featureNames } = loadCsv("iris.csv", { labelColumn: "species" });
 * ```
 *
 * Node only. pandas: `pd.read_csv(path)` then splitting off the label column.
 */
export function loadCsv(
  path: string,
  options: ParseCsvOptions & { labelColumn: null },
): CsvFeatures;
export function loadCsv(path: string, options?: ParseCsvOptions): CsvData;
export function loadCsv(path: string, options: ParseCsvOptions = {}): CsvData | CsvFeatures {
  const text = new TextDecoder("utf-8").decode(readBytes(path, "loadCsv"));
  return withPath(path, () => parseCsv(text, options));
}
