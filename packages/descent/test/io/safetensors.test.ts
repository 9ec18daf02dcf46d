import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import type { Tensor } from "../../src/tensor/index.js";
import { fromTypedArray } from "../../src/tensor/index.js";
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from "../../src/io/index.js";
import { halfToFloatBits } from "../../src/io/elements.js";

// ---- fixtures written by PyTorch (scripts/golden/torch_safetensors.py) ------------------------

interface Expected {
  dtype: string;
  shape: number[];
  file_hex: string;
  descent_dtype: string;
  descent_hex: string;
  values: (number | boolean | string)[];
}
const fixture = (name: string) => new URL(`../fixtures/safetensors/${name}`, import.meta.url);
const side = JSON.parse(readFileSync(fixture("torch_state_dict.json"), "utf8")) as {
  metadata: Record<string, string>;
  tensors: Record<string, Expected>;
};
const torchFile = new Uint8Array(readFileSync(fixture("torch_state_dict.safetensors")));

const hex = (t: Tensor): string => Buffer.from(bytesOf(t)).toString("hex");
const bytesOf = (t: Tensor): Uint8Array => {
  const d = t.value.data;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
};

test("decodes the file PyTorch wrote, bit for bit (F16/BF16 -> float32, I64 -> int32 as torch converts)", () => {
  const { tensors, metadata } = decodeSafetensors(torchFile, "torch_state_dict.safetensors");
  assert.deepEqual(metadata, side.metadata);
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(side.tensors).sort());
  for (const [name, e] of Object.entries(side.tensors)) {
    const t = tensors[name];
    assert.equal(t.dtype, e.descent_dtype, name);
    assert.deepEqual(t.shape, e.shape, name);
    assert.equal(hex(t), e.descent_hex, `${name} (${e.dtype}) bits`);
    const flat = [...t.toTypedArray()].map((v) => (e.dtype === "BOOL" ? v === 1 : v));
    const want = e.values.map((v) =>
      v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v,
    );
    assert.deepEqual(flat, want, `${name} values`);
  }
  assert.deepEqual(tensors["fc1.weight"].shape, [10, 4]);
});

test("re-encoding PyTorch's F64/F32/I32/BOOL tensors gives back the reference writer's bytes", () => {
  const native = new Uint8Array(readFileSync(fixture("torch_native_dtypes.safetensors")));
  const { tensors, metadata } = decodeSafetensors(native);
  assert.deepEqual(Buffer.from(encodeSafetensors(tensors, metadata)), Buffer.from(native));
});

test("matches the reference implementation's serialization vectors (safetensors/src/tensor.rs tests)", () => {
  const le = (n: number) => [n, 0, 0, 0, 0, 0, 0, 0];
  const ascii = (s: string) => [...Buffer.from(s, "latin1")];
  const six = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5]).buffer);
  const t = (shape: number[]) => fromTypedArray(new Float32Array([0, 1, 2, 3, 4, 5]), shape);
  const vectors: [Uint8Array, number[]][] = [
    [encodeSafetensors({}), [...le(8), ...ascii("{}      ")]],
    [encodeSafetensors({}, { framework: "pt" }), [...le(40), ...ascii('{"__metadata__":{"framework":"pt"}}     ')]], // prettier-ignore
    [encodeSafetensors({ "attn.0": t([1, 2, 3]) }), [...le(64), ...ascii('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'), ...six]], // prettier-ignore
    [encodeSafetensors({ attn0: t([1, 1, 2, 3]) }), [...le(72), ...ascii('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       '), ...six]], // prettier-ignore
  ];
  for (const [got, want] of vectors) assert.deepEqual([...got], want);
});

// ---- round trips -----------------------------------------------------------------------------

function special32(): Float32Array {
  const a = new Float32Array(8);
  const bits = new Uint32Array(a.buffer);
  bits.set([0x80000000, 0x00000001, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00001, 0xffbfffff]);
  a[7] = 1 / 3;
  return a;
}
function special64(): Float64Array {
  const a = new Float64Array([-0, 5e-324, Number.MAX_VALUE, -Infinity, 1 / 3, 0]);
  new DataView(a.buffer).setBigUint64(5 * 8, 0x7ff8000000000abcn, true); // NaN with a payload
  return a;
}

const cases: Record<string, Tensor> = {
  f32: fromTypedArray(special32(), [2, 4]),
  f64: fromTypedArray(special64(), [3, 2]),
  i32: fromTypedArray(new Int32Array([-2147483648, -1, 0, 1, 2147483647]), [5]),
  bool: fromTypedArray(new Uint8Array([1, 0, 0, 1]), [2, 1, 2]),
  "f32 empty": fromTypedArray(new Float32Array(0), [0]),
  "f64 empty": fromTypedArray(new Float64Array(0), [2, 0, 3]),
  "i32 empty": fromTypedArray(new Int32Array(0), [0, 5]),
  "bool empty": fromTypedArray(new Uint8Array(0), [0]),
  "f32 0-d": fromTypedArray(new Float32Array([-2.5]), []),
  "f64 0-d": fromTypedArray(new Float64Array([Math.PI]), []),
  "i32 0-d": fromTypedArray(new Int32Array([-7]), []),
  "bool 0-d": fromTypedArray(new Uint8Array([1]), []),
  "ünïcödé 名前 😀": fromTypedArray(new Float32Array([1, 2]), [2]),
  __proto__x: fromTypedArray(new Int32Array([3]), [1]),
};

function assertSame(got: Record<string, Tensor>, want: Record<string, Tensor>): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const [k, t] of Object.entries(want)) {
    assert.equal(got[k].dtype, t.dtype, k);
    assert.deepEqual(got[k].shape, t.shape, k);
    assert.equal(hex(got[k]), hex(t), `${k} bits`);
  }
}

test("encode -> decode round-trips every dtype bit for bit, empty and 0-d included", () => {
  for (const [name, t] of Object.entries(cases)) {
    const { tensors, metadata } = decodeSafetensors(encodeSafetensors({ [name]: t }));
    assertSame(tensors, { [name]: t });
    assert.deepEqual(metadata, {});
  }
  const meta = { format: "pt", note: 'quotes " and \\ and ünï' };
  const bytes = encodeSafetensors(cases, meta);
  const back = decodeSafetensors(bytes);
  assertSame(back.tensors, cases);
  assert.deepEqual(back.metadata, meta);
  // descent-written bytes decode and re-encode to the same bytes
  assert.deepEqual(Buffer.from(encodeSafetensors(back.tensors, back.metadata)), Buffer.from(bytes));
});

test("a tensor named __proto__ is an own key, not the result's prototype", () => {
  const t = fromTypedArray(new Float32Array([1]), [1]);
  const sd: Record<string, Tensor> = {};
  Object.defineProperty(sd, "__proto__", { value: t, enumerable: true });
  const { tensors } = decodeSafetensors(encodeSafetensors(sd));
  assert.deepEqual(Object.keys(tensors), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(tensors), Object.prototype);
});

test("empty state dict and metadata-only files", () => {
  assert.deepEqual(decodeSafetensors(encodeSafetensors({})), { tensors: {}, metadata: {} });
  assert.deepEqual(decodeSafetensors(encodeSafetensors({}, { a: "b" })).metadata, { a: "b" });
  assert.deepEqual(decodeSafetensors(build({ __metadata__: null })).metadata, {});
});

test("layout: space-padded header, tensors by dtype then name, every tensor aligned", () => {
  const bytes = encodeSafetensors({
    b: cases.bool,
    z: cases.i32,
    a: cases.f32,
    m: cases.f64,
    c: cases["f32 0-d"],
    d: cases.f64.to("float32"),
  });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const text = Buffer.from(bytes.subarray(8, 8 + n)).toString("utf8");
  assert.match(text, /^\{.*\} *$/);
  const header = JSON.parse(text) as Record<string, { dtype: string; data_offsets: number[] }>;
  assert.deepEqual(Object.keys(header), ["m", "a", "c", "d", "z", "b"]);
  for (const { dtype, data_offsets } of Object.values(header)) {
    const size = { F64: 8, F32: 4, I32: 4, BOOL: 1 }[dtype]!;
    assert.equal((8 + n + data_offsets[0]) % size, 0, `${dtype} aligned`);
  }
});

test("decoding works from an unaligned view and the tensors do not share the input's memory", () => {
  const bytes = encodeSafetensors({ x: cases.f64, y: cases.f32 });
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 3);
  const view = padded.subarray(3);
  const { tensors } = decodeSafetensors(view);
  assertSame(tensors, { x: cases.f64, y: cases.f32 });
  padded.fill(0);
  assertSame(tensors, { x: cases.f64, y: cases.f32 });
});

test("decoding a Node Buffer from the shared pool copies just the tensor's bytes", () => {
  const encoded = encodeSafetensors({ x: cases.f64, y: cases.f32, b: cases.bool });
  const pooled = Buffer.from(encoded); // small Buffers are views into one shared 8 KiB pool
  assert.ok(pooled.buffer.byteLength > pooled.length);
  const { tensors } = decodeSafetensors(pooled);
  assertSame(tensors, { x: cases.f64, y: cases.f32, b: cases.bool });
  for (const t of Object.values(tensors)) assert.equal(t.value.data.buffer.byteLength, t.value.data.byteLength); // prettier-ignore
  assert.ok(!Buffer.isBuffer(tensors.b.value.data));
});

test("F16 -> float32 is exact for all 65536 half values", () => {
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  for (let h = 0; h < 0x10000; h++) {
    bits[0] = halfToFloatBits(h);
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    const want =
      e === 0x1f
        ? m
          ? NaN
          : s * Infinity
        : e === 0
          ? s * m * 2 ** -24
          : s * (1 + m / 1024) * 2 ** (e - 15);
    assert.ok(Object.is(f[0], want), `half 0x${h.toString(16)}: got ${f[0]}, want ${want}`);
    if (e === 0x1f && m) assert.equal(bits[0] & 0x7fffff, m << 13, "NaN payload kept");
  }
});

test("I64 within int32 range reads exactly; out of range is refused with the element and value", () => {
  const i64 = (vals: bigint[]) => {
    const b = new Uint8Array(vals.length * 8);
    vals.forEach((v, i) => new DataView(b.buffer).setBigInt64(i * 8, v, true));
    return build({ x: { dtype: "I64", shape: [vals.length], data_offsets: [0, b.length] } }, b);
  };
  const ok = decodeSafetensors(i64([-2147483648n, -1n, 0n, 2147483647n])).tensors.x;
  assert.equal(ok.dtype, "int32");
  assert.deepEqual([...ok.toTypedArray()], [-2147483648, -1, 0, 2147483647]);
  assert.throws(
    () => decodeSafetensors(i64([0n, 2147483648n]), "big.safetensors"),
    /'big\.safetensors'.*tensor 'x': I64 element 1 is 2147483648, outside int32's range/,
  );
  assert.throws(() => decodeSafetensors(i64([-2147483649n])), /I64 element 0 is -2147483649/);
  assert.throws(() => decodeSafetensors(i64([1n << 40n])), /is 1099511627776/);
});

// ---- malformed files -------------------------------------------------------------------------

/** A file from a header (object, or raw text) and data, with the header length given or right. */
function build(header: object | string, data = new Uint8Array(0), headerLength?: bigint) {
  const h = typeof header === "string" ? Buffer.from(header, "latin1") : Buffer.from(JSON.stringify(header)); // prettier-ignore
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const f32 = (shape: number[], data_offsets: unknown) => ({ dtype: "F32", shape, data_offsets });
const bytes = (n: number) => new Uint8Array(n);

const malformed: [string, Uint8Array, RegExp][] = [
  ["empty file", bytes(0), /the file is 0 bytes, shorter than the 8-byte header length/],
  ["7-byte file", bytes(7), /the file is 7 bytes, shorter than the 8-byte header length/],
  ["header past the end", build("{}", bytes(0), 100n), /header length 100 runs past the end of the file \(10 bytes/], // prettier-ignore
  ["header over the limit", build("{}", bytes(0), 1n << 60n), /header length 1152921504606846976 is over the 100000000-byte limit/], // prettier-ignore
  ["header not UTF-8", build('{"\xff": 1}'), /the header is not valid UTF-8/],
  ["header not JSON", build('{"a": '), /the header is not valid JSON/],
  ["header an array", build("[]"), /the header is an array, not a JSON object/],
  ["header a number", build("42"), /the header is a number \(42\), not a JSON object/],
  ["header null", build("null"), /the header is null, not a JSON object/],
  ["entry not an object", build({ w: [1, 2] }), /tensor 'w': its entry is an array, not an object with dtype/], // prettier-ignore
  ["unknown dtype", build({ w: { dtype: "F17", shape: [], data_offsets: [0, 4] } }, bytes(4)), /tensor 'w': unknown dtype "F17" \(safetensors dtypes are F32, F64, I32, BOOL, I64, F16, BF16, U8, /], // prettier-ignore
  ["dtype an Object.prototype name", build({ w: { dtype: "constructor", shape: [], data_offsets: [0, 4] } }, bytes(4)), /tensor 'w': unknown dtype "constructor"/], // prettier-ignore
  ["dtype not a string", build({ w: { dtype: 4, shape: [], data_offsets: [0, 4] } }, bytes(4)), /tensor 'w': unknown dtype 4 /], // prettier-ignore
  ["missing dtype", build({ w: { shape: [1], data_offsets: [0, 4] } }, bytes(4)), /tensor 'w': unknown dtype undefined/], // prettier-ignore
  ["unsupported dtype", build({ w: { dtype: "U8", shape: [1], data_offsets: [0, 1] } }, bytes(1)), /tensor 'w': dtype U8 is not supported \(descent reads F32, F64, I32, BOOL, I64, F16, BF16\)/], // prettier-ignore
  ["shape not a list", build({ w: f32(3 as never, [0, 12]) }, bytes(12)), /tensor 'w': shape 3 is not a list of non-negative integers/], // prettier-ignore
  ["negative shape", build({ w: f32([-1, 2], [0, 0]) }), /tensor 'w': shape \[-1,2\] is not a list of non-negative integers/], // prettier-ignore
  ["fractional shape", build({ w: f32([1.5], [0, 4]) }, bytes(4)), /shape \[1\.5\] is not a list/],
  ["string in shape", build({ w: f32(["2"] as never, [0, 8]) }, bytes(8)), /shape \["2"\] is not a list/], // prettier-ignore
  ["offsets missing", build({ w: { dtype: "F32", shape: [1] } }, bytes(4)), /tensor 'w': data_offsets undefined is not a pair \[begin, end\]/], // prettier-ignore
  ["three offsets", build({ w: f32([1], [0, 4, 8]) }, bytes(8)), /data_offsets \[0,4,8\] is not a pair/], // prettier-ignore
  ["negative offset", build({ w: f32([1], [-4, 0]) }, bytes(4)), /data_offsets \[-4,0\] is not a pair/], // prettier-ignore
  ["end before begin", build({ w: f32([0], [4, 0]) }, bytes(4)), /tensor 'w': data_offsets \[4, 0\] end before they begin/], // prettier-ignore
  ["offsets past the data", build({ w: f32([2], [0, 8]) }, bytes(4)), /tensor 'w': data_offsets \[0, 8\] run past the end of the data \(4 bytes after the header\)/], // prettier-ignore
  ["size mismatch", build({ w: f32([2, 3], [0, 20]) }, bytes(20)), /tensor 'w': data_offsets \[0, 20\] hold 20 bytes but shape \[2,3\] of F32 needs 24/], // prettier-ignore
  ["overlap", build({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, bytes(12)), /tensors 'a' \(data_offsets \[0, 8\]\) and 'b' \(\[4, 12\]\) overlap/], // prettier-ignore
  ["same bytes twice", build({ a: f32([1], [0, 4]), b: f32([1], [0, 4]) }, bytes(4)), /tensors 'a' .* and 'b' .* overlap/], // prettier-ignore
  ["gap between", build({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, bytes(12)), /data bytes \[4, 8\) belong to no tensor \(a gap between 'a' and 'b'\); tensors must cover the data contiguously/], // prettier-ignore
  ["gap before", build({ a: f32([1], [4, 8]) }, bytes(8)), /data bytes \[0, 4\) belong to no tensor \(a gap before 'a'\)/], // prettier-ignore
  ["trailing bytes", build({ a: f32([1], [0, 4]) }, bytes(6)), /the last 2 data bytes \(\[4, 6\)\) belong to no tensor/], // prettier-ignore
  ["data but no tensors", build({}, bytes(3)), /the last 3 data bytes/],
  ["bool byte not 0/1", build({ m: { dtype: "BOOL", shape: [3], data_offsets: [0, 3] } }, new Uint8Array([1, 0, 2])), /tensor 'm': BOOL element 2 is byte 2; expected 0 or 1/], // prettier-ignore
  ["metadata not an object", build({ __metadata__: "v1" }), /__metadata__: metadata must be an object of strings, got a string/], // prettier-ignore
  ["metadata an array", build({ __metadata__: ["a"] }), /metadata must be an object of strings, got an array/], // prettier-ignore
  ["metadata value not a string", build({ __metadata__: { epoch: 3 } }), /__metadata__: metadata must map strings to strings; 'epoch' is a number \(3\)/], // prettier-ignore
];

for (const [what, file, message] of malformed) {
  test(`refuses a malformed file: ${what}`, () => {
    assert.throws(
      () => decodeSafetensors(file, "bad.safetensors"),
      (e: unknown) => {
        assert.ok(e instanceof SafetensorsError, `SafetensorsError, got ${String(e)}`);
        assert.equal(e.source, "bad.safetensors");
        assert.match(e.message, /^safetensors: invalid file 'bad\.safetensors': /);
        assert.match(e.message, message);
        return true;
      },
    );
  });
}

test("the default source is <bytes>; non-Uint8Array input is refused", () => {
  assert.throws(() => decodeSafetensors(bytes(3)), /invalid file '<bytes>': the file is 3 bytes/);
  assert.throws(
    () => decodeSafetensors([1, 2, 3] as never),
    /invalid file '<bytes>': expected a Uint8Array, got an array/,
  );
});

test("encoding refuses non-tensors, the reserved name and non-string metadata", () => {
  const t = cases.f32;
  assert.throws(
    () => encodeSafetensors({ w: [1, 2] as never }),
    /encodeSafetensors: the value for 'w' is an array, not a Tensor/,
  );
  assert.throws(
    () => encodeSafetensors({ __metadata__: t }),
    /encodeSafetensors: '__metadata__' is reserved/,
  );
  assert.throws(
    () => encodeSafetensors({ t }, { epoch: 3 as never }),
    /metadata must map strings to strings; 'epoch' is a number \(3\)/,
  );
  assert.throws(() => encodeSafetensors(null as never), /expected an object of name -> Tensor/);
});

test("the encoded bytes are a Blob part (tsc checks the type) and a Blob holds them unchanged", async () => {
  const bytes = encodeSafetensors(cases, { format: "pt" });
  assert.ok(bytes.buffer instanceof ArrayBuffer, "a plain ArrayBuffer, not a SharedArrayBuffer");
  const blob = new Blob([bytes], { type: "application/octet-stream" });
  const back = new Uint8Array(await blob.arrayBuffer());
  assert.deepEqual(Buffer.from(back), Buffer.from(bytes));
  assertSame(decodeSafetensors(back).tensors, cases);
});
