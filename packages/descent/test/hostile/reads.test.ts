/**
 * Reads are bounded: devices, FIFOs, directories and procfs are refused before a byte is read,
 * sizes are checked against documented limits (raised by options), gzip output is capped while
 * inflating, and the safetensors and IDX headers are checked as their reference readers do.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadCsv, loadIdx, loadSafetensors, loadFashionMnist } from "../../src/io/index.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.js";
import { parseIdx } from "../../src/data/idx.js";
import { tensor } from "../../src/tensor/index.js";

function tempDir(t: { after: (f: () => void) => void }): string {
  const dir = fs.mkdtempSync(join(tmpdir(), "descent-reads-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const LOADERS: [string, (p: string, limits?: object) => unknown, string][] = [
  ["loadSafetensors", (p, l) => loadSafetensors(p, l), "safetensors"],
  ["loadCsv", (p, l) => loadCsv(p, l), "loadCsv"],
  ["loadIdx", (p, l) => loadIdx(p, l), "loadIdx"],
];

test("every loader refuses devices, FIFOs, directories and procfs at once", (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  const start = Date.now();
  for (const [name, load, op] of LOADERS) {
    for (const [path, why] of [
      ["/dev/zero", "it is a character device, not a regular file"],
      [fifo, "it is a FIFO (named pipe), not a regular file"],
      [dir, "it is a directory, not a regular file"],
      ["/proc/self/status", "it is on procfs, not a data file"],
    ]) {
      assert.throws(() => load(path), { message: `${op}: cannot read '${path}': ${why}` }, name);
    }
  }
  assert.throws(() => loadFashionMnist({ root: "/dev/zero" }), {
    message: "loadFashionMnist: the data folder '/dev/zero' is a character device, not a folder",
  });
  assert.ok(Date.now() - start < 2000, `${Date.now() - start} ms`);
});

test("file sizes are checked before reading; maxBytes raises or lowers the limit", (t) => {
  const dir = tempDir(t);
  const csv = join(dir, "a.csv");
  fs.writeFileSync(csv, "a,y\n1,0\n2,1\n");
  assert.throws(() => loadCsv(csv, { maxBytes: 10 }), {
    message: `loadCsv: cannot read '${csv}': it is 12 bytes, over the 10 bytes limit (raise it with the maxBytes option)`,
  });
  assert.deepEqual(loadCsv(csv, { maxBytes: 12 }).X.shape, [2, 1]);
  const st = join(dir, "m.safetensors");
  fs.writeFileSync(st, encodeSafetensors({ w: tensor([1, 2, 3]) }));
  assert.throws(() => loadSafetensors(st, { maxBytes: 20 }), /over the 20 bytes limit/);
  assert.throws(() => loadCsv(csv, { maxBytes: -1 }), /maxBytes must be a non-negative integer/);
});

test("gzip output is capped while inflating (a 100 KB file that would inflate to 100 MB)", (t) => {
  const dir = tempDir(t);
  const bomb = join(dir, "bomb-idx1-ubyte.gz");
  const header = new Uint8Array([0, 0, 8, 1, 0x05, 0xf5, 0xe1, 0x00]); // ubyte [100000000]
  fs.writeFileSync(bomb, gzipSync(Buffer.concat([header, Buffer.alloc(100e6)])));
  const rss = process.memoryUsage().rss;
  const start = Date.now();
  assert.throws(() => loadIdx(bomb, { maxDecompressedBytes: 10e6 }), {
    message: `loadIdx: '${bomb}' inflates to more than the 10.0 MB limit on decompressed bytes (raise it with the maxDecompressedBytes option)`,
  });
  assert.ok(Date.now() - start < 3000, `${Date.now() - start} ms`);
  assert.ok(process.memoryUsage().rss - rss < 60e6, "did not inflate the whole file");
  const small = join(dir, "small-idx1-ubyte.gz");
  fs.writeFileSync(small, gzipSync(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])));
  assert.deepEqual([...loadIdx(small, { maxDecompressedBytes: 10 }).data], [7, 9]);
  assert.throws(() => loadIdx(small, { maxDecompressedBytes: 9 }), /more than the 9 bytes limit/);
});

/** safetensors bytes with this header text and `data` bytes after it. */
function st(header: string, data = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

test("safetensors follows the reference reader: depth, u64 overflow even with a 0 dimension", () => {
  const deep = `{"a":${"[".repeat(20000)}${"]".repeat(20000)}}`;
  assert.throws(() => decodeSafetensors(st(deep)), {
    name: "SafetensorsError",
    message:
      "safetensors: invalid file '<bytes>': the header nests 20001 levels deep, more than the 128 the reference reader allows",
  });
  const ok = `{"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"m":{"x":${"[".repeat(100)}${"]".repeat(100)}}}`;
  assert.throws(() => decodeSafetensors(st(ok)), /tensor 'm': dtype|not an object|unknown dtype/);
  const big = `{"w":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}}`;
  assert.throws(() => decodeSafetensors(st(big)), {
    message:
      "safetensors: invalid file '<bytes>': tensor 'w': shape [4294967296,4294967296,0] has more elements than a u64 counts",
  });
  const bytesOver = `{"w":{"dtype":"F64","shape":[4294967296,4294967295],"data_offsets":[0,0]}}`;
  assert.throws(() => decodeSafetensors(st(bytesOver)), /needs more bytes than a u64 counts/);
  // [0, 2^32] is fine: the running product is 0 before the big dimension.
  const zero = decodeSafetensors(
    st(`{"w":{"dtype":"F32","shape":[0,4294967296],"data_offsets":[0,0]}}`),
  );
  assert.deepEqual(zero.tensors.w.shape, [0, 4294967296]);
  const shape = `[${new Array(300000).fill(1).join(",")}, -1]`;
  const e = (() => {
    try {
      decodeSafetensors(st(`{"w":{"dtype":"F32","shape":${shape},"data_offsets":[0,4]}}`, 4));
    } catch (err) {
      return err as Error;
    }
  })();
  assert.ok(
    e && e.message.length < 300,
    `a 600 KB shape gives a short message: ${e?.message.length}`,
  );
  assert.match(e!.message, /shape \[1,1,1,.*… \(600004 characters\) is not a list/);
});

test("IDX sizes are exact: dimensions that overflow, or multiply to Infinity x 0, are refused", () => {
  // 40 dimensions of 2^32 - 1 and one 0: the float product is Infinity * 0 = NaN.
  const ndim = 41;
  const bytes = new Uint8Array(4 + 4 * ndim);
  bytes.set([0, 0, 8, ndim]);
  const view = new DataView(bytes.buffer);
  for (let d = 0; d < 40; d++) view.setUint32(4 + 4 * d, 0xffffffff, false);
  assert.throws(() => parseIdx(bytes), {
    message:
      /^idx: shape \[4294967295, 4294967295, .*\(41 dims\)\] has more elements than a 64-bit count holds$/,
  });
  // A huge shape with a leading 0 is exact: 0 values, and the data must be empty.
  const empty = new Uint8Array(4 + 8);
  empty.set([0, 0, 8, 2]);
  new DataView(empty.buffer).setUint32(8, 0xffffffff, false);
  assert.deepEqual(parseIdx(empty).shape, [0, 0xffffffff]);
  const extra = new Uint8Array([...empty, 1]);
  assert.throws(() => parseIdx(extra), /1 unexpected bytes after the data/);
  // Truncated data with sizes beyond 2^53 is reported in exact integers.
  const huge = new Uint8Array(4 + 8);
  huge.set([0, 0, 0x0e, 2]);
  const hv = new DataView(huge.buffer);
  hv.setUint32(4, 0xffffffff, false);
  hv.setUint32(8, 0xffffffff, false);
  assert.throws(() => parseIdx(huge), /needs 147573952520956936200 bytes/);
});
