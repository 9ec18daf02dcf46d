import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { OUTPUTS, generate, preprocess } from "../../scripts/build-wasm.js";

/**
 * The committed wasm bytes are what the WAT sources assemble to: a change to a kernel's source
 * (packages/descent/wasm/*.wat) without `npm run build:wasm`, or an edit of the generated files,
 * fails here.
 */
test("the committed *_wasm_bytes.ts files are what wasm/*.wat assemble to (npm run build:wasm)", async () => {
  const { files } = await generate();
  assert.deepEqual(
    [...files.keys()],
    OUTPUTS.map((o) => o.path),
  );
  for (const [path, text] of files) {
    const committed = readFileSync(
      fileURLToPath(new URL(`../../${path}`, import.meta.url)),
      "utf8",
    );
    assert.ok(committed === text, `${path} is stale: run npm run build:wasm in packages/descent`);
  }
});

test("every exported kernel is a named func in a WAT source", () => {
  const sources = OUTPUTS.flatMap((o) => o.modules).map((m) => preprocess(m.source, m.flags));
  for (const name of ["gemm", "transpose", "exp", "sigmoid", "softmax_rows", "mm_rows4", "mv"]) {
    assert.ok(
      sources.some((s) => s.includes(`(func (export "${name}")`)),
      `no (func (export "${name}") in wasm/*.wat`,
    );
  }
});

test("the preprocessor keeps the branch a variant's flags pick", () => {
  const plain = preprocess("matmul.wat", []);
  const relaxed = preprocess("matmul.wat", ["relaxed", "shared"]);
  assert.ok(
    !plain.includes("(f32x4.relaxed_madd (local.get") &&
      plain.includes('(memory (export "memory") 1)'),
  );
  assert.ok(relaxed.includes("(f32x4.relaxed_madd (local.get") && relaxed.includes("shared))"));
  assert.ok(!/;; @/.test(plain + relaxed), "a directive was left in the output");
  // Each variant's tile (@set in its kernels file) reaches matmul.wat's loops.
  assert.ok(!/\$\{/.test(plain + relaxed), "a ${NAME} was left in the output");
  assert.ok(plain.includes("(i32.const 16) (i32.sub (local.get $ncb)"));
  assert.ok(relaxed.includes("(i32.const 8) (i32.sub (local.get $ncb)"));
});
