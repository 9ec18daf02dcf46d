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

// ---- writing -----------------------------------------------------------------------------------

test("encodePt -> decodePt gives every fixture back bit for bit, with its key order and containers", () => {
  for (const name of READABLE) {
    const value = decodePt<PtValue>(bytesOf(`${name}.pt`));
    check(decodePt<PtValue>(encodePt(value)), sideOf(name).value, `${name} rewritten`);
  }
});

test("encodePt keeps special floats, 0-d and empty tensors, odd key names and JS values", () => {
  const f32 = new Float32Array(4);
  new Uint32Array(f32.buffer).set([0x80000000, 0x00000001, 0x7fc00001, 0xff800000]);
  const f64 = new Float64Array([-0, 5e-324, Number.MAX_VALUE, NaN]);
  const value = {
    "zz.first": fromTypedArray(f32, [2, 2]),
    "1": fromTypedArray(f64, [4]),
    __proto__x: fromTypedArray(new Int32Array([-2147483648, 2147483647]), [2]),
    "ünïcödé 名前 😀": fromTypedArray(new Uint8Array([1, 0, 1]), [3, 1]),
    scalar: fromTypedArray(new Float32Array([-2.5]), []),
    empty: fromTypedArray(new Float64Array(0), [2, 0, 3]),
    nested: [1, -1, 300, 70000, -(2 ** 31), 2 ** 53 - 1, 1.5, -0, "s", true, null, 2n ** 70n],
    tuple: Object.freeze([1, 2, 3, 4]),
  };
  const back = decodePt<Record<string, PtValue>>(encodePt(value));
  assert.deepEqual(Object.keys(back), Object.keys(value));
  for (const [k, v] of Object.entries(value)) {
    if (!(v instanceof Tensor)) continue;
    const t = back[k] as Tensor;
    assert.equal(t.dtype, v.dtype, k);
    assert.deepEqual(t.shape, v.shape, k);
    assert.equal(hex(t), hex(v), k);
  }
  assert.deepEqual(back.nested, value.nested);
  assert.ok(Object.is((back.nested as number[])[7], -0));
  assert.ok(Object.isFrozen(back.tuple) && !Object.isFrozen(back.nested));
});

test("encodePt refuses values a .pt file cannot hold, naming where they are", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [unknown, RegExp][] = [
    [{ a: { b: undefined } }, /^encodePt: 'a'\['b'\] is undefined, which \.pt files cannot hold$/],
    [{ a: new Map() }, /^encodePt: 'a' is Map, which \.pt files cannot hold$/],
    [[() => 1], /^encodePt: \[0\] is a function/],
    [cyclic, /^encodePt: 'self' contains itself$/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => encodePt(value as PtValue), (e: Error) => e instanceof PtError && message.test(e.message)); // prettier-ignore
  }
});
