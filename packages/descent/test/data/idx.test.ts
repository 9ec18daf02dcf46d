import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import type { IdxArray } from "../../src/data/idx.js";
import { encodeIdx, idxToTensor, parseIdx } from "../../src/data/idx.js";
import { loadIdx } from "../../src/io/idx.js";

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "descent-idx-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("parseIdx: a hand-written ubyte file (the MNIST label layout)", () => {
  // magic 00 00 08 01, one dimension of 3, values 7 2 1
  const bytes = Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1]);
  const a = parseIdx(bytes);
  assert.equal(a.type, "ubyte");
  assert.deepEqual(a.shape, [3]);
  assert.ok(a.data instanceof Uint8Array);
  assert.deepEqual(Array.from(a.data), [7, 2, 1]);
  // big-endian dimensions: 0x00000102 = 258
  const big = new Uint8Array(8 + 258);
  big.set([0, 0, 0x08, 1, 0, 0, 1, 2]);
  assert.deepEqual(parseIdx(big).shape, [258]);
});

test("parseIdx: every type code, big-endian values, round trip with encodeIdx", () => {
  const cases: IdxArray[] = [
    { type: "ubyte", shape: [2, 3], data: Uint8Array.from([0, 1, 127, 128, 254, 255]) },
    { type: "byte", shape: [2, 2], data: Int8Array.from([-128, -1, 0, 127]) },
    { type: "short", shape: [3], data: Int16Array.from([-32768, 258, 32767]) },
    {
      type: "int",
      shape: [2, 1, 2],
      data: Int32Array.from([-2147483648, 16909060, 0, 2147483647]),
    },
    { type: "float", shape: [3], data: Float32Array.from([1.5, -0.1, Infinity]) },
    { type: "double", shape: [2], data: Float64Array.from([0.1, -1e300]) },
  ];
  for (const c of cases) {
    const bytes = encodeIdx(c);
    const back = parseIdx(bytes);
    assert.equal(back.type, c.type);
    assert.deepEqual(back.shape, c.shape);
    assert.equal(back.data.constructor, c.data.constructor, c.type);
    assert.deepEqual(Array.from(back.data), Array.from(c.data), c.type);
  }
  // the bytes really are big-endian: int 16909060 = 0x01020304
  const bytes = encodeIdx({ type: "int", shape: [1], data: Int32Array.from([0x01020304]) });
  assert.deepEqual(Array.from(bytes), [0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4]);
  // a view into a larger buffer (as Node's Buffer often is) parses too
  const padded = new Uint8Array(bytes.length + 5);
  padded.set(bytes, 5);
  assert.deepEqual(Array.from(parseIdx(padded.subarray(5)).data), [0x01020304]);
});

test("idxToTensor: int32 for integer types, float for float types, scaled images", () => {
  const img: IdxArray = {
    type: "ubyte",
    shape: [1, 2, 2],
    data: Uint8Array.from([0, 51, 255, 102]),
  };
  const t = idxToTensor(img);
  assert.equal(t.dtype, "int32");
  assert.deepEqual(t.shape, [1, 2, 2]);
  const f = idxToTensor(img, { dtype: "float32", scale: 1 / 255 });
  assert.equal(f.dtype, "float32");
  assert.deepEqual(Array.from(f.toTypedArray()), [0, 0.2, 1, 0.4].map(Math.fround));
  assert.equal(
    idxToTensor({ type: "double", shape: [1], data: Float64Array.from([0.1]) }).dtype,
    "float64",
  );
});

test("parseIdx: clear errors for truncated data, bad magic and unknown types", () => {
  const good = encodeIdx({ type: "ubyte", shape: [2, 28, 28], data: new Uint8Array(2 * 784) });
  const cases: [Uint8Array, string][] = [
    [Uint8Array.from([0, 0]), "idx: truncated header: the magic number needs 4 bytes, got 2"],
    [
      Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]),
      "idx: bad magic number 50 4b 03 04: an IDX file starts with two zero bytes",
    ],
    [
      gzipSync(good),
      "idx: bad magic number 1f 8b 08 00: an IDX file starts with two zero bytes (these bytes are gzip data: decompress them first, or use loadIdx)",
    ],
    [
      Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]),
      "idx: unknown type code 0x0a in the magic number; expected 0x08 (ubyte), 0x09 (byte), 0x0b (short), 0x0c (int), 0x0d (float) or 0x0e (double)",
    ],
    [good.subarray(0, 10), "idx: truncated header: 3 dimensions need 16 header bytes, got 10"],
    [
      good.subarray(0, good.length - 100),
      "idx: truncated data: shape [2, 28, 28] of ubyte needs 1568 bytes after the 16-byte header, got 1468",
    ],
    [
      Uint8Array.from([...good, 9, 9]),
      "idx: 2 unexpected bytes after the data: shape [2, 28, 28] of ubyte needs 1568 bytes after the 16-byte header, the file has 1570",
    ],
  ];
  for (const [bytes, message] of cases) assert.throws(() => parseIdx(bytes), { message });
  assert.throws(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array), {
    message: "idx: expected a Uint8Array of bytes, got Array",
  });
});

test("loadIdx: plain and gzipped files (detected by the 1f 8b magic, not the name)", (t) => {
  const dir = tempDir(t);
  const labels: IdxArray = { type: "ubyte", shape: [5], data: Uint8Array.from([9, 0, 0, 3, 0]) };
  const images: IdxArray = {
    type: "ubyte",
    shape: [5, 28, 28],
    data: Uint8Array.from({ length: 5 * 784 }, (_, i) => i % 256),
  };
  const files: [string, Uint8Array][] = [
    ["labels-idx1-ubyte", encodeIdx(labels)],
    ["labels-idx1-ubyte.gz", gzipSync(encodeIdx(labels))],
    ["labels-gzipped-without-suffix", gzipSync(encodeIdx(labels))],
    ["images-idx3-ubyte.gz", gzipSync(encodeIdx(images))],
  ];
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
  for (const [name] of files.slice(0, 3)) {
    const a = loadIdx(join(dir, name));
    assert.deepEqual(a.shape, [5], name);
    assert.deepEqual(Array.from(a.data), [9, 0, 0, 3, 0], name);
  }
  const im = loadIdx(join(dir, "images-idx3-ubyte.gz"));
  assert.deepEqual(im.shape, [5, 28, 28]);
  assert.deepEqual(
    Array.from(im.data.subarray(250, 260)),
    [250, 251, 252, 253, 254, 255, 0, 1, 2, 3],
  );

  const truncated = join(dir, "truncated-idx1-ubyte");
  writeFileSync(truncated, encodeIdx(labels).subarray(0, 11));
  assert.throws(() => loadIdx(truncated), {
    message: `idx: truncated data: shape [5] of ubyte needs 5 bytes after the 8-byte header, got 3 (in '${truncated}')`,
  });
  const brokenGz = join(dir, "broken.gz");
  writeFileSync(brokenGz, gzipSync(encodeIdx(labels)).subarray(0, 12));
  assert.throws(
    () => loadIdx(brokenGz),
    (e: Error) =>
      e.message.startsWith(
        `loadIdx: '${brokenGz}' starts like a gzip file (1f 8b) but cannot be decompressed:`,
      ),
  );
  const missing = join(dir, "missing");
  assert.throws(() => loadIdx(missing), {
    message: `loadIdx: cannot read '${missing}': no such file or directory (ENOENT)`,
  });
});
