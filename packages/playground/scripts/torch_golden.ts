/**
 * Runs the exported PyTorch program of each case in test/torch_cases.ts with /usr/bin/python3
 * (torch 1.13, scikit-learn) and records what it prints, with the program's sha256, in
 * test/fixtures/torch_losses.json (read by test/torch_golden.test.ts, which needs no Python).
 *
 *   NODE_OPTIONS=--conditions=descent-source node --import tsx packages/playground/scripts/torch_golden.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TORCH_CASES, exportCase } from "../test/torch_cases.js";

const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const OUT = fileURLToPath(new URL("../test/fixtures/torch_losses.json", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "playground-torch-"));
try {
  const versions = execFileSync(
    PYTHON,
    [
      "-c",
      "import torch, sklearn, numpy; print(torch.__version__, sklearn.__version__, numpy.__version__)",
    ],
    { encoding: "utf8" },
  ).trim();
  const cases = TORCH_CASES.map((k) => {
    const { code, sha256 } = exportCase(k);
    const file = join(dir, "run.py");
    writeFileSync(file, code);
    const printed = execFileSync(PYTHON, [file], { encoding: "utf8", timeout: 300_000 })
      .trim()
      .split("\n");
    console.log(`${k.name}: ${printed.at(-1)}`);
    return { name: k.name, sha256, printed };
  });
  const [torch, sklearn, numpy] = versions.split(" ");
  writeFileSync(OUT, JSON.stringify({ torch, sklearn, numpy, cases }, null, 2) + "\n");
  console.log(`wrote ${OUT}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
