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
const workerFile = fileURLToPath(new URL("./threads_worker.ts", import.meta.url));

type Where = "runThreads" | "runThreadsInWorker";

/** Runs the scenario on the page's main thread and in a module Web Worker of the page. */
async function run(headers: Record<string, string>): Promise<{
  result: ThreadsResult;
  inWorker: ThreadsResult;
  problems: string[];
  warnings: string[];
}> {
  const { scenario, worker } = await bundle({ scenario: { file }, worker: { file: workerFile } });
  const routes = { "/": html(page("/scenario.js")), "/scenario.js": js(scenario) };
  const server = await serve({ ...routes, "/worker.js": js(worker) }, headers);
  const problems: string[] = [];
  const warnings: string[] = [];
  try {
    const [result, inWorker] = await withChromium(async (context) => {
      const go = async (where: Where) => {
        const p = await open(context, server.url, problems, warnings);
        const r = await p.evaluate(
          (fn) =>
            (
              globalThis as unknown as { scenario: Record<Where, () => Promise<ThreadsResult>> }
            ).scenario[fn](),
          where,
        );
        await p.close();
        return r;
      };
      return [await go("runThreads"), await go("runThreadsInWorker")];
    });
    return { result, inWorker, problems, warnings };
  } finally {
    await server.close();
  }
}

test(
  "with COOP/COEP, setNumThreads(2) runs module Web Workers with one thread's results",
  { skip, timeout: 90_000 },
  async () => {
    const { result: r, inWorker: w, problems, warnings } = await run(ISOLATION);
    const brief = (x: ThreadsResult) => ({
      ...x,
      before: undefined,
      set: undefined,
      after: undefined,
    });
    console.log(JSON.stringify({ page: brief(r), worker: brief(w) }));
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, []);
    // In a module Web Worker (where a page trains): helpers are started from the worker.
    assert.equal(w.isolated, true);
    assert.equal(w.returned, 2);
    assert.equal(w.ready.threadsRunning, 2);
    assert.ok(w.helperBands > 0, "no helper did a band for the worker");
    assert.equal(w.sameBits, true, "two threads differ from one in the worker");
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
    const { result: r, inWorker: w, problems, warnings } = await run({});
    assert.deepEqual(problems, []);
    assert.equal(w.returned, 1);
    assert.match(w.ready.threadsUnavailableReason ?? "", /not cross-origin isolated/);
    assert.equal(w.helperBands, 0);
    assert.equal(r.isolated, false);
    assert.equal(r.returned, 1);
    assert.equal(r.set.threadsAvailable, false);
    assert.match(
      r.set.threadsUnavailableReason ?? "",
      /not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
    );
    // Once on the first page, once in the second page's worker (each has its own library), though
    // each asked twice (setNumThreads(2), then initWasm({ threads: 2 })).
    assert.equal(warnings.length, 2, `warnings: ${JSON.stringify(warnings)}`);
    for (const w of warnings) {
      assert.match(
        w,
        /^descent: setNumThreads\(2\): running on one thread: the page is not cross-origin isolated/,
      );
    }
    assert.equal(r.ready.threads, 1);
    assert.equal(r.helperBands, 0);
    assert.equal(r.sameBits, true);
  },
);
