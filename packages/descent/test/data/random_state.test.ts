import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { RandomState, checkRandomState, sampleWithoutReplacement } from "../../src/data/index.js";

interface Op {
  op: string;
  args: Record<string, unknown>;
  out: number[];
}
interface StreamCase {
  seed: number;
  ops: Op[];
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/sklearn/random_state.json", import.meta.url), "utf8"),
) as { cases: StreamCase[] };

/** Runs one fixture op on `rs`; returns its flat output as numbers. */
function run(rs: RandomState, { op, args }: Op): ArrayLike<number> {
  const a = args as Record<string, never>;
  switch (op) {
    case "rand":
      return rs.rand(...(a.dims as number[]));
    case "randn":
      return rs.randn(...(a.dims as number[]));
    case "random_sample":
      return rs.randomSample(a.size);
    case "uniform":
      return rs.uniform(a.low, a.high, a.size);
    case "normal":
      return rs.normal(a.loc, a.scale, a.size);
    case "randint":
      return rs.randintFloat64(a.low, a.high ?? null, a.size);
    case "shuffle": {
      const shape = a.shape as number[];
      const n = shape.reduce((x, y) => x * y, 1);
      const arr = Float64Array.from({ length: n }, (_, i) => i);
      return rs.shuffle(arr, n / shape[0]);
    }
    case "permutation":
      return typeof a.x === "number" ? rs.permutation(a.x) : rs.permutation(a.x as number[]);
    case "choice":
      return typeof a.a === "number"
        ? rs.choice(a.a, a.size, { replace: a.replace ?? true, p: a.p ?? null })
        : rs.choice(a.a as number[], a.size, { replace: a.replace ?? true, p: a.p ?? null });
    case "sample_without_replacement":
      return sampleWithoutReplacement(a.n_population, a.n_samples, rs);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

for (const c of fixture.cases) {
  test(`RandomState(${c.seed}) reproduces numpy's legacy streams (${c.ops.length} calls)`, () => {
    const rs = new RandomState(c.seed);
    for (const op of c.ops) {
      const got = Array.from(run(rs, op));
      assert.deepEqual(got, op.out, `${op.op}(${JSON.stringify(op.args)})`);
    }
  });
}

test("randint returns Int32Array and checks its bounds as numpy does", () => {
  const rs = new RandomState(0);
  const r = rs.randint(5, null, [2, 3]);
  assert.ok(r instanceof Int32Array);
  assert.equal(r.length, 6);
  assert.deepEqual(Array.from(new RandomState(0).randint(0, 5, 6)), Array.from(r));
  assert.throws(() => rs.randint(0), /high <= 0/);
  assert.throws(() => rs.randint(3, 3), /low >= high/);
  assert.throws(() => rs.randint(0, 2 ** 33), /randintFloat64/);
});

test("seeds outside [0, 2**32 - 1] are rejected; state round-trips", () => {
  assert.throws(() => new RandomState(-1), /Seed must be between 0 and 2\*\*32 - 1/);
  assert.throws(() => new RandomState(2 ** 32), /Seed must be between/);
  const rs = new RandomState(3);
  rs.randn(1); // leaves a cached gauss
  const state = rs.getState();
  const a = rs.randn(5);
  rs.setState(state);
  assert.deepEqual(rs.randn(5), a);
});

test("checkRandomState: pass-through, seeding, fresh state, errors", () => {
  const rs = new RandomState(1);
  assert.equal(checkRandomState(rs), rs);
  assert.deepEqual(checkRandomState(1).rand(3), new RandomState(1).rand(3));
  const fresh = checkRandomState(null);
  assert.ok(fresh instanceof RandomState);
  assert.notDeepEqual(fresh.rand(4), checkRandomState(undefined).rand(4));
  assert.throws(() => checkRandomState(1.5), /cannot be used to seed a RandomState/);
});

test("choice validates a, p and size with numpy's messages", () => {
  const rs = new RandomState(0);
  assert.throws(() => rs.choice(0, 1), /a must be greater than 0/);
  assert.throws(() => rs.choice([], 1), /'a' cannot be empty/);
  assert.throws(() => rs.choice(3, 1, { p: [0.5, 0.5] }), /'a' and 'p' must have same size/);
  assert.throws(() => rs.choice(2, 1, { p: [0.7, 0.7] }), /do not sum to 1/);
  assert.throws(() => rs.choice(2, 1, { p: [1.5, -0.5] }), /not non-negative/);
  assert.throws(() => rs.choice(2, 1, { p: [NaN, 1] }), /contain NaN/);
  assert.throws(() => rs.choice(3, 4, { replace: false }), /larger sample than population/);
  assert.throws(
    () => rs.choice(3, 2, { replace: false, p: [1, 0, 0] }),
    /Fewer non-zero entries in p than size/,
  );
});

test("normal: scale < 0 and non-broadcastable loc are rejected", () => {
  const rs = new RandomState(0);
  assert.throws(() => rs.normal(0, -1, 3), /scale < 0/);
  assert.throws(() => rs.normal([1, 2, 3], 1, [2, 2]), /does not broadcast/);
  assert.equal(rs.normal([1, 2, 3], 1).length, 3);
});

test("the RandomState doc example: RandomState(42).rand(3) as numpy", () => {
  const rs = new RandomState(42);
  assert.deepEqual(
    Array.from(rs.rand(3)),
    [0.3745401188473625, 0.9507143064099162, 0.7319939418114051],
  );
  const r = rs.randint(0, 10, [2, 2]);
  assert.ok(r instanceof Int32Array && r.length === 4);
});

test("shuffle permutes rows of rowSize elements in place; permutation leaves its input", () => {
  const rows = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
  const copy = rows.slice();
  const p = new RandomState(5).permutation(rows, 2);
  assert.deepEqual(rows, copy);
  new RandomState(5).shuffle(rows, 2);
  assert.deepEqual(p, rows);
  for (let i = 0; i < 8; i += 2) assert.equal(rows[i], rows[i + 1]);
  assert.throws(() => new RandomState(0).shuffle([1, 2, 3], 2), /not a multiple of rowSize/);
  assert.throws(() => new RandomState(0).randomInterval(-1), /safe integer >= 0/);
});
