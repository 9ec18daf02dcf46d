/**
 * The page's figures in Debian's Chromium, printed (never asserted): first contentful paint and
 * first heat map from the local server, the requestAnimationFrame rate while the seed's network
 * trains, main-thread long tasks, and a click's response time (Step epoch to the new epoch on
 * screen; Play to the first new epoch). The machine's load average is printed alongside: the
 * figures mean little on a busy machine. Also the built JavaScript's sizes (page vs worker).
 *
 *   NODE_OPTIONS=--conditions=descent-source node --import tsx packages/playground/scripts/measure.ts [seconds]
 *
 * QUERY=... measures the page at that URL query instead of the seed's run. PROFILE=1 also samples the page's main thread (CDP Profiler) while training and prints the
 * functions with the most self time.
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";
import { serveStatic } from "../../cli/src/static_server.js";

const SECONDS = Number(process.argv[2] ?? 4);
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"];
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))];
const ms = (v: number) => `${v.toFixed(0)} ms`;

const out = await mkdtemp(join(tmpdir(), "descent-playground-measure-"));
await build({
  configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
  logLevel: "error",
  build: { outDir: out, emptyOutDir: true },
});
const server = await serveStatic(out);
// QUERY="h=64,64,64,64&act=relu" measures another configuration than the seed's.
const PAGE = `${server.url}${process.env.QUERY ? `?${process.env.QUERY}` : ""}`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
try {
  console.log(`load average before: ${load()} (${availableParallelism()} cores)`);
  const assets = await readdir(join(out, "assets"));
  for (const f of assets.filter((f) => f.endsWith(".js")).sort())
    console.log(
      `  built ${f}: ${((await stat(join(out, "assets", f))).size / 1024).toFixed(1)} KiB`,
    );

  // First paint: fresh pages, no cache between them.
  const fcp: number[] = [];
  const firstMap: number[] = [];
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(PAGE);
    await page.waitForFunction(
      () =>
        /^Epoch 0/.test(document.getElementById("epoch")!.textContent!) &&
        document.querySelector(".unit"),
    );
    const [f, m] = await page.evaluate(() => [
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      performance.now(),
    ]);
    fcp.push(f);
    firstMap.push(m);
    await ctx.close();
  }
  console.log(
    `first contentful paint: ${fcp.map(ms).join(", ")}; first heat map and network drawn by: ${firstMap.map(ms).join(", ")}`,
  );

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(PAGE);
  await page.waitForFunction(() => document.querySelector(".unit"));
  // (strings: tsx would wrap named functions in a helper the page does not have)
  await page.evaluate(`(() => {
    globalThis.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => globalThis.longTasks.push(e.duration))).observe({ type: "longtask" });
  })()`);
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  // The threads' CPU time while training, from a trace (toplevel tasks' thread time, tdur): unlike
  // the frame rate, it hardly depends on what else the machine runs.
  await browser.startTracing(page, { categories: ["toplevel"] });
  // Play, clicked in the page (a driver's click adds its own delay), to the first new epoch on screen.
  const playToEpoch = (await page.evaluate(`new Promise((resolve) => {
    const el = document.getElementById("epoch");
    const t0 = performance.now();
    document.getElementById("play").click();
    const tick = () => (el.textContent !== "Epoch 0" ? resolve(performance.now() - t0) : requestAnimationFrame(tick));
    tick();
  })`)) as number;
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ${SECONDS * 1000};
    const tick = (t) => {
      out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick); else resolve(out.slice(1));
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const during = (await page.evaluate("globalThis.longTasks.slice()")) as number[];
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8")) as {
    traceEvents: {
      name: string;
      ph: string;
      pid: number;
      tid: number;
      ts: number;
      dur?: number;
      tdur?: number;
      args?: { name?: string };
    }[];
  };
  const threadNames = new Map<string, string>();
  for (const e of trace.traceEvents)
    if (e.name === "thread_name") threadNames.set(`${e.pid}:${e.tid}`, e.args!.name!);
  const cpu = new Map<string, number>();
  let [first, last] = [Infinity, -Infinity];
  for (const e of trace.traceEvents) {
    if (e.ph !== "X" || e.name !== "ThreadControllerImpl::RunTask" || e.tdur === undefined)
      continue;
    const th = threadNames.get(`${e.pid}:${e.tid}`) ?? "";
    if (th !== "CrRendererMain" && th !== "DedicatedWorker thread") continue;
    cpu.set(th, (cpu.get(th) ?? 0) + e.tdur / 1000);
    first = Math.min(first, e.ts);
    last = Math.max(last, e.ts + (e.dur ?? 0));
  }
  const span = (last - first) / 1e6;
  const perSecond = (th: string) => ((cpu.get(th) ?? 0) / span).toFixed(0);
  const epochsTrained = await page.evaluate(
    () =>
      (
        globalThis as unknown as { playground: { state: () => { epoch: number } } }
      ).playground.state().epoch,
  );
  await page.click("#play");
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    const self = new Map<string, number>();
    const dt = new Map<number, number>();
    profile.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + profile.timeDeltas![i]));
    let total = 0;
    for (const n of profile.nodes) {
      const t = (dt.get(n.id) ?? 0) / 1000;
      total += t;
      const f = n.callFrame;
      const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + t);
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
    console.log(`main-thread self time over ${(total / 1000).toFixed(1)} s sampled:`);
    for (const [k, t] of top) console.log(`  ${t.toFixed(0).padStart(6)} ms  ${k}`);
  }
  const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
  console.log(
    `CPU time while training: page main thread ${perSecond("CrRendererMain")} ms/s ` +
      `(${((cpu.get("CrRendererMain") ?? 0) / span / (frames.length / SECONDS)).toFixed(1)} ms per frame), ` +
      `training worker ${perSecond("DedicatedWorker thread")} ms/s (over ${span.toFixed(1)} s traced)`,
  );
  console.log(
    `while training the seed's network for ${SECONDS} s: ${frames.length} frames, ${(1000 / mean).toFixed(1)} fps ` +
      `(interval median ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(0)} ms, ` +
      `${frames.filter((f) => f > 34).length} over 34 ms); main-thread long tasks: ${during.length} (longest ${ms(Math.max(0, ...during))}); ` +
      `epochs trained: ${epochsTrained}; Play click to the first new epoch on screen: ${ms(playToEpoch)}`,
  );
  await page.waitForTimeout(300);
  const clicks: number[] = [];
  for (let i = 0; i < 7; i++)
    clicks.push(
      await page.evaluate(async () => {
        const el = document.getElementById("epoch")!;
        const before = el.textContent;
        const t = performance.now();
        (document.getElementById("step-epoch") as HTMLButtonElement).click();
        while (el.textContent === before) await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t;
      }),
    );
  console.log(
    `Step epoch click to the new epoch on screen: ${clicks.map(ms).join(", ")} (median ${ms(pct(clicks, 0.5))})`,
  );
  console.log(
    `load average after: ${load()}; page errors: ${errors.length ? errors.join("; ") : "none"}`,
  );
} finally {
  await browser.close();
  await server.close();
  await rm(out, { recursive: true, force: true });
}
