/**
 * backendInfo() and the awaitable initWasm() through the public entry, in Node: the wasm backend
 * with SIMD, worker threads available, and the thread counts following setNumThreads. The browser
 * cases (a page with and without cross-origin isolation) are in test/browser/threads.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import * as descent from "../../src/index.js";
import * as browserEntry from "../../src/browser.js";
import { wasmSimdSupported } from "../../src/backend/wasm/wasm_backend.js";

const { backendInfo, initWasm, setBackend, setNumThreads } = descent;

test("both entries export backendInfo and initWasm", () => {
  for (const entry of [descent, browserEntry]) {
    assert.equal(typeof entry.backendInfo, "function");
    assert.equal(typeof entry.initWasm, "function");
  }
});

test("backendInfo in Node: wasm with SIMD, threads available, the cores, the backend in use", () => {
  const info = backendInfo();
  assert.equal(info.simd, wasmSimdSupported());
  assert.equal(info.backend, "wasm");
  assert.equal(info.wasmReady, true);
  assert.equal(typeof info.relaxedSimd, "boolean");
  assert.equal(info.threadsAvailable, true);
  assert.equal(info.threadsUnavailableReason, undefined);
  assert.equal(info.cores, availableParallelism());
  setBackend("js");
  try {
    assert.equal(backendInfo().backend, "js");
  } finally {
    setBackend("wasm");
  }
});

test("setNumThreads returns the threads it will use; initWasm waits until the helpers run", async () => {
  try {
    assert.equal(setNumThreads(2), 2);
    assert.equal(backendInfo().threadsRequested, 2);
    assert.equal(await initWasm(), true);
    const info = backendInfo();
    assert.equal(info.threads, 2);
    assert.equal(info.threadsRunning, 2, "initWasm resolved before the helper ran");
    assert.equal(info.threadsFailure, undefined);
  } finally {
    assert.equal(setNumThreads(1), 1);
  }
  const info = backendInfo();
  assert.deepEqual([info.threadsRequested, info.threads, info.threadsRunning], [1, 1, 1]);
});
