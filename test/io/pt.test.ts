import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";

import { Tensor, fromTypedArray } from "../../src/tensor/index.js";
import { PtError, decodePt, encodePt } from "../../src/io/index.js";
import type { PtValue } from "../../src/io/index.js";

// ---- fixtures written by PyTorch 1.13 (scripts/golden/torch_pt.py) -----------------------------

type Side =
  | { tensor: string; shape: number[]; descent_dtype: string; descent_hex: string; values: unknown[] } // prettier-ignore
  | { OrderedDict: [string, Side][] }
  | { dict: [string, Side][] }
  | { list: Side[] }
  | { tuple: Side[] }
  | { value: string | number | boolean | null }
  | { float: number | string };

const fixture = (name: string) => new URL(`../fixtures/pt/${name}`, import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(fixture(name)));
const sideOf = (name: string) =>
  JSON.parse(readFileSync(fixture(`${name}.json`), "utf8")) as {
    format: string;
    value: Side;
    error?: string;
    forward?: { input: number[][]; output_hex: string };
  };
const hex = (t: Tensor): string => {
  const d = t.toTypedArray();
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("hex");
};
const num = (v: unknown) =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v;

/** Checks a decoded value against its side-file form; returns the number of tensors checked. */
function check(got: unknown, want: Side, where: string): number {
  if ("tensor" in want) {
    assert.ok(got instanceof Tensor, `${where}: a tensor`);
    assert.equal(got.dtype, want.descent_dtype, `${where} dtype`);
    assert.deepEqual(got.shape, want.shape, `${where} shape`);
    assert.equal(hex(got), want.descent_hex, `${where} bits`);
    const values = [...got.toTypedArray()].map((v) =>
      want.descent_dtype === "bool" ? v === 1 : v,
    );
    assert.deepEqual(values, want.values.map(num), `${where} values`);
    return 1;
  }
  if ("OrderedDict" in want || "dict" in want) {
    const entries = "OrderedDict" in want ? want.OrderedDict : want.dict;
    assert.ok(got !== null && typeof got === "object" && !Array.isArray(got), `${where}: a dict`);
    assert.deepEqual(
      Object.keys(got),
      entries.map(([k]) => k),
      `${where}: keys in order`,
    );
    const o = got as Record<string, unknown>;
    return entries.reduce((n, [k, v]) => n + check(o[k], v, `${where}['${k}']`), 0);
  }
  if ("list" in want || "tuple" in want) {
    const items = "list" in want ? want.list : want.tuple;
    assert.ok(Array.isArray(got), `${where}: an array`);
    assert.equal(Object.isFrozen(got), "tuple" in want, `${where}: a tuple is a frozen array`);
    assert.equal(got.length, items.length, `${where}: length`);
    return items.reduce((n, v, i) => n + check(got[i], v, `${where}[${i}]`), 0);
  }
  if ("float" in want) assert.equal(got, num(want.float), where);
  else assert.equal(got, want.value, where);
  return 0;
}

const READABLE = ["mlp_state_dict", "every_dtype", "list", "checkpoint", "parameters", "views", "legacy"]; // prettier-ignore

for (const name of READABLE) {
  test(`reads ${name}.pt as torch.load does, bit for bit`, () => {
    const side = sideOf(name);
    const got = decodePt<PtValue>(bytesOf(`${name}.pt`), { source: `${name}.pt` });
    const n = check(got, side.value, name);
    assert.ok(n >= 3, `${name}: ${n} tensors checked`);
  });
}

test("the MLP state dict loads into the seed's model and gives torch's forward pass (to float32 rounding)", async () => {
  const { nn } = await import("../../src/index.js");
  const side = sideOf("mlp_state_dict");
  const model = new nn.Sequential(new nn.Linear(4, 10), new nn.Sigmoid(), new nn.Linear(10, 1), new nn.Sigmoid()); // prettier-ignore
  const sd = decodePt(bytesOf("mlp_state_dict.pt"));
  const renamed = Object.fromEntries(
    Object.entries(sd).map(([k, v]) => [k.replace("fc1", "0").replace("fc2", "2"), v]),
  );
  model.loadStateDict(renamed);
  const x = fromTypedArray(new Float32Array(side.forward!.input.flat()), [2, 4]);
  const want = new Float32Array(
    new Uint8Array(Buffer.from(side.forward!.output_hex, "hex")).buffer,
  );
  const got = (model.forward(x) as Tensor).toTypedArray();
  // the weights are torch's bit for bit; the forward pass agrees to float32 rounding
  got.forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 2 ** -23 * Math.abs(want[i]), `${v} vs ${want[i]}`),
  );
});

test("shared storages stay shared in the file and the legacy layout reads the same tensors", () => {
  const views = decodePt<Record<string, Tensor>>(bytesOf("views.pt"));
  const legacy = decodePt<Record<string, Tensor>>(bytesOf("legacy.pt"));
  for (const k of Object.keys(views)) assert.equal(hex(legacy[k]), hex(views[k]), k);
  // base[2] and base.t()[:, 2] are the same numbers, read through different strides
  assert.deepEqual(
    views.row.tolist(),
    (views.transposed.tolist() as number[][]).map((r) => r[2]),
  );
});

test("an int64 value outside int32 is an error naming the tensor and the value", () => {
  assert.equal(sideOf("int64_out_of_range").error, "big");
  assert.throws(
    () => decodePt(bytesOf("int64_out_of_range.pt"), { source: "int64_out_of_range.pt" }),
    (e: Error) =>
      e instanceof PtError &&
      /^decodePt: tensor 'big': I64 element 1 is 2147483648, outside int32's range/.test(
        e.message,
      ) &&
      e.message.includes("int64_out_of_range.pt"),
  );
});

// ---- malicious pickles: refused by name, nothing runs ---------------------------------------

const PWNED = "/tmp/descent_pt_pwned"; // each payload would `touch` this file
const EVIL: [string, RegExp][] = [
  ["evil_os_system", /refused global os\.system at byte 2;/],
  ["evil_builtins_eval", /refused global builtins\.eval at byte 2;/],
  ["evil_posix_system", /refused global posix\.system at byte 25;/],
  ["evil_reduce_storage_class", /refused to call torch\.FloatStorage with 1 argument at byte \d+ \(REDUCE\)/], // prettier-ignore
  ["evil_reduce_string", /refused to call the string 'os\.system' with 1 argument at byte \d+/],
];
for (const [name, message] of EVIL) {
  test(`${name}.pt is refused by name and its payload does not run`, () => {
    rmSync(PWNED, { force: true });
    assert.throws(
      () => decodePt(bytesOf(`${name}.pt`), { source: `${name}.pt` }),
      (e: Error) =>
        e instanceof PtError &&
        message.test(e.message) &&
        e.message.includes("only tensors, storages and plain containers are allowed") &&
        !e.message.includes("\n"),
    );
    assert.equal(existsSync(PWNED), false);
  });
}

test("other files are refused with what was expected", () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /not a torch\.save file: it starts with nothing/],
    [new TextEncoder().encode("hello"), /starts with 68 65 6c 6c, expected a zip archive/],
    [new Uint8Array([0x80, 2, 0x4b, 1, 0x2e]), /its first pickle is not torch's magic number/],
    [bytesOf("mlp_state_dict.pt").subarray(0, 500), /no zip end-of-central-directory record/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decodePt(bytes), (e: Error) => e instanceof PtError && message.test(e.message)); // prettier-ignore
  }
  assert.throws(
    () => decodePt(bytesOf("mlp_state_dict.pt"), { maxBytes: 1000 }),
    /1801 bytes is over the 1000-byte limit \(raise it with \{ maxBytes \}\)/,
  );
});

void encodePt;
