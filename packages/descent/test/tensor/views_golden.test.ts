import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Index, Tensor } from "../../src/tensor/index.js";
import { fromTypedArray, tensor } from "../../src/tensor/index.js";
import { listBackends } from "../../src/backend/registry.js";
import { onBackend } from "../helpers/backend.js";

/**
 * Views, indexing and in-place writes against PyTorch 1.13: test/fixtures/torch/views.json,
 * written by scripts/golden/torch_views.py. Every row runs on every backend.
 */

type Json = number | string | null | boolean | Json[] | { [k: string]: Json };
interface Enc {
  shape: number[];
  values: number[];
}
interface IndexRow {
  shape: number[];
  x: number[];
  index: Json[];
  out: Enc;
  view: boolean;
  w: number[];
  grad: number[];
}
interface GatherRow {
  shape: number[];
  x: number[];
  dim: number;
  index: number[][];
  out: Enc;
  w: number[];
  grad: number[];
}
type Step = [Json[][], string, ...Json[]];
interface ProgramRow {
  name: string;
  shape: number[];
  x: number[];
  steps: Step[];
  error?: string;
  base?: number[];
  grad_fn?: string;
  w?: number[];
  grad?: number[];
  value_grads?: Enc[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/torch/views.json", import.meta.url), "utf8"),
) as { torch: string; index: IndexRow[]; gather: GatherRow[]; inplace: ProgramRow[] };

const f64 = (values: number[], shape: number[], requiresGrad = false): Tensor =>
  fromTypedArray(Float64Array.from(values), shape, { requiresGrad });

/** The fixture's JSON index as descent's: {int} an int32 tensor, {list} an array, {bool} a mask. */
function index(i: Json): Index {
  if (i === null || typeof i === "number" || typeof i === "string") return i;
  const o = i as Record<string, Json>;
  if ("int" in o) return tensor(o.int as number[], { dtype: "int32" });
  if ("bool" in o) return tensor(o.bool as boolean[]);
  return o.list as number[];
}

/** A fixture argument: a tensor value (float64, requires grad), an index, a list, or as it is. */
function arg(a: Json, leaves: Tensor[]): unknown {
  if (Array.isArray(a)) return a.map((b) => arg(b, leaves));
  if (a !== null && typeof a === "object") {
    if ("values" in a) {
      const t = f64(a.values as number[], a.shape as number[], true);
      leaves.push(t);
      return t;
    }
    return index(a);
  }
  return a;
}

function view(t: Tensor, [op, ...a]: Json[]): Tensor {
  if (op === "get") return t.get(...a.map(index));
  const n = a as number[];
  switch (op) {
    case "narrow":
      return t.narrow(n[0], n[1], n[2]);
    case "select":
      return t.select(n[0], n[1]);
    case "transpose":
      return t.transpose(n[0], n[1]);
    case "t":
      return t.t();
    case "expand":
      return t.expand(n);
    case "unsqueeze":
      return t.unsqueeze(n[0]);
    case "view":
      return t.view(n);
    case "permute":
      return t.permute(n);
    case "diagonal":
      return t.diagonal();
  }
  throw new Error(`unknown view ${String(op)}`);
}

function close(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= 1e-12 + 1e-9 * Math.abs(expected[i]);
    assert.ok(ok, `${what}[${i}]: ${actual[i]} vs PyTorch's ${expected[i]}`);
  }
}

function runIndex(r: IndexRow): void {
  const x = f64(r.x, r.shape, true);
  const out = x.get(...r.index.map(index));
  assert.deepEqual(out.shape, r.out.shape, "shape");
  close(out.toTypedArray(), r.out.values, "values");
  assert.equal(out.base === x, r.view, r.view ? "a view of x" : "a copy");
  assert.equal(out.sharesStorage(x), r.view, "shares storage");
  out.mul(f64(r.w, r.out.shape)).sum().backward();
  close(x.grad!.toTypedArray(), r.grad, "gradient");
}

function runProgram(r: ProgramRow): void {
  const x = f64(r.x, r.shape, true);
  const base = x.clone();
  const leaves: Tensor[] = [];
  const run = () => {
    for (const [chain, op, ...args] of r.steps) {
      const t = chain.reduce(view, base);
      const a = args.map((v) => arg(v, leaves));
      if (op === "set") t.set(a[0] as Index[], a[1] as Tensor | number);
      else (t as unknown as Record<string, (...xs: unknown[]) => unknown>)[op](...a);
    }
  };
  if (r.error !== undefined) {
    // PyTorch's words, after descent's "op: " prefix
    const words = r.error.replace(/\.$/, "").split(" (")[0];
    assert.throws(run, (e: Error) => e.message.includes(words.split(". ")[0]));
    return;
  }
  run();
  close(base.toTypedArray(), r.base!, "base");
  assert.equal(base.gradFn!.typeName(), r.grad_fn, "grad_fn");
  base.mul(f64(r.w!, r.shape)).sum().backward();
  close(x.grad!.toTypedArray(), r.grad!, "gradient of x");
  r.value_grads!.forEach((g, i) =>
    close(leaves[i].grad!.toTypedArray(), g.values, `gradient of value ${i}`),
  );
}

test(`views fixture from PyTorch ${fixture.torch}`, () => {
  assert.ok(fixture.index.length >= 40 && fixture.inplace.length >= 40);
  assert.ok(fixture.index.some((r) => r.view) && fixture.index.some((r) => !r.view));
  assert.ok(fixture.inplace.some((r) => r.error) && fixture.inplace.some((r) => !r.error));
});

for (const backend of listBackends()) {
  const on = (fn: () => void) => () => onBackend(backend, fn);
  for (const r of fixture.index) {
    test(
      `[${backend}] get: ${fmt(r.shape)}[${r.index.map(show).join(", ")}]`,
      on(() => runIndex(r)),
    );
  }
  for (const r of fixture.gather) {
    test(
      `[${backend}] gather ${fmt(r.shape)} dim ${r.dim} index ${fmt([r.index.length, r.index[0].length])}`,
      on(() => {
        const x = f64(r.x, r.shape, true);
        const out = x.gather(r.dim, tensor(r.index, { dtype: "int32" }));
        assert.deepEqual(out.shape, r.out.shape);
        close(out.toTypedArray(), r.out.values, "values");
        out.mul(f64(r.w, r.out.shape)).sum().backward();
        close(x.grad!.toTypedArray(), r.grad, "gradient");
      }),
    );
  }
  for (const r of fixture.inplace) {
    test(
      `[${backend}] in place: ${r.name}`,
      on(() => runProgram(r)),
    );
  }
}

function fmt(shape: number[]): string {
  return `[${shape.join(", ")}]`;
}

function show(i: Json): string {
  if (i === null) return "None";
  if (typeof i === "string") return i;
  return JSON.stringify(i);
}
