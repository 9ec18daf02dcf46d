/**
 * The playground in Debian's stock Firefox (firefox-esr, installed by .ci/run), driven by
 * puppeteer-core over WebDriver BiDi: no browser is downloaded (Playwright's Firefox is a patched
 * build of its own). A smoke test: the page loads cross-origin isolated, trains the seed's
 * network some epochs, the loss falls, a step updates the counter, and no error is logged.
 *
 * Without /usr/bin/firefox-esr the test is skipped, unless CI is set, where that is a failure.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { build } from "vite";
import { serveStatic, type StaticServer } from "../../cli/src/static_server.js";

const FIREFOX = "/usr/bin/firefox-esr";
const inCI = !!process.env.CI && process.env.CI !== "false";
const skip = existsSync(FIREFOX) || inCI ? false : `no Firefox at ${FIREFOX}`;

let out = "";
let server: StaticServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  out = await mkdtemp(join(tmpdir(), "descent-playground-ff-"));
  await build({
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    logLevel: "error",
    build: { outDir: out, emptyOutDir: true },
  });
  server = await serveStatic(out);
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    timeout: 60_000,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

interface State {
  epoch: number;
  epochs: { epoch: number; trainLoss: number }[];
}

test(
  "Firefox: the page loads, trains the seed's network, the loss falls, no errors",
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console.error: ${m.text()}`));
    await page.goto(server.url);
    await page.waitForFunction(
      () => "playground" in globalThis && document.querySelector(".unit"),
      {
        timeout: 30_000,
      },
    );
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, "cross-origin isolated");
    assert.match(await page.evaluate(() => navigator.userAgent), /Firefox\//);
    await page.click("#play");
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { playground: { state: () => State } }).playground.state()
          .epoch >= 30,
      { timeout: 60_000 },
    );
    await page.click("#play"); // pause
    const s = await page.evaluate(() =>
      (globalThis as unknown as { playground: { state: () => State } }).playground.state(),
    );
    assert.ok(s.epochs.length >= 30);
    assert.ok(s.epochs.at(-1)!.trainLoss < s.epochs[0].trainLoss, "the loss falls");
    // one more epoch by the button: the counter follows
    const before = await page.evaluate(() => document.getElementById("epoch")!.textContent);
    await page.click("#step-epoch");
    await page.waitForFunction(
      (b) => document.getElementById("epoch")!.textContent !== b,
      {},
      before,
    );
    assert.match(
      (await page.evaluate(() => document.getElementById("train-loss")!.textContent))!,
      /^\d/,
    );
    assert.deepEqual(problems, []);
    await page.close();
  },
);
