/**
 * For `torch_pt.py verify`: reads every readable fixture in test/fixtures/pt with descent's
 * decodePt and writes it again with savePt into the folder given as the only argument, as
 * NAME.pt, for torch.load(weights_only=True) to check against NAME.json.
 *
 *   node --import tsx scripts/golden/pt_roundtrip.ts OUT_DIR
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { decodePt, savePt } from "../../src/io/index.js";
import type { PtValue } from "../../src/io/index.js";

const out = process.argv[2];
if (!out) throw new Error("usage: pt_roundtrip.ts OUT_DIR");
const dir = new URL("../../test/fixtures/pt/", import.meta.url);
for (const side of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const name = side.slice(0, -".json".length);
  if (!("value" in JSON.parse(readFileSync(new URL(side, dir), "utf8")))) continue;
  const value = decodePt<PtValue>(new Uint8Array(readFileSync(new URL(`${name}.pt`, dir))));
  savePt(join(out, `${name}.pt`), value);
}
