import { describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  KERNEL_NAMES,
  type Kernels,
  type KernelName,
  referenceKernels,
  TOLERANCES,
  type Tolerance,
} from "../../src/backend/kernel_table.js";
import {
  jsBackend,
  listBackends,
  registerBackend,
  setBackend,
} from "../../src/backend/registry.js";
import type { Backend } from "../../src/backend/backend.js";
import { wasmBackend } from "../../src/backend/wasm/fast_kernels.js";
import { Generator } from "../../src/util/random/generator.js";
import { kernels } from "../../src/backend/registry.js";

/**
 * Every fast kernel of every backend against its reference (src/backend/kernel_table.ts), on
 * random float32 inputs of odd sizes (vector tails), with NaN, infinities and signed zeros where
 * the kernel's maths defines them, to the tolerance the table states.
 */

const rng = new Generator(11);
const uniform = (n: number, lo: number, hi: number): Float32Array => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.random();
  return a;
};
const SPECIAL = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 88.7, -103.9];
/** Random values in [lo, hi] with the special values spread through them. */
const withSpecials = (n: number, lo: number, hi: number): Float32Array => {
  const a = uniform(n, lo, hi);
  for (let i = 0; i < SPECIAL.length && i < n; i++) a[(i * 7919) % n] = SPECIAL[i];
  return a;
};
const LENGTHS = [1, 3, 4, 5, 17, 64, 1001];

/** One call: its arguments, and which of them the kernel writes. */
interface Case {
  args: unknown[];
  outs: number[];
  label: string;
  /** Makes what the kernel leaves unspecified equal before comparing (applied to both runs). */
  unspecified?: (args: unknown[]) => void;
  /** Checks the fast version's result (default: equal to the reference's). */
  result?: (got: unknown, want: unknown, mine: unknown[]) => void;
}

/**
 * binaryCrossEntropy's result: NaN where the reference's is (a value out of range), else the
 * float64 sum of the fast version's own out in index order, bit for bit, which is the reference's
 * sum within the elements' tolerance.
 */
const bceSum = (got: unknown, want: unknown, mine: unknown[]): void => {
  assert.equal(typeof got, "number");
  if (Number.isNaN(want)) return assert.ok(Number.isNaN(got), `sum ${got}, reference NaN`);
  const out = mine[2] as Float32Array;
  const { abs, rel } = TOLERANCES.binaryCrossEntropy as { abs: number; rel: number };
  let sum = 0;
  let slack = 0;
  for (let i = 0; i < out.length; i++) {
    sum += out[i];
    slack += abs + rel * Math.abs(out[i]);
  }
  assert.equal(got, sum, "the sum of out, in order");
  assert.ok(Math.abs(sum - (want as number)) <= slack, `sum ${sum}, reference ${String(want)}`);
};

/** The cases each kernel is tested on; a kernel missing here fails the test below. */
const CASES: { [N in KernelName]: () => Case[] } = {
  matmul: () => {
    const cases: Case[] = [];
    const dims = [
      [1, 1, 1],
      [3, 5, 7],
      [33, 4, 10],
      [100, 10, 1],
      [12, 100, 5],
      [17, 70, 33],
      [64, 64, 64],
    ];
    for (const [m, k, n] of dims) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const off = m % 3;
          cases.push({
            args: [
              uniform(off + m * k, -1, 1),
              off,
              uniform(k * n + 2, -1, 1),
              2,
              new Float32Array(1 + m * n),
              1,
              m,
              k,
              n,
              transA,
              transB,
            ],
            outs: [4],
            label: `${m}x${k}x${n} ${transA ? "T" : "N"}${transB ? "T" : "N"}`,
          });
        }
      }
    }
    return cases;
  },
  linear: () => {
    const cases: Case[] = [];
    for (const m of [1, 3, 100]) {
      for (const k of [1, 2, 3, 4, 5, 33, 70]) {
        for (const n of [1, 2, 5, 10, 16, 17]) {
          for (const bias of [true, false]) {
            cases.push({
              args: [
                uniform(m * k, -1, 1),
                uniform(n * k, -1, 1),
                bias ? uniform(n, -1, 1) : null,
                new Float32Array(m * n),
                m,
                k,
                n,
              ],
              outs: [3],
              label: `${m}x${k} -> ${n}${bias ? " with bias" : ""}`,
            });
          }
        }
      }
    }
    return cases;
  },
  linearGrad: () => {
    const cases: Case[] = [];
    for (const m of [1, 5, 1000]) {
      for (const inF of [1, 2, 4, 5]) {
        for (const outF of [1, 3, 10, 12, 13]) {
          for (const bias of [true, false]) {
            cases.push({
              args: [
                uniform(m * outF, -1, 1),
                uniform(m * inF, -1, 1),
                m,
                inF,
                outF,
                new Float32Array(outF * inF),
                bias ? new Float32Array(outF) : null,
              ],
              outs: bias ? [5, 6] : [5],
              label: `m ${m}, ${inF} -> ${outF}${bias ? " with bias" : ""}`,
            });
          }
        }
      }
    }
    return cases;
  },
  addRows: () =>
    [
      [1, 1],
      [3, 5],
      [1000, 10],
      [7, 1],
    ].map(([m, n]) => ({
      args: [withSpecials(m * n, -10, 10), uniform(n, -10, 10), m, n],
      outs: [0],
      label: `${m}x${n}`,
    })),
  columnSums: () =>
    [
      [1, 1],
      [3, 5],
      [1000, 10],
      [7, 1],
      [33, 13],
    ].map(([m, n]) => ({
      args: [uniform(m * n, -10, 10), m, n, new Float32Array(n)],
      outs: [3],
      label: `${m}x${n}`,
    })),
  exp: () => unaryCases(-100, 100),
  sigmoid: () => unaryCases(-100, 100),
  relu: () => unaryCases(-10, 10),
  reluGrad: () =>
    gradCases(
      () => withSpecials(33, -1, 1),
      (n) => withSpecials(n, -1, 1),
    ),
  sigmoidGrad: () =>
    gradCases(
      () => uniform(33, 0, 1),
      (n) => uniform(n, 0, 1),
    ),
  binaryCrossEntropy: () => {
    const cases: Case[] = [];
    for (const n of LENGTHS) {
      const x = uniform(n, 0, 1);
      const y = uniform(n, 0, 1);
      // exact 0 and 1 in both, and 0/1 targets (one log a lane)
      for (let i = 0; i < n; i += 3) y[i] = i % 2;
      if (n > 2) {
        x[1] = 0;
        x[n - 1] = 1;
      }
      cases.push({
        args: [x, y, new Float32Array(n)],
        outs: [2],
        label: `length ${n}`,
        result: bceSum,
      });
      // outside [0, 1] or NaN at the last lane: only the verdict counts
      for (const bad of [NaN, 1.5, -0.25]) {
        const xb = x.slice();
        xb[n - 1] = bad;
        cases.push({
          args: [xb, y, new Float32Array(n)],
          outs: [],
          label: `x = ${bad} at ${n - 1}`,
          result: bceSum,
        });
        const yb = y.slice();
        yb[n - 1] = bad;
        cases.push({
          args: [x, yb, new Float32Array(n)],
          outs: [],
          label: `y = ${bad} at ${n - 1}`,
          result: bceSum,
        });
      }
    }
    return cases;
  },
  binaryCrossEntropyGrad: () =>
    LENGTHS.map((n) => {
      const x = uniform(n, 0, 1);
      if (n > 2) {
        x[0] = 0;
        x[n - 1] = 1;
      }
      return {
        args: [x, uniform(n, 0, 1), 0.37, new Float32Array(n)],
        outs: [3],
        label: `length ${n}`,
      };
    }),
  softmaxRows: () => {
    const cases: Case[] = [];
    for (const [n, c] of [
      [1, 1],
      [3, 5],
      [7, 10],
      [100, 3],
    ]) {
      for (const lse of [true, false]) {
        const x = uniform(n * c, -20, 20);
        if (n > 2) {
          x.fill(-Infinity, 0, c); // a row of -inf
          x[c] = NaN; // a row with a NaN
        }
        cases.push({
          args: [x, n, c, new Float32Array(n * c), lse ? new Float32Array(2 * n) : null],
          outs: lse ? [3, 4] : [3],
          label: `${n}x${c}${lse ? " with lse" : ""}`,
          // A row's log-sum is unspecified where its max is NaN (their sum is NaN either way).
          unspecified: ([, rows, , , l]) => {
            const a = l as Float32Array | null;
            for (let i = 0; a && i < (rows as number); i++)
              if (a[i] !== a[i]) a[(rows as number) + i] = NaN;
          },
        });
      }
    }
    return cases;
  },
  softmax: () => {
    const cases: Case[] = [];
    for (const [outer, r, inner] of [
      [1, 1, 1],
      [5, 7, 1],
      [100, 10, 1],
      [3, 4, 5],
    ]) {
      for (const log of [false, true]) {
        const x = uniform(outer * r * inner, -20, 20);
        cases.push({
          args: [x, outer, r, inner, log, new Float32Array(x.length)],
          outs: [5],
          label: `[${outer}, ${r}, ${inner}]${log ? " log" : ""}`,
        });
      }
    }
    return cases;
  },
};

function unaryCases(lo: number, hi: number): Case[] {
  const cases: Case[] = LENGTHS.map((n) => ({
    args: [withSpecials(n, lo, hi), new Float32Array(n)],
    outs: [1],
    label: `length ${n}`,
  }));
  // in place: out is x
  const x = withSpecials(33, lo, hi);
  cases.push({ args: [x, x], outs: [1], label: "in place, length 33" });
  return cases;
}

/** out[i] = f(a[i], g[i]) cases: odd lengths, and out = g (the engine's owned gradient). */
function gradCases(a33: () => Float32Array, a: (n: number) => Float32Array): Case[] {
  const cases: Case[] = LENGTHS.map((n) => ({
    args: [a(n), uniform(n, -5, 5), new Float32Array(n)],
    outs: [2],
    label: `length ${n}`,
  }));
  const g = uniform(33, -5, 5);
  cases.push({ args: [a33(), g, g], outs: [2], label: "into g, length 33" });
  return cases;
}

/** Fresh copies of the typed arrays in args (an in-place alias stays an alias). */
function clone(args: unknown[]): unknown[] {
  const seen = new Map<unknown, unknown>();
  return args.map((a) => {
    if (!(a instanceof Float32Array)) return a;
    if (!seen.has(a)) seen.set(a, a.slice());
    return seen.get(a);
  });
}

/** float32 ulps between got and want (0 when both are the same value, NaN included). */
function ulps(got: number, want: number): number {
  if (Object.is(got, want) || got === want || (got !== got && want !== want)) return 0;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return Infinity;
  const a = Math.abs(want);
  const ulp = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  return Math.abs(got - want) / ulp;
}

/** The first index where got is outside tol of want, or -1. */
function firstMiss(got: Float32Array, want: Float32Array, tol: Tolerance): number {
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Object.is(g, w) || (g !== g && w !== w)) continue;
    if (tol === "exact") return i;
    if ("ulp" in tol) {
      const tiny = Math.abs(w) < 2 ** -126 && Math.abs(g) < 2 ** -126;
      if (ulps(g, w) > tol.ulp && !tiny) return i;
    } else if (!(Math.abs(g - w) <= tol.abs + tol.rel * Math.abs(w))) return i;
  }
  return -1;
}

const fastBackends = [wasmBackend].filter((b) => listBackends().includes(b.name));

describe("the kernel table", () => {
  test("every kernel has a reference, a tolerance and test cases", () => {
    for (const name of KERNEL_NAMES) {
      assert.ok(TOLERANCES[name], `${name}: no tolerance`);
      assert.ok(CASES[name]().length > 0, `${name}: no cases`);
    }
    assert.deepEqual(Object.keys(CASES).sort(), [...KERNEL_NAMES].sort());
  });

  const reference = referenceKernels();
  for (const backend of fastBackends) {
    for (const name of KERNEL_NAMES) {
      // The fast version, handing what it declines to a reference that counts the calls.
      let declined = 0;
      const counting = { ...reference } as Record<KernelName, unknown>;
      counting[name] = (...args: unknown[]) => {
        declined++;
        return (reference[name] as (...a: unknown[]) => unknown)(...args);
      };
      const fast = backend.kernels(counting as unknown as Kernels)[name] as
        ((...args: unknown[]) => unknown) | undefined;
      if (!fast) continue;
      test(`${backend.name}'s ${name} against the reference (${JSON.stringify(TOLERANCES[name])})`, () => {
        const ref = reference[name] as (...args: unknown[]) => unknown;
        let accepted = 0;
        for (const c of CASES[name]()) {
          const mine = clone(c.args);
          const theirs = clone(c.args);
          const before = declined;
          const got = fast(...mine);
          if (declined === before) accepted++;
          const want = ref(...theirs);
          if (c.result) c.result(got, want, mine);
          else assert.equal(got, want, `${name} ${c.label}: result`);
          c.unspecified?.(mine);
          c.unspecified?.(theirs);
          for (const o of c.outs) {
            const g = mine[o] as Float32Array;
            const w = theirs[o] as Float32Array;
            const i = firstMiss(g, w, TOLERANCES[name]);
            assert.equal(
              i,
              -1,
              `${name} ${c.label}: output ${o}[${i}] is ${g[i]}, reference ${w[i]}`,
            );
          }
        }
        assert.ok(accepted > 0, `${backend.name}'s ${name} declined every case`);
      });
    }
  }

  test("a declined call runs the reference; composites call through the table; setBackend switches every kernel", () => {
    const before = listBackends().includes("wasm") ? "wasm" : "js";
    const toy: Backend = {
      name: "toy",
      kernels: (r) => ({
        exp: (x, out) => r.exp(x, out), // declines everything
        relu: (_x, out) => void out.fill(7),
        matmul: (_a, _ao, _b, _bo, out, oOff, m, _k, n) => void out.fill(5, oOff, oOff + m * n),
      }),
    };
    registerBackend(toy);
    try {
      setBackend("toy");
      const out = new Float32Array(3);
      kernels.exp(new Float32Array([0, 1, -1]), out);
      assert.deepEqual([...out], [1, Math.fround(Math.E), Math.fround(1 / Math.E)]);
      kernels.relu(new Float32Array(3), out);
      assert.deepEqual([...out], [7, 7, 7]);
      // linear's reference is matmul then addRows, through the table: the toy's matmul
      const y = new Float32Array(4);
      kernels.linear(
        new Float32Array(6),
        new Float32Array(6),
        new Float32Array([1, 2]),
        y,
        2,
        3,
        2,
      );
      assert.deepEqual([...y], [6, 7, 6, 7]);
      setBackend(jsBackend.name);
      kernels.relu(new Float32Array([-1, 2, NaN]), out);
      assert.deepEqual([...out], [0, 2, NaN]);
    } finally {
      setBackend(before);
    }
  });
});
