/**
 * The browser snippets of docs/browser.md and the README run as written in Chromium: every ```ts
 * block whose first line reads `// name.ts (browser)` is written to a file of that name, bundled
 * with esbuild (`descent` is the library's browser entry) and loaded by a page of its own that
 * shows a #status line; each page records the status texts and how often a 10 ms timer ran.
 * Pages are served from 127.0.0.1 with the cross-origin isolation headers (COOP/COEP), and
 * threads.ts also without them. What each snippet must do is checked from the outside: the
 * progress it shows, the model it loads, the file it offers for download. The snippets also
 * type-check (tsc, strict, DOM types, `descent` being the browser entry), so that they use only
 * what a browser build of the library declares.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { BrowserContext } from "playwright-core";
import type * as Descent from "../../src/index.js";
import type { Module } from "../../src/nn/index.js";
import {
  ISOLATION,
  type Route,
  bundle,
  html,
  js,
  serve,
  skip,
  watch,
  withChromium,
} from "./harness.js";

/** The library's package, and the repository (its README and docs/). */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REPO = fileURLToPath(new URL("../../../..", import.meta.url));
/** The library as the Node copies of the snippets import it (one module instance for both). */
const INDEX = pathToFileURL(join(ROOT, "src/index.ts")).href;
const MARK = /^\/\/ (\S+\.ts) \(browser\)$/;

/** The browser snippets of a markdown file, by file name; `all`: every ts block must be one. */
function snippets(file: string, all: boolean): Record<string, string> {
  const md = readFileSync(join(REPO, file), "utf8");
  const out: Record<string, string> = {};
  for (const [, code] of md.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const name = MARK.exec(code.split("\n")[0])?.[1];
    if (!name) {
      assert.ok(!all, `${file}: a ts block without a '// name.ts (browser)' first line:\n${code}`);
      continue;
    }
    assert.ok(!(name in out), `${file}: two snippets named ${name}`);
    out[name] = code;
  }
  return out;
}

const docs = snippets("docs/browser.md", true);
const readme = snippets("README.md", false);
const all = { ...docs, ...readme };

/** A page for one snippet: a #status line, its texts and a 10 ms timer's ticks recorded. */
const pageFor = (script: string): string => `<!doctype html>
<html>
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>${script}</title></head>
  <body>
    <p id="status"></p>
    <script>
      globalThis.record = { texts: [], ticks: [] };
      const status = document.querySelector("#status");
      new MutationObserver(() => record.texts.push(status.textContent)).observe(status, {
        childList: true, characterData: true, subtree: true,
      });
      setInterval(() => record.ticks.push(performance.now()), 10);
    </script>
    <script type="module" src="/${script}"></script>
  </body>
</html>
`;

interface PageRecord {
  texts: string[];
  ticks: number[];
}

const tmp = mkdtempSync(join(tmpdir(), "descent-browser-docs-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

/** Every snippet bundled, as /name.js; and the snippets for Node (descent = src/index.ts). */
async function build(): Promise<Record<string, Route>> {
  for (const [name, code] of Object.entries(all)) {
    writeFileSync(join(tmp, name), code);
    writeFileSync(
      join(tmp, `node-${name.replace(/\.ts$/, ".mts")}`),
      code.replaceAll('from "descent"', `from ${JSON.stringify(INDEX)}`),
    );
  }
  const sources = Object.fromEntries(Object.keys(all).map((n) => [n, { file: join(tmp, n) }]));
  const bundles = await bundle(sources);
  const routes: Record<string, Route> = {};
  for (const [name, text] of Object.entries(bundles)) {
    const base = name.replace(/\.ts$/, "");
    routes[`/${base}.js`] = js(text);
    routes[`/${base}.html`] = html(pageFor(`${base}.js`));
  }
  return routes;
}

/** Node's copy of the docs' model class. */
async function nodeNet(): Promise<new () => Module> {
  const mod = (await import(pathToFileURL(join(tmp, "node-model.mts")).href)) as {
    Net: new () => Module;
  };
  return mod.Net;
}

/** Opens /name.html and waits until its status line passes `done`; returns what the page recorded. */
async function runPage(
  context: BrowserContext,
  url: string,
  name: string,
  done: RegExp,
  problems: string[],
  warnings: string[] = [],
): Promise<PageRecord> {
  const t0 = performance.now();
  const p = await context.newPage();
  watch(p, problems, warnings);
  await p.goto(`${url}${name}.html`, { waitUntil: "load", timeout: 20_000 });
  await p.waitForFunction(
    (re) => new RegExp(re).test(document.querySelector("#status")?.textContent ?? ""),
    done.source,
    { timeout: 60_000 },
  );
  const record = await p.evaluate(() => (globalThis as unknown as { record: PageRecord }).record);
  await p.close();
  timings.push(`${name} ${(performance.now() - t0).toFixed(0)} ms`);
  return record;
}

const timings: string[] = [];

test(
  "the browser snippets type-check against the browser entry",
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmp, "tsc-"));
    for (const [name, code] of Object.entries(all)) writeFileSync(join(dir, name), code);
    const config = {
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        paths: { descent: [join(ROOT, "src/browser.ts")] },
      },
      files: Object.keys(all),
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const tsc = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));
    const run = promisify(execFile)(process.execPath, [tsc, "-p", dir], { cwd: dir });
    await run.catch((e: { stdout?: string }) => assert.fail(`tsc:\n${e.stdout}`));
  },
);

/** The longest pause of the page's 10 ms timer between the first and last status texts. */
const longestGap = (ticks: number[]): number =>
  ticks.slice(1).reduce((worst, t, i) => Math.max(worst, t - ticks[i]), 0);

test("docs/browser.md has its snippets, and the README one", () => {
  assert.deepEqual(Object.keys(docs).sort(), [
    "load.ts",
    "main-thread.ts",
    "model.ts",
    "page.ts",
    "save.ts",
    "threads.ts",
    "train.worker.ts",
  ]);
  assert.deepEqual(Object.keys(readme), ["app.ts"]);
});

test(
  "every browser snippet of the docs and the README runs in Chromium",
  { skip, timeout: 240_000 },
  async () => {
    const t0 = performance.now();
    const routes = await build();
    timings.push(`bundles ${(performance.now() - t0).toFixed(0)} ms`);
    const Net = await nodeNet();
    const { io, noGrad, tensor } = (await import(INDEX)) as typeof Descent;
    // The model that load.ts fetches, and what it must print.
    const served = new Net();
    routes["/model.safetensors"] = {
      type: "application/octet-stream",
      body: io.encodeSafetensors(served.stateDict()),
    };
    const p = noGrad(() => served.forward(tensor([[0.5, -1.2, 0.3, 2.0]])).item());

    const isolated = await serve(routes, ISOLATION);
    const plain = await serve(routes);
    const problems: string[] = [];
    try {
      await withChromium(async (context) => {
        // Main thread: the progress shows every 50 epochs and the page's timer keeps running.
        const main = await runPage(context, isolated.url, "main-thread", /^epoch 1000:/, problems);
        assert.deepEqual(
          main.texts.map((t) => Number(/^epoch (\d+): loss \d\.\d{4}$/.exec(t)?.[1])),
          Array.from({ length: 20 }, (_, i) => 50 * (i + 1)),
        );
        const losses = main.texts.map((t) => Number(t.split("loss ")[1]));
        assert.ok(losses[19] < losses[0], `the loss goes down: ${losses}`);
        assert.ok(main.ticks.length >= 10, `the page's timer ran ${main.ticks.length} times`);
        assert.ok(longestGap(main.ticks) < 1000, `the page froze for ${longestGap(main.ticks)} ms`);

        // Worker: progress messages every 100 epochs, then the weights loaded in the page.
        const worker = await runPage(context, isolated.url, "page", /^trained:/, problems);
        const progress = worker.texts.slice(0, -1);
        assert.deepEqual(
          progress.map((t) => Number(/^epoch (\d+): loss \d\.\d{4}$/.exec(t)?.[1])),
          Array.from({ length: 10 }, (_, i) => 100 * (i + 1)),
        );
        const accuracy = Number(/^trained: accuracy (\d\.\d{3})$/.exec(worker.texts.at(-1)!)?.[1]);
        assert.ok(accuracy > 0.8, `accuracy ${accuracy}`);

        // fetch and load: the page's prediction is Node's, from the same file.
        const load = await runPage(context, isolated.url, "load", /^p = /, problems);
        assert.deepEqual(load.texts, [`p = ${p.toFixed(4)}`]);

        // Save: a download of a safetensors file with the model's tensors, which Node's model loads.
        for (const [name, keys] of [
          ["save", ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]],
          ["app", ["0.bias", "0.weight", "2.bias", "2.weight"]],
        ] as const) {
          const page = await context.newPage();
          watch(page, problems);
          const download = page.waitForEvent("download", { timeout: 60_000 });
          await page.goto(`${isolated.url}${name}.html`, { waitUntil: "load", timeout: 20_000 });
          const file = await download;
          assert.equal(file.suggestedFilename(), "model.safetensors");
          const bytes = new Uint8Array(await readFile(await file.path()));
          const saved = io.decodeSafetensors(bytes, `${name}.ts's download`);
          assert.deepEqual(Object.keys(saved.tensors).sort(), keys);
          if (name === "save") {
            assert.deepEqual(saved.metadata, { format: "pt" });
            assert.doesNotThrow(() => new Net().loadStateDict(saved.tensors));
          }
          await page.close();
        }

        // Threads: with COOP/COEP every core runs; without, the reason shows, with one warning.
        const cores = await context.pages()[0].evaluate(() => navigator.hardwareConcurrency);
        const withIsolation = await runPage(context, isolated.url, "threads", /./, problems);
        assert.match(
          withIsolation.texts[0],
          new RegExp(`^${cores} threads, relaxed SIMD (true|false)$`),
        );
        const warnings: string[] = [];
        const without = await runPage(context, plain.url, "threads", /./, problems, warnings);
        assert.match(without.texts[0], /^one thread: the page is not cross-origin isolated/);
        assert.equal(warnings.length, cores > 1 ? 1 : 0, `warnings: ${warnings}`);
      });
    } finally {
      await isolated.close();
      await plain.close();
    }
    assert.deepEqual(problems, [], "the pages logged errors");
    console.log(`pages: ${timings.join(", ")}`);
  },
);
