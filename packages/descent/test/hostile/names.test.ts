/**
 * Name tables are safe: every Object.prototype property name (and __proto__), given where a
 * user names something, is an unknown name with a clear error, never an inherited function.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv, parseNumber } from "../../src/data/csv.js";
import { tensor } from "../../src/tensor/index.js";
import { lossByName, makeOptimizer, parseModelSpec } from "../../src/train/spec.js";

const PROTO_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"])];

/** Throws an Error whose message names `name` (or its lower case) and is not an engine error. */
function refuses(f: () => unknown, name: string, what: RegExp): void {
  assert.throws(f, (e: Error) => {
    assert.ok(e instanceof Error, `${name}: ${String(e)}`);
    assert.doesNotMatch(e.message, /is not a function|Cannot read properties|undefined/, name);
    assert.match(e.message, what, name);
    assert.ok(e.message.toLowerCase().includes(name.toLowerCase()), `${name}: ${e.message}`);
    return true;
  });
}

test("Object.prototype names are unknown layers, activations, losses and optimizers", () => {
  assert.ok(PROTO_NAMES.length >= 12);
  for (const name of PROTO_NAMES) {
    refuses(() => parseModelSpec(name), name, /unknown layer|can't read/);
    refuses(
      () => parseModelSpec(`linear(2,2),${name}`),
      name,
      /layer 2 .*unknown layer|can't read/,
    );
    refuses(() => lossByName(name), name, /^unknown loss/);
    refuses(() => makeOptimizer(name, [], { lr: 0.1 }), name, /^unknown optimizer/);
  }
});

test("CSV: Object.prototype names are not special values; as text labels they are classes", () => {
  for (const name of PROTO_NAMES) {
    assert.equal(parseNumber(name), null, name);
    assert.throws(() => parseCsv(`a,y\n${name},1\n`), {
      name: "RangeError",
      message: `csv: line 2, column 1 ('a'): '${name}' is not a number`,
    });
  }
  const rows = PROTO_NAMES.map((n, i) => `${i},${n}`).join("\n");
  const { y, classes } = parseCsv(`x,label\n${rows}\n`);
  const sorted = [...PROTO_NAMES].sort();
  assert.deepEqual(classes, sorted);
  assert.deepEqual(
    Array.from(y.toTypedArray()),
    PROTO_NAMES.map((n) => sorted.indexOf(n)),
  );
  // A name that is a special value still is one, whatever its case.
  assert.ok(Number.isNaN(parseNumber("NaN")));
  assert.equal(parseNumber("-Infinity"), -Infinity);
  assert.equal(tensor([1]).shape.length, 1);
});
