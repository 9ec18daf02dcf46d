import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { nn } from "../../src/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import { PtError, encodePt, loadPt, savePt } from "../../src/io/index.js";

const dir = mkdtempSync(join(tmpdir(), "descent-pt-"));
const fixture = new URL("../fixtures/pt/mlp_state_dict.pt", import.meta.url);
const hex = (t: Tensor) => Buffer.from(t.toTypedArray().buffer).toString("hex");

test("savePt writes a module's state dict that loadPt reads back, by path and by bytes", () => {
  const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  const path = join(dir, "model_weights.pth");
  savePt(path, model);
  const back = loadPt(path);
  const sd = model.stateDict();
  assert.deepEqual(Object.keys(back), Object.keys(sd));
  for (const k of Object.keys(sd)) assert.equal(hex(back[k]), hex(sd[k]), k);
  assert.deepEqual(Object.keys(loadPt(new Uint8Array(readFileSync(path)))), Object.keys(sd));
  assert.deepEqual(new Uint8Array(readFileSync(path)), encodePt(sd));
  const fresh = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  fresh.loadStateDict(loadPt(path));
  assert.equal(hex(fresh.stateDict()["2.weight"]), hex(sd["2.weight"]));
  assert.deepEqual(readdirSync(dir), ["model_weights.pth"]); // no temporary file left
});

test("loadPt refuses what is not a readable regular file, before reading it", () => {
  const cases: [string, RegExp, object?][] = [
    [join(dir, "missing.pt"), /^loadPt: cannot read '.*missing\.pt': no such file or directory \(ENOENT\)$/],
    [dir, /^loadPt: cannot read '.*': it is a directory, not a regular file$/],
    [fixture.pathname, /^loadPt: cannot read '.*': it is 1\.8 KB, over the 100 bytes limit \(raise it with the maxBytes option\)$/, { maxBytes: 100 }],
  ]; // prettier-ignore
  for (const [path, message, opts] of cases) assert.throws(() => loadPt(path, opts), { message });
  const bad = join(dir, "bad.pt");
  writeFileSync(bad, "not a model");
  assert.throws(
    () => loadPt(bad),
    (e: Error) => e instanceof PtError && /^loadPt: not a torch\.save file: .* \(in '.*bad\.pt'\)$/.test(e.message), // prettier-ignore
  );
});

test("savePt fails before touching the disk on a value a .pt file cannot hold", () => {
  const path = join(dir, "kept.pt");
  writeFileSync(path, "old");
  assert.throws(() => savePt(path, { a: undefined as never }), {
    name: "PtError",
    message: /^savePt: 'a' is undefined/,
  });
  assert.equal(readFileSync(path, "utf8"), "old");
  assert.throws(() => savePt(join(dir, "no", "such", "dir.pt"), {}), { message: /^savePt: cannot write '.*dir\.pt': the directory '.*such' does not exist$/ }); // prettier-ignore
});
