import { test } from "node:test";
import assert from "node:assert/strict";

/** One bad-input case: the call, the error class, and the parts its message must hold. */
export interface ErrorRow {
  name: string;
  call: () => unknown;
  type: typeof Error;
  parts: (string | RegExp)[];
}

/** A test per row: the call throws an error of the row's class whose message holds every part. */
export function errorRows(rows: ErrorRow[]): void {
  for (const row of rows) {
    test(`error: ${row.name}`, () => {
      assert.throws(row.call, (e: unknown) => {
        assert.ok(e instanceof row.type, `expected a ${row.type.name}, got ${String(e)}`);
        for (const p of row.parts) {
          const ok = typeof p === "string" ? e.message.includes(p) : p.test(e.message);
          assert.ok(ok, `message ${JSON.stringify(e.message)} should mention ${String(p)}`);
        }
        return true;
      });
    });
  }
}
