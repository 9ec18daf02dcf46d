/**
 * The docs cannot rot: every ```ts snippet of docs/guide.md is a complete program whose output is
 * the ```text block right under it. Each snippet runs in its own node process (through tsx, with
 * `from "descent"` pointing at src/index.ts), and its stdout must equal the block, line for line.
 * In the other docs/*.md files, a ```ts snippet is run the same way when a ```text block follows
 * it (the others are fragments, not programs).
 */
import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = join(ROOT, "docs");
/** The docs whose every ts snippet must come with its output. */
const STRICT = new Set(["guide.md"]);
const TSX = import.meta.resolve("tsx");

interface Block {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

interface Snippet {
  code: string;
  expected: string | null;
  line: number;
}

/** The fenced code blocks of a markdown text, with what lies between them. */
function fencedBlocks(md: string): { block: Block; gapBefore: string }[] {
  const lines = md.split("\n");
  const out: { block: Block; gapBefore: string }[] = [];
  let gap: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) {
      gap.push(lines[i]);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({
      block: { lang: open[1], code: body.join("\n"), line: start + 1 },
      gapBefore: gap.join("\n"),
    });
    gap = [];
  }
  return out;
}

/** The ts snippets, each with the text block that directly follows it (blank lines allowed). */
function snippets(md: string): Snippet[] {
  const blocks = fencedBlocks(md);
  const out: Snippet[] = [];
  blocks.forEach(({ block }, k) => {
    if (block.lang !== "ts") return;
    const next = blocks[k + 1];
    const follows = next && next.block.lang === "text" && next.gapBefore.trim() === "";
    out.push({ code: block.code, expected: follows ? next.block.code : null, line: block.line });
  });
  return out;
}

/** Trailing spaces and trailing empty lines do not count. */
function normalise(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trimEnd();
}

// Snippets run from a folder inside the repository, so that `descent` and `descent/io` resolve
// through the workspace's package exports as they do for a user.
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const tmp = mkdtempSync(join(ROOT, ".tmp", "docs-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

async function runSnippet(code: string, name: string): Promise<string> {
  const file = join(tmp, `${name}.mts`);
  writeFileSync(file, code);
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", TSX, file], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return stdout;
}

test("snippets(): a ts block takes the text block right after it as its output", () => {
  const md = [
    "```ts",
    'console.log("a");',
    "```",
    "",
    "```text",
    "a",
    "```",
    "prose",
    "```ts",
    "const x = 1;",
    "```",
    "words in between",
    "```text",
    "not its output",
    "```",
  ].join("\n");
  assert.deepEqual(snippets(md), [
    { code: 'console.log("a");', expected: "a", line: 1 },
    { code: "const x = 1;", expected: null, line: 9 },
  ]);
});

const files = readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .sort();

test("docs/guide.md exists and has runnable snippets", () => {
  assert.ok(files.includes("guide.md"));
  const all = snippets(readFileSync(join(DOCS, "guide.md"), "utf8"));
  assert.ok(all.length >= 8, `only ${all.length} snippets`);
});

for (const file of files) {
  const md = readFileSync(join(DOCS, file), "utf8");
  const all = snippets(md);
  const strict = STRICT.has(file);
  if (strict) {
    test(`docs/${file}: every ts snippet is followed by its expected output`, () => {
      const bare = all.filter((s) => s.expected === null).map((s) => s.line);
      assert.deepEqual(bare, [], `snippets at lines ${bare.join(", ")} have no text block`);
    });
  }
  const runnable = all.filter((s) => s.expected !== null);
  if (runnable.length === 0) continue;
  suite(`docs/${file}`, { concurrency: 4 }, () => {
    for (const s of runnable) {
      test(`the snippet at line ${s.line} prints what the docs say`, async () => {
        const name = `${file.replace(/\W/g, "_")}_${s.line}`;
        const got = await runSnippet(s.code, name);
        assert.equal(normalise(got), normalise(s.expected!));
      });
    }
  });
}
