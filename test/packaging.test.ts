/**
 * The library as a user installs it: `npm pack` of packages/descent, installed offline into an
 * empty project. It must stay small, run no install script, have no dependencies, train a step
 * in Node, and bundle for the browser without pulling in a Node built-in.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LIMIT = 5 * 2 ** 20;

function du(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return n;
}

test("npm install of the packed library: small, no scripts, no dependencies, trains in Node and bundles for browsers", async () => {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp", "pack-"));
  // The child npm must not inherit the test's source condition.
  const env = { ...process.env, NODE_OPTIONS: "" };
  try {
    const out = execFileSync("npm", ["pack", join(ROOT, "packages/descent"), "--silent"], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    const tarball = join(dir, out.trim().split("\n").pop()!);
    const proj = join(dir, "proj");
    mkdirSync(proj);
    writeFileSync(join(proj, "package.json"), '{ "name": "p", "private": true, "type": "module" }');
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], {
      cwd: proj,
      env,
      stdio: "pipe",
    });

    const installed = join(proj, "node_modules");
    assert.deepEqual(
      readdirSync(installed).filter((n) => !n.startsWith(".")),
      ["descent"],
    );
    const size = du(installed);
    console.log(
      `# descent installs ${(size / 2 ** 20).toFixed(2)} MiB (tarball ${(statSync(tarball).size / 1024).toFixed(0)} KiB)`,
    );
    assert.ok(size < LIMIT, `installed size ${size} bytes, over ${LIMIT}`);
    const pkg = JSON.parse(readFileSync(join(installed, "descent/package.json"), "utf8")) as {
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    for (const s of ["preinstall", "install", "postinstall", "prepare"])
      assert.equal(pkg.scripts?.[s], undefined, `the published package has a ${s} script`);
    assert.equal(Object.keys(pkg.dependencies ?? {}).length, 0);

    const script = join(proj, "step.mjs");
    writeFileSync(
      script,
      `import { nn, optim, tensor } from "descent";
import { loadSafetensors, saveSafetensors } from "descent/io";
const model = new nn.Linear(2, 1);
const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
const x = tensor([[1, 2], [3, 4]]), y = tensor([[1], [0]]);
const before = new nn.MSELoss().forward(model.forward(x), y);
opt.zeroGrad(); before.backward(); opt.step();
const after = new nn.MSELoss().forward(model.forward(x), y);
// descent/io takes descent's tensors: the two entries share one copy of the library.
saveSafetensors("m.safetensors", model.stateDict());
const back = new nn.Linear(2, 1);
back.loadStateDict(loadSafetensors("m.safetensors"));
console.log(before.item() > after.item(),
  JSON.stringify(back.forward(x).tolist()) === JSON.stringify(model.forward(x).tolist()),
  import.meta.resolve("descent").replace(/.*node_modules./, ""));`,
    );
    assert.equal(
      execFileSync(process.execPath, [script], { cwd: proj, env, encoding: "utf8" }).trim(),
      // Node loads the bundled entry (the `node` condition), not tsc's one file per source.
      "true true descent/dist/node/index.js",
    );

    // The published types: a TypeScript user's program checks against the installed .d.ts files
    // (Tensor's methods are declared by declaration merging across files: all must be reachable).
    writeFileSync(
      join(proj, "check.ts"),
      `import { nn, tensor, type Tensor } from "descent";
import { loadSafetensors } from "descent/io";
const t: Tensor = tensor([[1, 2], [3, 4]]).reshape([4]).view(2, 2).t().sum();
const s: number = t.item() + new nn.Linear(2, 1).weight.get(0, ":").add_(1).numel();
export const loaded: typeof loadSafetensors = loadSafetensors;
export { s };
`,
    );
    execFileSync(
      process.execPath,
      [
        join(ROOT, "node_modules/typescript/bin/tsc"),
        ...["--noEmit", "--strict", "--target", "es2022"],
        ...["--module", "nodenext", "--moduleResolution", "nodenext"],
        ...["--typeRoots", join(ROOT, "node_modules/@types"), "--types", "node"],
        "check.ts",
      ],
      { cwd: proj, env, stdio: "pipe" },
    );

    const entry = join(proj, "page.js");
    writeFileSync(
      entry,
      'import { nn, tensor } from "descent";\nconsole.log(new nn.Linear(2, 1).forward(tensor([[1, 2]])));\n',
    );
    const r = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      minify: true,
      logLevel: "silent",
    });
    const bytes = r.outputFiles[0].contents.length;
    console.log(`# a minimal browser bundle: ${(bytes / 1024).toFixed(0)} KiB minified`);
    // esbuild fails to resolve a Node built-in for the browser platform unless it is external;
    // the metafile lists every import the bundle keeps.
    const kept = Object.values(r.metafile!.outputs).flatMap((o) => o.imports.map((m) => m.path));
    assert.deepEqual(kept, [], "the browser bundle keeps imports (a Node built-in?)");
    await assert.rejects(
      build({
        stdin: { contents: 'import "descent/io";', resolveDir: proj },
        bundle: true,
        write: false,
        platform: "browser",
        logLevel: "silent",
      }),
      "descent/io must not resolve in a browser build",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
