import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Every TypeScript block in the README runs as written in Node (importing "descent" from this checkout),
// so the first code a newcomer copies cannot rot.
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
// Blocks whose first line reads `// name.ts (browser)` run in Chromium (test/browser/docs.test.ts).
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => !/^\/\/ \S+\.ts \(browser\)\n/.test(code));
const entry = pathToFileURL(join(root, "src", "index.ts")).href;

test("the README has TypeScript examples", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length} blocks`);
});

blocks.forEach((code, i) => {
  const first = code.split("\n")[0];
  test(`README block ${i + 1} runs: ${first}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-readme-"));
    try {
      const file = join(dir, `block${i + 1}.ts`);
      writeFileSync(file, code.replaceAll('from "descent"', `from ${JSON.stringify(entry)}`));
      execFileSync(process.execPath, ["--import", import.meta.resolve("tsx"), file], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
