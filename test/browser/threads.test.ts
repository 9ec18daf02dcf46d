/**
 * setNumThreads in Chromium, on a page served with and without the cross-origin isolation headers
 * (COOP/COEP). Isolated: two threads run (module Web Workers on the shared WebAssembly memory),
 * the helper does bands, and every product equals the one-thread product bit for bit. Not
 * isolated: setNumThreads(2) returns 1, warns once on the console with the reason, backendInfo()
 * gives it, and the products are still right.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ISOLATION, bundle, html, js, open, page, serve, skip, withChromium } from "./harness.js";
import type { ThreadsResult } from "./threads_scenario.js";

const file = fileURLToPath(new URL("./threads_scenario.ts", import.meta.url));

async function run(headers: Record<string, string>): Promise<{
  result: ThreadsResult;
  problems: string[];
  warnings: string[];
}> {
  const { scenario } = await bundle({ scenario: { file } });
  const server = await serve(
    { "/": html(page("/scenario.js")), "/scenario.js": js(scenario) },
    headers,
  );
  const problems: string[] = [];
  const warnings: string[] = [];
  try {
    const result = await withChromium(async (context) => {
      const p = await open(context, server.url, problems, warnings);
      return p.evaluate(() =>
        (
          globalThis as unknown as { scenario: { runThreads(): Promise<ThreadsResult> } }
        ).scenario.runThreads(),
      );
    });
    return { result, problems, warnings };
  } finally {
    await server.close();
  }
}

test(
  "with COOP/COEP, setNumThreads(2) runs module Web Workers with one thread's results",
  { skip, timeout: 90_000 },
  async () => {
    const { result: r, problems, warnings } = await run(ISOLATION);
    console.log(JSON.stringify({ ...r, before: undefined, after: undefined }));
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, []);
    assert.equal(r.isolated, true);
    assert.equal(r.before.threadsAvailable, true);
    assert.equal(r.before.threadsRequested, "auto");
    assert.equal(r.before.threads, 1, "one thread by default in a browser");
    assert.equal(r.returned, 2);
    assert.equal(r.set.threads, 2, "setNumThreads starts the workers at once");
    assert.equal(r.ready.threads, 2);
    assert.equal(r.ready.threadsRunning, 2, "initWasm resolved before the worker ran");
    assert.equal(r.ready.threadsFailure, undefined);
    assert.ok(r.helperBands > 0, "the worker did none of the bands");
    assert.equal(r.sameBits, true, "two threads differ from one");
    assert.equal(r.after.threads, 1);
  },
);

test(
  "without COOP/COEP, setNumThreads(2) warns once, returns 1 and backendInfo says why",
  { skip, timeout: 90_000 },
  async () => {
    const { result: r, problems, warnings } = await run({});
    assert.deepEqual(problems, []);
    assert.equal(r.isolated, false);
    assert.equal(r.returned, 1);
    assert.equal(r.set.threadsAvailable, false);
    assert.match(
      r.set.threadsUnavailableReason ?? "",
      /not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
    );
    assert.equal(warnings.length, 1, `warnings: ${JSON.stringify(warnings)}`);
    assert.match(
      warnings[0],
      /^descent: setNumThreads\(2\): running on one thread: the page is not cross-origin isolated/,
    );
    assert.equal(r.ready.threads, 1);
    assert.equal(r.helperBands, 0);
    assert.equal(r.sameBits, true);
  },
);
