import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";

import { jsMatmul } from "../../src/backend/js_matmul.js";
import { getBackend, kernels, listBackends, setBackend } from "../../src/backend/registry.js";
import {
  WASM_MIN_WORK,
  getNumThreads,
  initWasm,
  setNumThreads,
  wasmKernel,
  wasmKernelInfo,
  wasmMatmul,
  wasmSimdSupported,
} from "../../src/backend/wasm/wasm_backend.js";
import * as modules from "../../src/backend/wasm/matmul_wasm_bytes.js";
import { WasmMatmulKernel, sharesThreads } from "../../src/backend/wasm/wasm_kernel.js";
import {
  ODD,
  SENTINEL,
  TRANS,
  check,
  floats,
  forced,
  standaloneKernel,
  using,
} from "./matmul_check.js";

/** Runs `body` with the kernel's cache blocking set to `blocking`, then restores it. */
function withBlocking(blocking: { mc: number; kc: number; nc: number }, body: () => void): void {
  const kern = wasmKernel()!;
  const saved = kern.blocking;
  kern.blocking = blocking;
  try {
    body();
  } finally {
    kern.blocking = saved;
  }
}

describe("wasm matmul", { skip: !wasmSimdSupported() && "no WebAssembly SIMD here" }, () => {
  test("compiles synchronously, and initWasm resolves", async () => {
    assert.ok(wasmKernel());
    assert.equal(await initWasm(), true);
  });

  test("every module is under 4 KB, so browsers' main threads may compile it synchronously", () => {
    for (const [name, b64] of Object.entries(modules)) {
      assert.ok(atob(b64).length <= 4096, `${name} is ${atob(b64).length} bytes`);
    }
  });

  test("odd sizes, all four transpose combinations", () => {
    for (const m of ODD) {
      for (const n of ODD) {
        for (const k of [1, 4, 17, 129]) {
          for (const [transA, transB] of TRANS)
            check(forced, { m, k, n, transA, transB, seed: m + n + k });
        }
      }
    }
  });

  test("non-zero offsets into all three arrays", () => {
    for (const [m, k, n] of [
      [5, 9, 21],
      [33, 17, 7],
      [64, 65, 66],
      [3, 300, 2],
    ]) {
      for (const [transA, transB] of TRANS) {
        check(forced, { m, k, n, transA, transB, offsets: [3, 7, 5] });
        check(wasmMatmul, { m, k, n, transA, transB, offsets: [1, 2, 13] });
      }
    }
  });

  test("small-model training shapes, forward and backward", () => {
    for (const [m, k, n] of [
      [256, 784, 256],
      [256, 784, 10],
      [256, 10, 784],
      [784, 256, 10],
      [1000, 4, 10],
      [1000, 10, 1],
      [4, 1000, 10],
      [10, 1000, 1],
    ]) {
      for (const [transA, transB] of TRANS) check(wasmMatmul, { m, k, n, transA, transB });
    }
  });

  test("several cache blocks along m, k and n, with ragged edges", () => {
    withBlocking({ mc: 6, kc: 5, nc: 20 }, () => {
      for (const [m, k, n] of [
        [13, 11, 45],
        [40, 23, 17],
        [7, 64, 64],
        [31, 1, 3],
      ]) {
        for (const [transA, transB] of TRANS)
          check(forced, { m, k, n, transA, transB, offsets: [1, 0, 2] });
      }
    });
    // The default blocking's own splits: k past kc = 384, n past nc = 4096.
    check(wasmMatmul, { m: 37, k: 1000, n: 45, transB: true });
    check(wasmMatmul, { m: 9, k: 20, n: 4133 });
  });

  test("memory grows for a large problem and is reused by smaller ones", () => {
    check(wasmMatmul, { m: 300, k: 500, n: 400 });
    const grown = wasmKernel()!.memoryBytes;
    check(wasmMatmul, { m: 20, k: 30, n: 40, transA: true });
    check(wasmMatmul, { m: 300, k: 500, n: 400, transB: true });
    assert.equal(wasmKernel()!.memoryBytes, grown);
  });

  test("a problem that does not fit in wasm memory is left to JS (kernel returns false)", () => {
    // The shared-memory module, on a memory that may not grow past 2 pages (128 KB).
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const bytes = Uint8Array.from(atob(modules.MATMUL_SIMD_SHARED_WASM), (ch) => ch.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const small = new WasmMatmulKernel(instance, false, memory);
    const run: typeof forced = (a, ao, b, bo, out, oo, m, k, n, ta, tb) => {
      const [a32, b32, o32] = [a, b, out] as Float32Array[];
      assert.ok(small.matmul(a32, ao, b32, bo, o32, oo, m, k, n, ta, tb));
    };
    check(run, { m: 40, k: 50, n: 60, transB: true });
    const big = new Float32Array(200 * 200);
    assert.equal(small.matmul(big, 0, big, 0, big.slice(), 0, 200, 200, 200, false, false), false);
    check(run, { m: 40, k: 50, n: 60, transA: true });
  });

  test("random shapes, transposes and offsets (property)", () => {
    const dim = fc.integer({ min: 1, max: 80 });
    const off = fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(
        dim,
        dim,
        dim,
        fc.boolean(),
        fc.boolean(),
        off,
        off,
        off,
        (m, k, n, transA, transB, x, y, z) => {
          check(wasmMatmul, { m, k, n, transA, transB, offsets: [x, y, z], seed: m * k + n });
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  test("float64, and problems below WASM_MIN_WORK, run the JS kernel exactly", () => {
    const a = Float64Array.from(floats(60 * 70, 3));
    const b = Float64Array.from(floats(70 * 50, 4));
    const [got, want] = [new Float64Array(3000), new Float64Array(3000)];
    wasmMatmul(a, 0, b, 0, got, 0, 60, 70, 50, false, true);
    jsMatmul(a, 0, b, 0, want, 0, 60, 70, 50, false, true);
    assert.deepEqual(got, want);
    const [m, k, n] = [4, 4, Math.floor((WASM_MIN_WORK - 1) / 16)];
    const [a32, b32] = [floats(m * k, 5), floats(k * n, 6)];
    const [got32, want32] = [new Float32Array(m * n), new Float32Array(m * n)];
    wasmMatmul(a32, 0, b32, 0, got32, 0, m, k, n, false, false);
    jsMatmul(a32, 0, b32, 0, want32, 0, m, k, n, false, false);
    assert.deepEqual(got32, want32);
  });

  test("empty dimensions: k = 0 gives zeros, m = 0 or n = 0 writes nothing", () => {
    const out = new Float32Array(12).fill(SENTINEL);
    wasmMatmul(new Float32Array(0), 0, new Float32Array(0), 0, out, 2, 3, 0, 3, false, false);
    assert.deepEqual([...out], [SENTINEL, SENTINEL, ...new Array(9).fill(0), SENTINEL]);
    const untouched = new Float32Array(4).fill(SENTINEL);
    wasmMatmul(new Float32Array(0), 0, new Float32Array(8), 0, untouched, 0, 0, 2, 4, false, false);
    wasmMatmul(new Float32Array(8), 0, new Float32Array(0), 0, untouched, 0, 4, 2, 0, false, false);
    assert.deepEqual([...untouched], new Array(4).fill(SENTINEL));
  });

  test("two threads on a shared memory give the same results, bit for bit", async () => {
    const shapes: [number, number, number][] = [
      [300, 200, 100], // split by rows
      [17, 400, 1000], // split by columns
      [4000, 30, 9], // computed transposed, split by columns of C^T
      [129, 65, 133], // ragged bands
      [300, 900, 100], // split by rows, B packed once, over several depth blocks
    ];
    for (const [m, k, n] of shapes) assert.ok(sharesThreads(m, k, n));
    const runAll = (): Float32Array[] =>
      shapes.flatMap(([m, k, n]) =>
        TRANS.map(([transA, transB]) => {
          const out = new Float32Array(m * n + 3);
          wasmMatmul(floats(m * k + 1, m), 1, floats(k * n, n), 0, out, 2, m, k, n, transA, transB);
          return out;
        }),
      );
    setNumThreads(1); // the default may have started helpers in an earlier test
    assert.equal(getNumThreads(), 1);
    const single = runAll();
    try {
      assert.equal(await initWasm({ threads: 2 }), true);
      assert.equal(wasmKernelInfo().threads, 2);
      for (const [m, k, n] of shapes) {
        for (const [transA, transB] of TRANS)
          check(wasmMatmul, { m, k, n, transA, transB, offsets: [1, 2, 3] });
      }
      assert.deepEqual(runAll(), single);
    } finally {
      await initWasm({ threads: 1 });
    }
    assert.equal(wasmKernelInfo().threads, 1);
  });

  test("by default, the first large product starts helper threads, which join even a loop that never yields; the process still ends on its own", () => {
    const child = fileURLToPath(new URL("./threads_child.ts", import.meta.url));
    for (const [mode, expect] of [
      ["wait", /auto ok/],
      ["once", /once ok/],
    ] as const) {
      const run = spawnSync(process.execPath, ["--import", "tsx", child, mode], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(run.status, 0, `${mode}: ${run.stdout}${run.stderr}${run.error ?? ""}`);
      assert.match(run.stdout, expect);
    }
  });

  test("setNumThreads takes whole numbers from 1", () => {
    assert.throws(() => setNumThreads(0), /setNumThreads: expected a whole number/);
    assert.throws(() => setNumThreads(1.5), /setNumThreads/);
  });

  test("every kernel, plain and fused multiply-add, on one thread and two, agrees with the reference within TOLERANCE", async () => {
    // Large enough for two threads (sharesThreads), with ragged edges; and small ones on one.
    const shapes: [number, number, number][] = [
      [129, 65, 133],
      [300, 200, 100],
      [17, 400, 1000],
      [256, 784, 10],
      [7, 17, 33],
      [65, 3, 129],
    ];
    // The default: relaxed SIMD where the engine validates it (Node 20: after descent's flag).
    const fused = wasmKernelInfo().relaxed;
    for (const relaxed of [false, true]) {
      for (const threads of [1, 2] as const) {
        const kern = await standaloneKernel(relaxed, threads);
        if (!kern) {
          assert.ok(relaxed && !fused, "a plain-SIMD module did not validate");
          continue;
        }
        try {
          for (const [m, k, n] of shapes) {
            for (const [transA, transB] of TRANS)
              check(using(kern), { m, k, n, transA, transB, offsets: [1, 2, 3] });
          }
          if (threads === 2) assert.ok(kern.team!.helperBands > 0, "the helper thread did no band");
        } finally {
          kern.team?.close();
        }
      }
    }
  });

  test("relaxed SIMD: used by default where it validates (Node 20: V8's flag, set by descent and reported), switched off and back by initWasm", () => {
    const child = fileURLToPath(new URL("./relaxed_simd_child.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", child], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /relaxed ok/);
  });
});

describe("backend registry", () => {
  test("'wasm' is registered and the default where WebAssembly SIMD exists; setBackend forces either", () => {
    const before = getBackend().name;
    try {
      if (!wasmSimdSupported()) {
        assert.equal(before, "js");
        return;
      }
      assert.ok(listBackends().includes("wasm"));
      assert.equal(before, "wasm");
      setBackend("js");
      assert.equal(getBackend().name, "js");
      setBackend("wasm");
      assert.equal(getBackend().name, "wasm");
      check(kernels.matmul, { m: 20, k: 30, n: 40 });
    } finally {
      setBackend(before);
    }
  });
});
