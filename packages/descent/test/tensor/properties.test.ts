import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";

import type { Tensor } from "../../src/tensor/index.js";
import { arange, cat, fromTypedArray } from "../../src/tensor/index.js";
import { numelOf, stridesOf } from "../../src/util/shape.js";

/** Property-based tests of shape rules and movement ops, with fast-check. */

const dim = fc.integer({ min: 1, max: 4 });
const shapeArb = (maxLength = 4) => fc.array(dim, { minLength: 0, maxLength });

/** Distinct values 0, 1, 2... in float32 so equality checks are exact. */
const iota = (shape: number[], requiresGrad = false): Tensor =>
  fromTypedArray(
    Float32Array.from({ length: numelOf(shape) }, (_, i) => i + 1),
    shape,
    { requiresGrad },
  );

/** NumPy's rule, written independently of src/util/shape.ts: right-align, size-1 dims stretch. */
function numpyBroadcast(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(Math.max(da, db) === 1 ? 1 : da === 1 ? db : da);
  }
  return out;
}

/** Two shapes that broadcast together: suffixes of one shape with some dims set to 1. */
const broadcastPair = shapeArb().chain((out) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([da, db, ones1, ones2]) => {
      const a = out.slice(da).map((d, i) => (ones1[i + da] ? 1 : d));
      const b = out.slice(db).map((d, i) => (ones2[i + db] ? 1 : d));
      return [a, b] as [number[], number[]];
    }),
);

/** The element of `t` at a multi-index (row-major). */
const at = (t: Tensor, idx: number[]) =>
  t.toTypedArray()[idx.reduce((o, v, i) => o + v * stridesOf(t.shape)[i], 0)];

/** All multi-indices of a shape, in row-major order. */
function* indices(shape: number[]): Generator<number[]> {
  const n = numelOf(shape);
  const s = stridesOf(shape);
  for (let k = 0; k < n; k++) yield shape.map((d, i) => Math.floor(k / s[i]) % d);
}

test("broadcast add has NumPy's result shape, and errors exactly when NumPy's rule fails", () => {
  fc.assert(
    fc.property(shapeArb(), shapeArb(), (a, b) => {
      const expected = numpyBroadcast(a, b);
      if (expected === null) {
        assert.throws(() => iota(a).add(iota(b)), /cannot be broadcast/);
      } else {
        assert.deepEqual(iota(a).add(iota(b)).shape, expected);
      }
    }),
  );
  fc.assert(
    fc.property(broadcastPair, ([a, b]) => {
      assert.deepEqual(iota(a).mul(iota(b)).shape, numpyBroadcast(a, b));
    }),
  );
});

test("broadcast add is commutative and reads the right elements", () => {
  fc.assert(
    fc.property(broadcastPair, ([a, b]) => {
      const x = iota(a);
      const y = iota(b).mul(100);
      const xy = x.add(y);
      assert.deepEqual(xy.toTypedArray(), y.add(x).toTypedArray());
      // out[idx] = x[idx aligned to a, size-1 dims at 0] + y[likewise].
      const pick = (t: Tensor, idx: number[]) =>
        at(
          t,
          idx.slice(idx.length - t.ndim).map((v, i) => (t.shape[i] === 1 ? 0 : v)),
        );
      for (const idx of indices(xy.shape)) assert.equal(at(xy, idx), pick(x, idx) + pick(y, idx));
    }),
  );
});

test("the gradient of a broadcast add has each input's shape and sums the upstream gradient", () => {
  fc.assert(
    fc.property(broadcastPair, ([a, b]) => {
      const x = iota(a, true);
      const y = iota(b, true);
      const out = x.add(y);
      const g = iota(out.shape);
      out.backward(g);
      assert.deepEqual(x.grad!.shape, a);
      assert.deepEqual(y.grad!.shape, b);
      for (const [t, s] of [
        [x, a],
        [y, b],
      ] as const) {
        const want = new Float64Array(numelOf(s));
        const st = stridesOf(s);
        for (const idx of indices(out.shape)) {
          const own = idx.slice(idx.length - s.length).map((v, i) => (s[i] === 1 ? 0 : v));
          want[own.reduce((o, v, i) => o + v * st[i], 0)] += at(g, idx);
        }
        assert.deepEqual(Array.from(t.grad!.toTypedArray()), Array.from(want));
      }
    }),
  );
});

/** A shape with the same number of elements: the dims' factors shuffled and regrouped. */
const reshapePair = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 6 })
  .chain((factors) =>
    fc.tuple(
      fc.constant(factors),
      fc.shuffledSubarray(factors, { minLength: factors.length, maxLength: factors.length }),
      fc.array(fc.boolean(), { minLength: factors.length, maxLength: factors.length }),
      fc.array(fc.boolean(), { minLength: factors.length, maxLength: factors.length }),
    ),
  )
  .map(([f1, f2, cut1, cut2]) => {
    const group = (f: number[], cut: boolean[]) =>
      f.reduce<number[]>((acc, v, i) => {
        if (i > 0 && !cut[i]) acc[acc.length - 1] *= v;
        else acc.push(v);
        return acc;
      }, []);
    return [group(f1, cut1), group(f2, cut2)] as [number[], number[]];
  });

test("reshape round trips and keeps row-major order", () => {
  fc.assert(
    fc.property(reshapePair, fc.nat(), ([s1, s2], k) => {
      const x = iota(s1);
      const y = x.reshape(s2);
      assert.deepEqual(y.shape, s2);
      assert.deepEqual(y.toTypedArray(), x.toTypedArray());
      assert.deepEqual(y.reshape(s1).tolist(), x.tolist());
      // -1 infers the same size.
      const inferred = s2.slice();
      inferred[k % s2.length] = -1;
      assert.deepEqual(x.reshape(inferred).shape, s2);
    }),
  );
});

test("permute then the inverse permutation is the identity; elements move as dims do", () => {
  const arb = shapeArb(5).chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc.shuffledSubarray(
        s.map((_, i) => i),
        { minLength: s.length, maxLength: s.length },
      ),
    ),
  );
  fc.assert(
    fc.property(arb, ([s, p]) => {
      const x = iota(s, true);
      const y = x.permute(p);
      assert.deepEqual(
        y.shape,
        p.map((d) => s[d]),
      );
      const inv = new Array<number>(p.length);
      p.forEach((d, i) => (inv[d] = i));
      assert.deepEqual(y.permute(inv).tolist(), x.tolist());
      for (const idx of indices(y.shape)) {
        const src = new Array<number>(s.length);
        p.forEach((d, i) => (src[d] = idx[i]));
        assert.equal(at(y, idx), at(x, src));
      }
      // The gradient of a permute is the upstream gradient permuted back.
      const g = iota(y.shape);
      y.backward(g);
      assert.deepEqual(x.grad!.tolist(), g.permute(inv).tolist());
    }),
  );
});

test("narrow pieces cat back to the whole, and narrow recovers each piece of a cat", () => {
  const arb = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.integer({ min: 0, max: s.length - 1 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      ),
    );
  fc.assert(
    fc.property(arb, ([s, d, sizes]) => {
      // Pieces with sizes along d (0 allowed) and s elsewhere.
      const pieces = sizes.map((n, i) => {
        const shape = s.slice();
        shape[d] = n;
        return iota(shape).add(1000 * i);
      });
      const whole = cat(pieces, d);
      let start = 0;
      for (const piece of pieces) {
        const n = piece.shape[d];
        assert.deepEqual(whole.narrow(d, start, n).tolist(), piece.tolist());
        start += n;
      }
      assert.equal(whole.shape[d], start);
      // Split the whole at arbitrary cuts and join again.
      const x = iota(whole.shape);
      const cuts = [0, ...sizes.map((_, i) => sizes.slice(0, i + 1).reduce((p, v) => p + v, 0))];
      const parts = cuts.slice(1).map((end, i) => x.narrow(d, cuts[i], end - cuts[i]));
      assert.deepEqual(cat(parts, d).tolist(), x.tolist());
    }),
  );
});

test("arange reshaped then summed over any dim set matches a direct count", () => {
  fc.assert(
    fc.property(
      shapeArb(3).filter((s) => s.length > 0),
      fc.boolean(),
      (s, keepdim) => {
        const x = arange(numelOf(s)).reshape(s).float();
        const total = (numelOf(s) * (numelOf(s) - 1)) / 2;
        const dims = s.map((_, i) => i);
        assert.equal(x.sum(dims, keepdim).sum().item(), total);
        assert.equal(x.sum(0, keepdim).sum().item(), total);
      },
    ),
  );
});
