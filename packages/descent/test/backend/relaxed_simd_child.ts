/**
 * Run by matmul.test.ts in a fresh process with no flags (V8 flags are per process): relaxed SIMD
 * is used by default where it validates, and where V8 has it behind --experimental-wasm-relaxed-simd
 * (Node 20) descent sets that flag and backendInfo says so; initWasm({ relaxedSimd: false }) goes
 * back to the plain kernel and unsets the flag, and { relaxedSimd: true } returns to the fused one.
 * The products agree with the reference all along.
 */
import assert from "node:assert/strict";

import { backendInfo, initWasm } from "../../src/index.js";
import * as modules from "../../src/backend/wasm/matmul_wasm_bytes.js";
import { wasmMatmul } from "../../src/backend/wasm/wasm_backend.js";
import { TRANS, check } from "./matmul_check.js";

const relaxedBytes = Uint8Array.from(atob(modules.MATMUL_RELAXED_WASM), (ch) => ch.charCodeAt(0));
const native = WebAssembly.validate(relaxedBytes);

const products = (): void => {
  for (const [m, k, n] of [
    [7, 17, 33],
    [129, 400, 70],
    [300, 200, 100],
  ]) {
    for (const [transA, transB] of TRANS) check(wasmMatmul, { m, k, n, transA, transB });
  }
};

let info = backendInfo();
// Node 20 has the flag; an engine with relaxed SIMD on by default needs none.
assert.equal(info.relaxedSimd, true, "relaxed SIMD is not in use");
assert.equal(info.relaxedSimdFlagSet, !native);
assert.equal(WebAssembly.validate(relaxedBytes), true);
products();

assert.equal(await initWasm({ relaxedSimd: false }), true);
info = backendInfo();
assert.deepEqual([info.relaxedSimd, info.relaxedSimdFlagSet], [false, false]);
assert.equal(WebAssembly.validate(relaxedBytes), native, "the flag was not switched back");
products();

assert.equal(await initWasm({ relaxedSimd: true, threads: 2 }), true);
info = backendInfo();
assert.deepEqual([info.relaxedSimd, info.relaxedSimdFlagSet, info.threads], [true, !native, 2]);
products();
await initWasm({ threads: 1 });
console.log(`relaxed ok (${native ? "on by default" : "flag set by descent"})`);
