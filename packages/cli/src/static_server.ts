/**
 * A static file server for the built playground: 127.0.0.1 only, cross-origin isolated (COOP and
 * COEP, so the WebAssembly kernels may use threads over shared memory), GET and HEAD only, and
 * nothing outside its folder (no `..`, no encoded slashes, no symlinks leading out).
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { extname, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".safetensors": "application/octet-stream",
};

/** The headers every answer carries: cross-origin isolation, and no sniffing. */
export const ISOLATION_HEADERS = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The file a request path names inside root, or null when it would leave root. */
export async function resolveInside(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\") || !decoded.startsWith("/")) return null;
  const full = resolve(root, `.${decoded}`);
  if (full !== root && !full.startsWith(root + sep)) return null;
  let file = full;
  try {
    if ((await stat(file)).isDirectory()) file = resolve(file, "index.html");
    const real = await realpath(file);
    const realRoot = await realpath(root);
    return real === realRoot || real.startsWith(realRoot + sep) ? real : null;
  } catch {
    return file; // missing: a 404, not a refusal
  }
}

/** Serves `dir` on 127.0.0.1 at `port` (0: a free one the OS picks). */
export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const root = resolve(dir);
  const server = http.createServer(async (req, res) => {
    const send = (status: number, text: string) =>
      res
        .writeHead(status, { ...ISOLATION_HEADERS, "content-type": "text/plain; charset=utf-8" })
        .end(`${text}\n`);
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "only GET and HEAD");
    const pathname = (req.url ?? "/").split("?")[0].split("#")[0];
    const file = await resolveInside(root, pathname);
    if (!file) return send(403, `refused: ${pathname} is outside the served folder`);
    try {
      const s = await stat(file);
      if (!s.isFile()) return send(404, `not found: ${pathname}`);
      res.writeHead(200, {
        ...ISOLATION_HEADERS,
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": s.size,
        "cache-control": "no-cache",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, `not found: ${pathname}`);
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}
