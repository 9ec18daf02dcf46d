import type { CsvData, CsvFeatures, ParseCsvOptions } from "../data/csv.js";
import { parseCsv } from "../data/csv.js";
import type { ReadLimits } from "./read_bytes.js";
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
 * The file must be a regular file of at most `maxBytes` (default 2 GiB), inflating to at most
 * `maxDecompressedBytes` when gzipped (default 2 GiB); see `ReadLimits`.
 *
 * Node only. pandas: `pd.read_csv(path)` then splitting off the label column.
 */
export function loadCsv(
  path: string,
  options: ParseCsvOptions & ReadLimits & { labelColumn: null },
): CsvFeatures;
export function loadCsv(path: string, options?: ParseCsvOptions & ReadLimits): CsvData;
export function loadCsv(
  path: string,
  options: ParseCsvOptions & ReadLimits = {},
): CsvData | CsvFeatures {
  const text = new TextDecoder("utf-8").decode(readBytes(path, "loadCsv", options));
  return withPath(path, () => parseCsv(text, options));
}
