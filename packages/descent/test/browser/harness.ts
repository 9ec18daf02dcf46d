/**
 * What the browser tests share: bundling with esbuild for the browser (failing, naming the import,
 * if a Node module is pulled in), a server on 127.0.0.1 with or without the cross-origin
 * isolation headers, and Debian's Chromium driven by playwright-core (which never downloads a
 * browser of its own).
 *
 * Without /usr/bin/chromium the tests are skipped, unless CI is set, where that is a failure
 * (.ci/run installs it with apt-get).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const inCI = !!process.env.CI && process.env.CI !== "false";
export const haveChromium = existsSync(CHROMIUM);
/** The `skip` option of a browser test. */
export const skip =
  haveChromium || inCI
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; with CI set this is a failure)`;

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, shared wasm memory). */
export const ISOLATION = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};

/** The library's browser entry, which `from "descent"` means in a bundled snippet. */
export const BROWSER_ENTRY = fileURLToPath(new URL("../../src/browser.ts", import.meta.url));

/** A module for the browser: a file, or source text; `descent` resolves to the browser entry. */
export type Source = { file: string } | { code: string; name: string };

/** Bundles each source into one ES module for the browser (esbuild, platform "browser"). */
export async function bundle(sources: Record<string, Source>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    for (const [name, src] of Object.entries(sources)) {
      const result = await esbuild.build({
        ...("file" in src
          ? { entryPoints: [src.file] }
          : {
              stdin: {
                contents: src.code,
                loader: "ts",
                sourcefile: src.name,
                resolveDir: fileURLToPath(new URL(".", import.meta.url)),
              },
            }),
        alias: { descent: BROWSER_ENTRY },
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        write: false,
        logLevel: "silent",
      });
      out[name] = result.outputFiles[0].text;
    }
  } finally {
    await esbuild.stop();
  }
  return out;
}

/** A page that imports `script` and exposes its exports as globalThis.scenario. */
export function page(script: string, body = ""): string {
  return `<!doctype html>
<html>
  <head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>descent test</title></head>
  <body>
    ${body}
    <script type="module">
      import * as scenario from "${script}";
      globalThis.scenario = scenario;
    </script>
  </body>
</html>
`;
}

export interface Route {
  type: string;
  body: string | Uint8Array;
}

export const js = (body: string): Route => ({ type: "text/javascript; charset=utf-8", body });
export const html = (body: string): Route => ({ type: "text/html; charset=utf-8", body });

/** Serves `routes` on 127.0.0.1 (a port the OS picks), every response with `headers`. */
export async function serve(
  routes: Record<string, Route>,
  headers: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const head = { ...headers, "content-type": route.type, "cache-control": "no-store" };
    res.writeHead(200, head).end(route.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `fn` with a fresh Chromium profile; the browser is closed and the profile removed after. */
export async function withChromium<T>(
  fn: (context: BrowserContext, version: string) => Promise<T>,
): Promise<T> {
  assert.ok(haveChromium, `CI is set but there is no Chromium at ${CHROMIUM}`);
  const profile = await mkdtemp(join(tmpdir(), "descent-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      acceptDownloads: true,
    });
    return await fn(context, context.browser()?.version() ?? "?");
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Records the page's console errors, page errors, failed loads (and warnings, if asked). */
export function watch(p: Page, problems: string[], warnings?: string[]): void {
  p.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    if (m.type() === "warning") warnings?.push(m.text());
  });
  p.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  p.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  p.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

/** Opens `url` in a new page and waits for its module to expose globalThis.scenario. */
export async function open(
  context: BrowserContext,
  url: string,
  problems: string[],
  warnings?: string[],
): Promise<Page> {
  const p = await context.newPage();
  watch(p, problems, warnings);
  await p.goto(url, { waitUntil: "load", timeout: 20_000 });
  await p.waitForFunction(() => "scenario" in globalThis, undefined, { timeout: 10_000 });
  return p;
}
