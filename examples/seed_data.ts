/** The seed's data, as scikit-learn exports it (test/fixtures/seed/data.json). */
import { readFileSync } from "node:fs";
import { tensor, type Tensor } from "../src/index.js";

export function seedData(): { X: Tensor; y: Tensor } {
  const url = new URL("../test/fixtures/seed/data.json", import.meta.url);
  const d = JSON.parse(readFileSync(url, "utf8")) as { X: number[][]; y: number[] };
  return { X: tensor(d.X), y: tensor(d.y, { dtype: "int32" }) };
}
