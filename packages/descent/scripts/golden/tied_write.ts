/**
 * Writes the safetensors file of d2l's tied model as descent saves it, for
 * scripts/golden/torch_layers.py to load into PyTorch (strict) and check:
 *
 *     node --import tsx scripts/golden/tied_write.ts test/fixtures/torch/layers.json OUT.safetensors
 *
 * The model gets the fixture's PyTorch state dict first, so that PyTorch can compare outputs.
 */
import { readFileSync } from "node:fs";

import { nn, tensor } from "../../src/index.js";
import { saveSafetensors } from "../../src/io/index.js";
import type { NestedArray } from "../../src/index.js";

const [fixturePath, out] = process.argv.slice(2);
const fx = JSON.parse(readFileSync(fixturePath, "utf8")) as {
  tied: { state: Record<string, NestedArray> };
};
const shared = new nn.Linear(8, 8);
const net = new nn.Sequential(
  new nn.Linear(4, 8),
  new nn.ReLU(),
  shared,
  new nn.ReLU(),
  shared,
  new nn.ReLU(),
  new nn.Linear(8, 1),
);
net.loadStateDict(
  Object.fromEntries(Object.entries(fx.tied.state).map(([k, v]) => [k, tensor(v)])),
);
saveSafetensors(out, net);
