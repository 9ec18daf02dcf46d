/**
 * The CLI's name tables are safe: every Object.prototype property name (and __proto__) is an
 * unknown example, generator or generator option, never an inherited function.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { exampleByName } from "../src/examples/index.js";
import { generate } from "../src/data_source.js";

const PROTO_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"])];

function refuses(f: () => unknown, name: string, what: RegExp): void {
  assert.throws(f, (e: Error) => {
    assert.doesNotMatch(e.message, /is not a function|Cannot read properties|undefined/, name);
    assert.match(e.message, what, name);
    assert.ok(e.message.includes(name), `${name}: ${e.message}`);
    return true;
  });
}

test("Object.prototype names are unknown examples, generators and generator options", () => {
  assert.ok(PROTO_NAMES.length >= 12);
  for (const name of PROTO_NAMES) {
    refuses(() => exampleByName(name), name, /^unknown example/);
    refuses(() => generate(`make-moons:${name}=1`), name, /unknown option/);
    refuses(() => generate(`make-${name}`), name, /unknown generator/);
  }
});
