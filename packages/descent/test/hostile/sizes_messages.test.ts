/**
 * Sizes are checked before allocating, in one helper, with the op, shape, dtype and bytes;
 * messages quote user input as a short excerpt; ops name themselves; CSV reads lone-CR line
 * endings and sorts text labels by code point.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  arange,
  eye,
  full,
  linspace,
  ones,
  rand,
  randint,
  randn,
  randperm,
  tensor,
  zeros,
} from "../../src/tensor/index.js";
import { Linear } from "../../src/nn/index.js";
import {
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
} from "../../src/data/index.js";
import { parseCsv } from "../../src/data/csv.js";
import { parseModelSpec } from "../../src/train/spec.js";
import { excerpt, formatBytes } from "../../src/util/text.js";

const LIMIT = "more than descent allows (a tensor holds at most 4294967296 elements";

test("every creation path checks the size first and names the op, shape, dtype and bytes", () => {
  const cases: [string, () => unknown, string][] = [
    ["zeros", () => zeros(1e6, 1e6), "zeros: [1000000, 1000000] float32 needs 4.0 TB"],
    ["ones", () => ones([1e6, 1e6], { dtype: "float64" }), "ones: [1000000, 1000000] float64 needs 8.0 TB"],
    ["full", () => full([1e5, 1e5, 10], 3), "full: [100000, 100000, 10] float32 needs 400.0 GB"],
    ["rand", () => rand([1e6, 1e6]), "rand: [1000000, 1000000] float32 needs 4.0 TB"],
    ["randn", () => randn([1e6, 1e6]), "randn: [1000000, 1000000] float32 needs 4.0 TB"],
    ["randint", () => randint(0, 5, [1e6, 1e6]), "randint: [1000000, 1000000] int32 needs 4.0 TB"],
    ["randperm", () => randperm(1e10), "randperm: [10000000000] int32 needs 40.0 GB"],
    ["arange", () => arange(1e12), "arange: [1000000000000] int32 needs 4.0 TB"],
    ["linspace", () => linspace(0, 1, 1e11), "linspace: [100000000000] float32 needs 400.0 GB"],
    ["eye", () => eye(1e6), "eye: [1000000, 1000000] float32 needs 4.0 TB"],
    ["Linear", () => new Linear(1e6, 1e6), "Linear: [1000000, 1000000] float32 needs 4.0 TB"],
    ["makeClassification", () => makeClassification({ nSamples: 1e11 }), "makeClassification: [100000000000, 20] float64 needs 16.0 TB"],
    ["makeBlobs", () => makeBlobs({ nSamples: 1e11 }), "makeBlobs: [100000000000, 2] float64 needs 1.6 TB"],
    ["makeMoons", () => makeMoons({ nSamples: 1e11 }), "makeMoons: [100000000000, 2] float64 needs 1.6 TB"],
    ["makeCircles", () => makeCircles({ nSamples: 1e11 }), "makeCircles: [100000000000, 2] float64 needs 1.6 TB"],
    ["makeRegression", () => makeRegression({ nSamples: 1e11 }), "makeRegression: [100000000000, 100] float64 needs 80.0 TB"],
  ]; // prettier-ignore
  for (const [name, make, start] of cases) {
    const t0 = Date.now();
    assert.throws(make, (e: Error) => {
      assert.equal(e.name, "RangeError", name);
      assert.ok(e.message.startsWith(`${start}, ${LIMIT}`), `${name}: ${e.message}`);
      return true;
    });
    assert.ok(Date.now() - t0 < 500, `${name} failed fast`);
  }
  // Shapes that multiply to 0 are fine, however big the other sizes.
  assert.deepEqual(zeros([2 ** 32, 2 ** 32, 0]).shape, [2 ** 32, 2 ** 32, 0]);
  assert.equal(formatBytes(4e12), "4.0 TB");
  assert.equal(formatBytes(999), "999 bytes");
});

test("ops name themselves: argmax and argmin of an empty dimension say argmax and argmin", () => {
  assert.throws(() => zeros(0, 3).argmax(0), {
    message: "argmax: cannot reduce over dimension 0 of size 0 (shape [0, 3])",
  });
  assert.throws(() => zeros(0, 3).argmin(), { message: /^argmin: / });
  assert.throws(() => tensor([1, 2]).argmax(3), {
    message: /^argmax: dimension 3 is out of range/,
  });
  assert.deepEqual(
    Array.from(
      tensor([
        [1, 5],
        [7, 2],
      ])
        .argmax(1)
        .toTypedArray(),
    ),
    [1, 0],
  );
  assert.equal(
    tensor([
      [1, 5],
      [7, 2],
    ])
      .argmax()
      .item(),
    2,
  );
});

test("messages quote input as a short excerpt: a 1 MB cell, a 160 KB spec, a 100 000-dim shape", () => {
  const cell = "x".repeat(1e6);
  assert.throws(() => parseCsv(`a,y\n${cell},1\n`), {
    message: `csv: line 2, column 1 ('a'): '${"x".repeat(59)}… (1000000 characters)' is not a number`,
  });
  const spec = "linear(4,10),".repeat(12000) + "sigmoid";
  assert.throws(
    () => parseModelSpec(spec),
    (e: Error) => {
      assert.ok(e.message.length < 300, e.message);
      assert.match(e.message, /^model spec: 156007 characters, more than the 10000 descent reads/);
      return true;
    },
  );
  assert.throws(
    () => zeros(new Array(100000).fill(-1)),
    (e: Error) => {
      assert.ok(e.message.length < 200, e.message);
      assert.match(e.message, /^zeros: invalid shape \[-1, -1, .*… \(100000 dims\)\]/);
      return true;
    },
  );
  assert.throws(
    () => parseModelSpec(`linear(${"9".repeat(200)},1)`),
    (e: Error) => e.message.length < 300,
  );
  assert.equal(excerpt("short"), "short");
  assert.equal(excerpt("😀".repeat(100), 10), `${"😀".repeat(4)}… (200 characters)`);
});

test("model specs: the parameter count is checked before any layer is built", () => {
  const t0 = Date.now();
  assert.throws(() => parseModelSpec("linear(100000,100000),relu,linear(100000,1)"), {
    message:
      "model spec: its linear layers hold 10000200001 parameters (40.0 GB of float32), more than the 268435456 allowed (raise it with the maxParameters option)",
  });
  assert.ok(Date.now() - t0 < 200);
  assert.equal(parseModelSpec("linear(300,300)", { maxParameters: 90300 }).parameters().length, 2);
  assert.throws(
    () => parseModelSpec("linear(300,300)", { maxParameters: 90299 }),
    /90300 parameters/,
  );
});

test("CSV: a lone CR ends a line; text labels sort by code point, as numpy", () => {
  const mac = parseCsv("a,y\r1,0\r2,1\r\r3,0");
  assert.deepEqual(Array.from(mac.X.toTypedArray()), [1, 2, 3]);
  assert.deepEqual(Array.from(mac.y.toTypedArray()), [0, 1, 0]);
  assert.throws(() => parseCsv("a,y\r1,0\rx,1"), {
    message: "csv: line 3, column 1 ('a'): 'x' is not a number",
  });
  const quoted = parseCsv('a,y\r1,"two\rlines"\r2,b', { labelDtype: "category" });
  assert.deepEqual(quoted.classes, ["b", "two\rlines"]);
  // U+FF5E (one UTF-16 unit) sorts before U+1F600 (two units starting 0xD83D) by code point;
  // by UTF-16 code unit it would come after. numpy: np.unique(["😀", "～", "a"]) -> a, ～, 😀.
  const { classes, y } = parseCsv("x,label\n0,😀\n1,～\n2,a\n");
  assert.deepEqual(classes, ["a", "～", "😀"]);
  assert.deepEqual(Array.from(y.toTypedArray()), [2, 1, 0]);
});
