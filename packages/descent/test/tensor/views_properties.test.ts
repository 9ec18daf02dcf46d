import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";

import type { Tensor } from "../../src/tensor/index.js";
import { fromTypedArray, noGrad } from "../../src/tensor/index.js";
import { numelOf } from "../../src/util/shape.js";

/**
 * Property tests of views with fast-check: random shapes and random chains of view ops, checked
 * against a model written without strides. The model keeps, for each element of the view, the
 * flat position in the base it stands for (each op is its definition: which input element an
 * output element is); the view must read those base elements, a write through it must land
 * there, and its gradient must add up there.
 */

type ViewOp =
  | { op: "narrow"; dim: number; start: number; length: number }
  | { op: "select"; dim: number; index: number }
  | { op: "slice"; dim: number; start: number; step: number }
  | { op: "permute"; perm: number[] }
  | { op: "transpose"; a: number; b: number }
  | { op: "unsqueeze"; dim: number }
  | { op: "squeeze"; dim: number }
  | { op: "diagonal"; offset: number }
  | { op: "expand"; dim: number; size: number }
  | { op: "flatten" };

/** The model: the view's shape and, per element (row-major), its base position. */
interface Model {
  shape: number[];
  at: number[];
}

function coords(shape: number[]): number[][] {
  const out: number[][] = [];
  const idx = shape.map(() => 0);
  for (let k = 0; k < numelOf(shape); k++) {
    out.push(idx.slice());
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function flatIndex(shape: number[], c: number[]): number {
  return c.reduce((p, v, d) => p * shape[d] + v, 0);
}

/** Applies one op to the model: out[c] = in[source(c)]. */
function step(m: Model, o: ViewOp): Model {
  const s = m.shape;
  let shape: number[];
  let source: (c: number[]) => number[];
  switch (o.op) {
    case "narrow":
      shape = s.map((n, d) => (d === o.dim ? o.length : n));
      source = (c) => c.map((v, d) => (d === o.dim ? v + o.start : v));
      break;
    case "select":
      shape = s.filter((_, d) => d !== o.dim);
      source = (c) => [...c.slice(0, o.dim), o.index, ...c.slice(o.dim)];
      break;
    case "slice":
      shape = s.map((n, d) => (d === o.dim ? Math.ceil((n - o.start) / o.step) : n));
      source = (c) => c.map((v, d) => (d === o.dim ? o.start + v * o.step : v));
      break;
    case "permute":
      shape = o.perm.map((p) => s[p]);
      source = (c) => {
        const r = new Array<number>(c.length);
        o.perm.forEach((p, i) => (r[p] = c[i]));
        return r;
      };
      break;
    case "transpose": {
      const sw = (d: number) => (d === o.a ? o.b : d === o.b ? o.a : d);
      shape = s.map((_, d) => s[sw(d)]);
      source = (c) => s.map((_, d) => c[sw(d)]);
      break;
    }
    case "unsqueeze":
      shape = [...s.slice(0, o.dim), 1, ...s.slice(o.dim)];
      source = (c) => c.filter((_, d) => d !== o.dim);
      break;
    case "squeeze":
      shape = s.filter((_, d) => d !== o.dim);
      source = (c) => [...c.slice(0, o.dim), 0, ...c.slice(o.dim)];
      break;
    case "diagonal": {
      const len = Math.max(0, Math.min(s[0] + Math.min(o.offset, 0), s[1] - Math.max(o.offset, 0)));
      shape = [...s.slice(2), len];
      source = (c) => {
        const k = c[c.length - 1];
        const [i, j] = o.offset >= 0 ? [k, k + o.offset] : [k - o.offset, k];
        return [i, j, ...c.slice(0, -1)];
      };
      break;
    }
    case "expand":
      shape = s.map((n, d) => (d === o.dim ? o.size : n));
      source = (c) => c.map((v, d) => (d === o.dim ? 0 : v));
      break;
    case "flatten":
      shape = [numelOf(s)];
      source = (c) => coords(s)[c[0]];
      break;
  }
  return { shape, at: coords(shape).map((c) => m.at[flatIndex(s, source(c))]) };
}

function apply(t: Tensor, o: ViewOp): Tensor {
  switch (o.op) {
    case "narrow":
      return t.narrow(o.dim, o.start, o.length);
    case "select":
      return t.select(o.dim, o.index);
    case "slice":
      return t.slice(o.start, undefined, o.dim, o.step);
    case "permute":
      return t.permute(o.perm);
    case "transpose":
      return t.transpose(o.a, o.b);
    case "unsqueeze":
      return t.unsqueeze(o.dim);
    case "squeeze":
      return t.squeeze(o.dim);
    case "diagonal":
      return t.diagonal(o.offset);
    case "expand":
      return t.expand(t.shape.map((n, d) => (d === o.dim ? o.size : n)));
    case "flatten":
      return t.flatten();
  }
}

/** A random op valid for `shape` (flatten only where it is a view: on contiguous tensors). */
function opFor(shape: number[], contiguous: boolean): fc.Arbitrary<ViewOp> {
  const nd = shape.length;
  const choices: fc.Arbitrary<ViewOp>[] = [
    fc.integer({ min: 0, max: nd }).map((dim) => ({ op: "unsqueeze" as const, dim })),
  ];
  if (contiguous) choices.push(fc.constant({ op: "flatten" as const }));
  if (nd > 0) {
    const dimArb = fc.integer({ min: 0, max: nd - 1 });
    choices.push(
      dimArb.chain((dim) =>
        fc.integer({ min: 0, max: shape[dim] }).chain((start) =>
          fc.integer({ min: 0, max: shape[dim] - start }).map((length) => ({
            op: "narrow" as const,
            dim,
            start,
            length,
          })),
        ),
      ),
      dimArb.chain((dim) =>
        fc
          .tuple(
            fc.integer({ min: 0, max: Math.max(0, shape[dim] - 1) }),
            fc.integer({ min: 1, max: 3 }),
          )
          .map(([start, step]) => ({ op: "slice" as const, dim, start, step })),
      ),
      fc.shuffledSubarray([...shape.keys()], { minLength: nd, maxLength: nd }).map((perm) => ({
        op: "permute" as const,
        perm,
      })),
      fc.tuple(dimArb, dimArb).map(([a, b]) => ({ op: "transpose" as const, a, b })),
    );
    const sized = [...shape.keys()].filter((d) => shape[d] > 0);
    if (sized.length > 0) {
      choices.push(
        fc.constantFrom(...sized).chain((dim) =>
          fc.integer({ min: 0, max: shape[dim] - 1 }).map((index) => ({
            op: "select" as const,
            dim,
            index,
          })),
        ),
      );
    }
    const ones = [...shape.keys()].filter((d) => shape[d] === 1);
    if (ones.length > 0) {
      choices.push(fc.constantFrom(...ones).map((dim) => ({ op: "squeeze" as const, dim })));
      choices.push(
        fc
          .tuple(fc.constantFrom(...ones), fc.integer({ min: 1, max: 3 }))
          .map(([dim, size]) => ({ op: "expand" as const, dim, size })),
      );
    }
  }
  if (nd >= 2) {
    choices.push(
      fc.integer({ min: -1, max: 1 }).map((offset) => ({ op: "diagonal" as const, offset })),
    );
  }
  return fc.oneof(...choices);
}

/** A base shape and a chain of up to 5 view ops valid one after the other. */
const chainArb = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.integer({ min: 1, max: 5 }).chain((n) => {
      const grow = (
        m: Model,
        contiguous: boolean,
        ops: ViewOp[],
        left: number,
      ): fc.Arbitrary<[number[], ViewOp[]]> =>
        left === 0
          ? fc.constant([shape, ops])
          : opFor(m.shape, contiguous).chain((o) => {
              const next = step(m, o);
              const stillContiguous = next.at.every((p, k) => p === next.at[0] + k);
              return grow(next, stillContiguous, [...ops, o], left - 1);
            });
      return grow({ shape, at: [...Array(numelOf(shape)).keys()] }, true, [], n);
    }),
  );

const base = (shape: number[], requiresGrad = false): Tensor =>
  fromTypedArray(
    Float64Array.from({ length: numelOf(shape) }, (_, i) => i * 1.5 - 7),
    shape,
    { requiresGrad },
  );

test("a chain of views reads the base elements the model says, without copying", () => {
  fc.assert(
    fc.property(chainArb, ([shape, ops]) => {
      const x = base(shape);
      const v = ops.reduce(apply, x);
      const m = ops.reduce(step, { shape, at: [...Array(numelOf(shape)).keys()] });
      assert.deepEqual(v.shape, m.shape);
      const xs = x.toTypedArray();
      assert.deepEqual(
        Array.from(v.toTypedArray()),
        m.at.map((p) => xs[p]),
      );
      assert.deepEqual(
        Array.from(v.contiguous().toTypedArray()),
        m.at.map((p) => xs[p]),
      );
      assert.ok(v.sharesStorage(x));
    }),
    { numRuns: 300, endOnFailure: true },
  );
});

test("writing through a chain of views equals writing into the copy and scattering back", () => {
  fc.assert(
    fc.property(chainArb, ([shape, ops]) => {
      const x = base(shape);
      const v = ops.reduce(apply, x);
      const m = ops.reduce(step, { shape, at: [...Array(numelOf(shape)).keys()] });
      const expected = Array.from(x.toTypedArray());
      const src = Float64Array.from(m.at, (_, k) => 100 + k);
      const write = () => v.copy_(fromTypedArray(src, m.shape));
      if (new Set(m.at).size < m.at.length) {
        // an expanded view: several elements share a slot, so PyTorch refuses the write
        assert.throws(write, /more than one element of the written-to tensor/);
        return;
      }
      m.at.forEach((p, k) => (expected[p] = src[k]));
      const before = x.version;
      write();
      assert.deepEqual(Array.from(x.toTypedArray()), expected);
      assert.equal(x.version, before + 1, "the write bumps the shared version counter");
    }),
    { numRuns: 300, endOnFailure: true },
  );
});

test("the gradient of a chain of views adds up at the base elements it reads", () => {
  fc.assert(
    fc.property(chainArb, ([shape, ops]) => {
      const x = base(shape, true);
      const v = ops.reduce(apply, x);
      const m = ops.reduce(step, { shape, at: [...Array(numelOf(shape)).keys()] });
      const w = Float64Array.from(m.at, (_, k) => k + 1);
      v.mul(fromTypedArray(w, m.shape)).sum().backward();
      const expected = new Array<number>(numelOf(shape)).fill(0);
      m.at.forEach((p, k) => (expected[p] += w[k]));
      assert.deepEqual(Array.from(x.grad!.toTypedArray()), expected);
    }),
    { numRuns: 200, endOnFailure: true },
  );
});

test("an in-place op through a chain of views gives the gradient of the same op on a copy", () => {
  fc.assert(
    fc.property(chainArb, ([shape, ops]) => {
      const m = ops.reduce(step, { shape, at: [...Array(numelOf(shape)).keys()] });
      if (new Set(m.at).size < m.at.length) return;
      const w = fromTypedArray(
        Float64Array.from({ length: numelOf(shape) }, (_, i) => (i % 5) - 2),
        shape,
      );
      // through the view: base = x * 1, view *= 3 (then a sigmoid on the view's elements)
      const x = base(shape, true);
      const b = x.mul(1);
      ops.reduce(apply, b).mul_(3).sigmoid_();
      b.mul(w).sum().backward();
      // the same on plain numbers: those elements of x become sigmoid(3 x), the rest stay x
      const xs = x.toTypedArray();
      const grad = Array.from(w.toTypedArray());
      const vals = Array.from(xs);
      for (const p of new Set(m.at)) {
        const s = 1 / (1 + Math.exp(-3 * xs[p]));
        vals[p] = s;
        grad[p] *= 3 * s * (1 - s);
      }
      noGrad(() => {
        b.toTypedArray().forEach((v, i) => assert.ok(Math.abs(v - vals[i]) < 1e-12));
      });
      x.grad!.toTypedArray().forEach((g, i) =>
        assert.ok(Math.abs(g - grad[i]) < 1e-12, `grad[${i}] ${g} vs ${grad[i]}`),
      );
    }),
    { numRuns: 200, endOnFailure: true },
  );
});
