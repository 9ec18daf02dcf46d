/**
 * The playground's static server: bound to 127.0.0.1 only, cross-origin isolation headers on
 * every answer, and no path outside its folder (dot segments, encoded ones, symlinks).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { serveStatic } from "../src/static_server.js";

/** GET with the path sent exactly as written (no URL normalisation on the client side). */
function get(port: number, path: string, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (ok, fail) => {
      const req = http.request({ host: "127.0.0.1", port, path, method }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => ok({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", fail);
      req.end();
    },
  );
}

async function fixture() {
  const top = await mkdtemp(join(tmpdir(), "descent-static-"));
  const site = join(top, "site");
  await mkdir(join(site, "assets"), { recursive: true });
  await writeFile(join(site, "index.html"), "<!doctype html><p>page</p>");
  await writeFile(join(site, "assets", "a.js"), "export {};");
  await writeFile(join(top, "secret.txt"), "outside");
  await symlink(join(top, "secret.txt"), join(site, "link.txt"));
  return { top, site };
}

test("serves the folder on 127.0.0.1 with COOP/COEP and refuses paths outside it", async () => {
  const { top, site } = await fixture();
  const server = await serveStatic(site);
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get(server.port, "/");
    assert.equal(index.status, 200);
    assert.match(index.body, /page/);
    assert.equal(index.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(index.headers["cross-origin-opener-policy"], "same-origin");
    assert.equal(index.headers["cross-origin-embedder-policy"], "require-corp");
    const js = await get(server.port, "/assets/a.js?v=1");
    assert.equal(js.status, 200);
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(js.headers["cross-origin-embedder-policy"], "require-corp");
    assert.equal((await get(server.port, "/missing.js")).status, 404);
    assert.equal((await get(server.port, "/", "POST")).status, 405);
    for (const bad of [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%5csecret.txt",
      "/link.txt",
      "/%00",
    ]) {
      const r = await get(server.port, bad);
      assert.equal(r.status, 403, `${bad} should be refused, got ${r.status}`);
      assert.doesNotMatch(r.body, /outside$/m);
      assert.equal(r.headers["cross-origin-opener-policy"], "same-origin");
    }
  } finally {
    await server.close();
    await rm(top, { recursive: true, force: true });
  }
});

test("listens on the loopback address only", async () => {
  const { top, site } = await fixture();
  const server = await serveStatic(site);
  try {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    const tryConnect = (host: string) =>
      new Promise<boolean>((ok) => {
        const s = net.connect({ host, port: server.port });
        s.once("connect", () => (s.destroy(), ok(true)));
        s.once("error", () => ok(false));
      });
    assert.equal(await tryConnect("127.0.0.1"), true);
    if (external) assert.equal(await tryConnect(external), false, `reachable on ${external}`);
    assert.equal(await tryConnect("::1"), false, "reachable on ::1");
  } finally {
    await server.close();
    await rm(top, { recursive: true, force: true });
  }
});

test("--port: a port given is the port used", async () => {
  const { top, site } = await fixture();
  const probe = await serveStatic(site);
  const port = probe.port;
  await probe.close();
  const server = await serveStatic(site, port);
  try {
    assert.equal(server.port, port);
    assert.equal(server.url, `http://127.0.0.1:${port}/`);
  } finally {
    await server.close();
    await rm(top, { recursive: true, force: true });
  }
});
