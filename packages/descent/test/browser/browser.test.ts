/**
 * descent in a real browser: bundles test/browser/scenario.ts with esbuild for the browser, serves
 * it with a page from 127.0.0.1, runs it in Debian's Chromium (driven by playwright-core, which
 * never downloads a browser of its own; see harness.ts), and checks that the browser's numbers are Node's: the
 * seed's 4-10-1 net trained on both backends, a 128x256x64 matmul on both, and a safetensors
 * round trip. The 'js' backend must agree bit for bit; 'wasm' within 1e-6 relative (the browser's
 * engine may use relaxed-SIMD fused multiply-adds where Node's does not).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { decodeSafetensors } from "../../src/io/safetensors.js";
import { bundle, html, js, open, page, serve, skip, withChromium } from "./harness.js";
import { BACKENDS, EPOCHS, MATMUL, runScenario, type ScenarioResult } from "./scenario.js";

const RTOL = 1e-6;

/** Runs the scenario in Chromium; `problems` collects console errors, page errors, failed loads. */
async function runInChromium(
  url: string,
  problems: string[],
): Promise<{ result: ScenarioResult; version: string }> {
  return withChromium(async (context, version) => {
    const p = await open(context, url, problems);
    const result = await p.evaluate(() =>
      (
        globalThis as unknown as { scenario: { runScenario: () => ScenarioResult } }
      ).scenario.runScenario(),
    );
    return { result, version };
  });
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
    const t0 = performance.now();
    const file = fileURLToPath(new URL("./scenario.ts", import.meta.url));
    const { scenario: script } = await bundle({ scenario: { file } });
    const tBundle = performance.now();
    const server = await serve({ "/": html(page("/scenario.js")), "/scenario.js": js(script) });
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
