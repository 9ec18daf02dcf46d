/**
 * descent in a real browser: bundles test/browser/scenario.ts with esbuild for the browser, serves
 * it with a page from 127.0.0.1, runs it in Debian's Chromium (driven by playwright-core, which
 * never downloads a browser of its own), and checks that the browser's numbers are Node's: the
 * seed's 4-10-1 net trained on both backends, a 128x256x64 matmul on both, and a safetensors
 * round trip. The 'js' backend must agree bit for bit; 'wasm' within 1e-6 relative (the browser's
 * engine may use relaxed-SIMD fused multiply-adds where Node's does not).
 *
 * Without /usr/bin/chromium the test is skipped, unless CI is set, where that is a failure
 * (.ci/run installs it with apt-get).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium, type BrowserContext } from "playwright-core";
import { decodeSafetensors } from "../../src/io/safetensors.js";
import { BACKENDS, EPOCHS, MATMUL, runScenario, type ScenarioResult } from "./scenario.js";

const CHROMIUM = "/usr/bin/chromium";
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
const RTOL = 1e-6;

const inCI = !!process.env.CI && process.env.CI !== "false";
const haveChromium = existsSync(CHROMIUM);
const skip =
  haveChromium || inCI
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; with CI set this is a failure)`;

const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>descent browser test</title>
  </head>
  <body>
    <script type="module">
      import * as scenario from "/scenario.js";
      globalThis.descentScenario = scenario;
    </script>
  </body>
</html>
`;

/** The scenario bundled for the browser: fails, naming the import, if it pulls in a Node module. */
async function bundle(): Promise<string> {
  const entry = fileURLToPath(new URL("./scenario.ts", import.meta.url));
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

/** Serves the page and the bundle on 127.0.0.1, on a port the OS picks. */
async function serve(script: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const [type, body] =
      path === "/"
        ? ["text/html; charset=utf-8", PAGE]
        : path === "/scenario.js"
          ? ["text/javascript; charset=utf-8", script]
          : [undefined, undefined];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
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

/** Runs the scenario in Chromium; `problems` collects console errors, page errors, failed loads. */
async function runInChromium(
  url: string,
  problems: string[],
): Promise<{ result: ScenarioResult; version: string }> {
  const profile = await mkdtemp(join(tmpdir(), "descent-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
    const version = context.browser()?.version() ?? "?";
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(url, { waitUntil: "load", timeout: 20_000 });
    await page.waitForFunction(() => "descentScenario" in globalThis, undefined, {
      timeout: 10_000,
    });
    const result = await page.evaluate(() =>
      (
        globalThis as unknown as { descentScenario: { runScenario: () => ScenarioResult } }
      ).descentScenario.runScenario(),
    );
    return { result, version };
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * Largest |a - b| / max(|a|, |b|, floor) (0 where equal). With `normwise`, floor is the largest
 * |b|: a matmul's entries near zero come from cancellation, where float32 rounding in another
 * order (or a fused multiply-add) is large next to the entry but not next to the terms summed.
 */
function maxRelErr(
  actual: readonly number[],
  expected: readonly number[],
  normwise = false,
): number {
  assert.equal(actual.length, expected.length);
  const floor = normwise ? Math.max(...expected.map(Math.abs)) : 0;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    const scale = Math.max(Math.abs(actual[i]), Math.abs(expected[i]), floor);
    if (d > 0) worst = Math.max(worst, d / scale);
  }
  return worst;
}

function assertClose(
  actual: readonly number[],
  expected: readonly number[],
  what: string,
  normwise = false,
): number {
  const err = maxRelErr(actual, expected, normwise);
  assert.ok(err <= RTOL, `${what}: browser and Node differ by ${err} relative (> ${RTOL})`);
  return err;
}

test(
  "descent runs in Chromium on both backends with Node's numbers",
  { skip, timeout: 60_000 },
  async () => {
    assert.ok(haveChromium, `CI is set but there is no Chromium at ${CHROMIUM}`);
    const t0 = performance.now();
    const script = await bundle().finally(() => esbuild.stop());
    const tBundle = performance.now();
    const server = await serve(script);
    const problems: string[] = [];
    let browser: { result: ScenarioResult; version: string };
    try {
      browser = await runInChromium(server.url, problems);
    } finally {
      await server.close();
    }
    const tBrowser = performance.now();
    const node = runScenario();
    const b = browser.result;

    assert.deepEqual(problems, [], "the page logged errors");

    // (1) WebAssembly SIMD, and descent's default backend.
    assert.equal(b.env.wasmSimd, true, "Chromium has WebAssembly SIMD");
    assert.equal(b.env.defaultBackend, "wasm", "descent picks wasm by default where SIMD exists");
    assert.deepEqual(b.env.backends, ["js", "wasm"]);
    assert.equal(b.env.wasmKernelReady, true, "the wasm kernel compiled on the page's main thread");
    assert.equal(node.env.defaultBackend, b.env.defaultBackend);

    // Same data set on both sides.
    assert.deepEqual(b.data, node.data);

    // (2) Training, and (3) the matmul, on each backend.
    const errs: string[] = [];
    for (const name of BACKENDS) {
      const bt = b.train[name];
      const nt = node.train[name];
      assert.equal(bt.losses.length, EPOCHS);
      assert.ok(bt.losses.every(Number.isFinite));
      assert.ok(bt.losses[EPOCHS - 1] < bt.losses[0], `${name}: the loss goes down`);
      assert.equal(b.matmul[name].values.length, MATMUL.m * MATMUL.n);
      if (name === "js") {
        assert.deepEqual(bt.losses, nt.losses, "js losses: bit for bit");
        assert.deepEqual(bt.params, nt.params, "js parameters: bit for bit");
        assert.equal(bt.accuracy, nt.accuracy);
        assert.deepEqual(b.matmul.js.values, node.matmul.js.values, "js matmul: bit for bit");
      } else {
        const l = assertClose(bt.losses, nt.losses, `${name} losses`);
        const p = assertClose(bt.params, nt.params, `${name} parameters`);
        const bm = b.matmul[name].values;
        const nm = node.matmul[name].values;
        const m = assertClose(bm, nm, `${name} matmul (normwise)`, true);
        const mElem = maxRelErr(bm, nm);
        const mJs = maxRelErr(bm, node.matmul.js.values);
        assert.equal(bt.accuracy, nt.accuracy);
        errs.push(
          `${name}: losses ${l}, params ${p}, matmul ${m} (elementwise ${mElem}; vs Node's js ${mJs})`,
        );
      }
    }

    // (4) safetensors: round trip exact in the page, and the same bytes as Node's.
    assert.equal(b.safetensors.roundTripExact, true);
    assert.deepEqual(b.safetensors.keys, node.safetensors.keys);
    assert.deepEqual(b.safetensors.metadata, node.safetensors.metadata);
    assert.deepEqual(b.safetensors.bytes, node.safetensors.bytes, "the same safetensors bytes");
    const fromBrowser = decodeSafetensors(Uint8Array.from(b.safetensors.bytes), "browser");
    assert.deepEqual(Object.keys(fromBrowser.tensors).sort(), node.safetensors.keys);

    const tEnd = performance.now();
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    console.log(
      [
        `Chromium ${browser.version}: SIMD ${b.env.wasmSimd}, relaxed SIMD ${b.env.wasmRelaxedSimd}, default backend ${b.env.defaultBackend}`,
        `Node ${process.versions.node}: relaxed SIMD ${node.env.wasmRelaxedSimd}`,
        `final loss js ${b.train.js.losses[EPOCHS - 1]}, wasm ${b.train.wasm.losses[EPOCHS - 1]}; accuracy ${b.train.js.accuracy}`,
        `wasm, browser vs Node, max relative: ${errs.join("; ")}`,
        `browser: train js ${ms(b.train.js.ms)}, wasm ${ms(b.train.wasm.ms)}; matmul js ${ms(b.matmul.js.ms)}, wasm ${ms(b.matmul.wasm.ms)}; scenario ${ms(b.totalMs)}`,
        `node:    train js ${ms(node.train.js.ms)}, wasm ${ms(node.train.wasm.ms)}; matmul js ${ms(node.matmul.js.ms)}, wasm ${ms(node.matmul.wasm.ms)}; scenario ${ms(node.totalMs)}`,
        `bundle ${ms(tBundle - t0)} (${(script.length / 1024).toFixed(0)} KiB), browser ${ms(tBrowser - tBundle)}, total ${ms(tEnd - t0)}`,
      ].join("\n"),
    );
  },
);
