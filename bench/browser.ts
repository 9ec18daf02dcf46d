/**
 * The bench's browser row: W1's first 1000 epochs and W4 in headless Chromium, descent (its
 * browser entry, bundled by esbuild) against TensorFlow.js's wasm backend in the same page setup:
 * a 127.0.0.1 server with the cross-origin isolation headers (COOP/COEP), the bench's data files
 * and tfjs's .wasm files from node_modules (nothing downloads). Each repetition is a fresh
 * Chromium, so W1 is cold; the frameworks take turns. Node only; uses the library's browser
 * test harness (packages/descent/test/browser/harness.ts).
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import {
  ISOLATION,
  bundle,
  haveChromium,
  html,
  js,
  open,
  page,
  type Route,
  serve,
  withChromium,
} from "../packages/descent/test/browser/harness.js";
import type { PageResult, PageTask } from "./browser/page_common.js";
import { rotate, type Record_ } from "./fresh.js";
import type { Framework } from "./report.js";

const HERE = dirname(fileURLToPath(import.meta.url));

export interface BrowserOptions {
  /** The bench's data directory (bench/data.ts wrote W1's and W4's arrays there). */
  dataDir: string;
  rounds: number;
  task: PageTask;
  /** tfjs gets fewer W4 batches: it trains at ~1/20 of descent's rate. */
  tfjsTask: PageTask;
  progress: (text: string) => void;
}

/** Runs the browser row; returns the problems met (none when Chromium is missing: a note). */
export async function runBrowser(o: BrowserOptions, record: Record_): Promise<string[]> {
  if (!haveChromium) return ["Browser rows not run: no Chromium at /usr/bin/chromium"];
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(
    require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
  );
  const scripts = await bundle({
    descent: { file: join(HERE, "browser", "page_descent.ts") },
    tfjs: { file: join(HERE, "browser", "page_tfjs.ts") },
  });
  const routes: Record<string, Route> = {
    "/descent.html": html(page("/descent.js")),
    "/descent.js": js(scripts.descent),
    "/tfjs.html": html(page("/tfjs.js")),
    "/tfjs.js": js(scripts.tfjs),
  };
  // The data files only (the run's directory also holds E2E's examples).
  for (const f of readdirSync(o.dataDir).filter((f) => f.endsWith(".bin") || f === "manifest.json"))
    routes[`/data/${f}`] = {
      type: "application/octet-stream",
      body: readFileSync(join(o.dataDir, f)),
    };
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith(".wasm")))
    routes[`/tfjs/${f}`] = { type: "application/wasm", body: readFileSync(join(wasmDir, f)) };
  const server = await serve(routes, ISOLATION);
  const errors: string[] = [];
  const pages: [Framework, string, PageTask][] = [
    ["descent", "descent.html", o.task],
    ["tfjs-wasm", "tfjs.html", o.tfjsTask],
  ];
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const [fw, file, task] of rotate(pages, round)) {
        o.progress(`browser ${round + 1}/${o.rounds}: ${fw}`);
        const problems: string[] = [];
        try {
          const r = await withChromium(async (context) => {
            const p = await open(context, server.url + file, problems);
            const isolated = await p.evaluate(() => globalThis.crossOriginIsolated);
            if (!isolated) problems.push("page not cross-origin isolated");
            return p.evaluate(
              (t) =>
                (
                  globalThis as unknown as {
                    scenario: { run: (t: PageTask) => Promise<PageResult> };
                  }
                ).scenario.run(t),
              task,
            );
          });
          record("Browser W1 cold", fw, {
            unit: "s",
            value: r.w1.seconds,
            loss: r.w1.loss,
            note: r.info,
          });
          record("Browser W4", fw, {
            unit: "samples/s",
            value: r.w4.rate,
            loss: r.w4.loss,
            note: r.info,
          });
        } catch (e) {
          problems.push(e instanceof Error ? e.message.split("\n")[0] : String(e));
        }
        for (const m of problems.map((p) => `browser, ${fw}: ${p}`))
          if (!errors.includes(m)) errors.push(m);
      }
    }
  } finally {
    await server.close();
  }
  return errors;
}
