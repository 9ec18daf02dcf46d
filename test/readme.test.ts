import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Every TypeScript block in the README runs as written, from a folder inside this checkout so that
// "descent" and "descent/io" resolve through the workspace's package exports,
// so the first code a newcomer copies cannot rot.
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
// Blocks whose first line reads `// name.ts (browser)` run in Chromium
// (packages/descent/test/browser/docs.test.ts).
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => !/^\/\/ \S+\.ts \(browser\)\n/.test(code));

test("the README has TypeScript examples", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length} blocks`);
});

blocks.forEach((code, i) => {
  const first = code.split("\n")[0];
  test(`README block ${i + 1} runs: ${first}`, () => {
    mkdirSync(join(root, ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(root, ".tmp", "readme-"));
    try {
      const file = join(dir, `block${i + 1}.ts`);
      writeFileSync(file, code);
      execFileSync(process.execPath, ["--import", import.meta.resolve("tsx"), file], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
