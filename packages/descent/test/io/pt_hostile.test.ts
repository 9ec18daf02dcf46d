import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import { PtError, decodePt, encodePt } from "../../src/io/index.js";
import { fromTypedArray } from "../../src/tensor/index.js";
import { crc32, readZip, writeZip, zipEntryBytes } from "../../src/io/zip.js";

/** A torch-style zip around a hand-written pickle and storages. */
function ptFile(pkl: Uint8Array, storages: Uint8Array[] = []): Uint8Array {
  return writeZip([
    { name: "archive/data.pkl", data: pkl },
    ...storages.map((data, i) => ({ name: `archive/data/${i}`, data })),
    { name: "archive/version", data: new TextEncoder().encode("3\n") },
  ]);
}
/** Pickle bytes from strings (latin-1) and byte arrays. */
const P = (...parts: (string | readonly number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
const str = (s: string) => ["X", [s.length, 0, 0, 0], s] as const;
/** `_rebuild_tensor_v2(('storage', torch.FloatStorage, '0', 'cpu', numel), offset, size, stride, False, OrderedDict())` */
function tensor(numel: number, offset: number, size: number[], stride: number[]): Uint8Array {
  const int = (n: number) => ["J", [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24]] as const;
  return P(
    "ctorch._utils\n_rebuild_tensor_v2\n((", ...str("storage"), "ctorch\nFloatStorage\n", ...str("0"),
    ...str("cpu"), ...int(numel), "tQ", ...int(offset), "(", ...size.flatMap(int), "t(",
    ...stride.flatMap(int), "t\x89ccollections\nOrderedDict\n)RtR",
  ); // prettier-ignore
}
const PROTO = "\x80\x02";

function refused(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => decodePt(bytes),
    (e: Error) => e instanceof PtError && message.test(e.message) && !e.message.includes("\n"),
  );
}

test("a stride-0 tensor of 10^10 elements over one stored float is refused before allocating", () => {
  const pkl = P(PROTO, [...tensor(1, 0, [100000, 100000], [0, 0])], ".");
  refused(ptFile(pkl, [new Uint8Array(4)]), /tensor at the top of size \[100000,100000\] goes over the byte limit/); // prettier-ignore
  const small = P(PROTO, [...tensor(1, 0, [2, 3], [0, 0])], ".");
  assert.deepEqual(decodePt<{ tolist(): unknown }>(ptFile(small, [new Uint8Array(4)])).tolist(), [[0, 0, 0], [0, 0, 0]]); // prettier-ignore
});

test("tensors that reach outside their storage, and storages of the wrong size, are refused", () => {
  const four = new Uint8Array(16);
  refused(ptFile(P(PROTO, [...tensor(4, 1, [4], [1])], "."), [four]), /size \[4\], stride \[1\] and offset 1 reach element 4 of a storage of 4/); // prettier-ignore
  refused(ptFile(P(PROTO, [...tensor(4, 0, [2, 2], [3, 1])], "."), [four]), /reach element 4 of a storage of 4/); // prettier-ignore
  refused(ptFile(P(PROTO, [...tensor(5, 0, [4], [1])], "."), [four]), /storage '0' holds 16 bytes; 5 float32 elements need 20/); // prettier-ignore
  refused(ptFile(P(PROTO, [...tensor(4, 0, [4], [1])], ".")), /storage '0' \(byte \d+\) has no entry data\/0/); // prettier-ignore
});

test("deep nesting, self-containing and changed-after-use containers are refused without recursion", () => {
  const n = 20_000; // twice what a recursive reader survives
  refused(ptFile(P(PROTO, "]".repeat(n), "a".repeat(n - 1), ".")), /containers nest deeper than 100 levels/); // prettier-ignore
  assert.equal(decodePt(ptFile(P(PROTO, "(".repeat(n), "N."))), null); // marks left open are harmless
  refused(ptFile(P(PROTO, "]q\x00h\x00a.")), /puts a container inside itself/);
  refused(ptFile(P(PROTO, "]q\x00]h\x00ah\x00Na.")), /changes a list after it was used/);
  refused(ptFile(P(PROTO, "h\x05.")), /reads memo 5, which was never stored/);
  refused(ptFile(P(PROTO, "X\xff\xff\xff\xffab.")), /the pickle is truncated/);
  refused(
    ptFile(P(PROTO, "(N", ...str("x"), "tQ.")),
    /persistent id at byte \d+ is not \('storage'/,
  );
  refused(ptFile(P(PROTO, "cos\nsystem\n.")), /refused global os\.system at byte 2;/);
  refused(
    ptFile(P(PROTO, "\x8c\x02os\x8c\x06system\x93.")),
    /refused global os\.system at byte 14;/,
  );
  refused(ptFile(P(PROTO, "ios\nsystem\n.")), /refused global os\.system at byte 2 \(INST\)/);
  refused(ptFile(P(PROTO, "ctorch\nComplexFloatStorage\n.")), /complex and quantized tensors are not supported/); // prettier-ignore
  refused(ptFile(P(PROTO, "ccollections\nOrderedDict\n.")), /the top-level object is the global collections\.OrderedDict, not data/); // prettier-ignore
});

test("torch 2's extra entries (byteorder, .data/) are read; a big-endian byteorder is refused", () => {
  const bytes = encodePt({ w: fromTypedArray(new Float32Array([1.5, -2]), [2]) });
  const fail = (p: string): never => assert.fail(p);
  const files = [...readZip(bytes, fail).values()].map((e) => ({ name: e.name, data: zipEntryBytes(bytes, e, fail) })); // prettier-ignore
  const withOrder = (order: string) =>
    writeZip([...files, { name: "archive/byteorder", data: new TextEncoder().encode(order) }, { name: "archive/.data/serialization_id", data: new Uint8Array(40) }]); // prettier-ignore
  const w = decodePt(withOrder("little").buffer as ArrayBuffer).w; // an ArrayBuffer is taken as well
  assert.deepEqual([...w.toTypedArray()], [1.5, -2]);
  refused(withOrder("big"), /written on a big-endian machine; only little-endian files are supported/); // prettier-ignore
  refused(new Uint8Array(0), /not a torch\.save file/);
  assert.throws(() => decodePt(null as never), { message: /expected a Uint8Array or ArrayBuffer, got null/ }); // prettier-ignore
});

test("crc32 gives the standard check value and agrees with zlib on every length mod 8", async () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  const zlib = (await import("node:zlib")) as { crc32?: (b: Uint8Array) => number };
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
  for (let n = 0; n < 300; n += 7) {
    if (zlib.crc32) assert.equal(crc32(bytes.subarray(0, n)), zlib.crc32(bytes.subarray(0, n)));
  }
});

test("compressed, encrypted and corrupted zip entries are refused by name", () => {
  const file = new Uint8Array(readFileSync(new URL("../fixtures/pt/mlp_state_dict.pt", import.meta.url))); // prettier-ignore
  const central = Buffer.from(file).indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
  const patched = (at: number, v: number) => Object.assign(new Uint8Array(file), { [at]: v });
  refused(patched(central + 10, 8), /zip entry 'mlp_state_dict\/data\.pkl' is compressed \(method 8\)/); // prettier-ignore
  refused(patched(central + 8, 1), /zip entry 'mlp_state_dict\/data\.pkl' is encrypted/);
  refused(patched(100, file[100] ^ 1), /zip entry 'mlp_state_dict\/data\.pkl' is corrupt \(its CRC-32 does not match\)/); // prettier-ignore
});

// ---- a seeded, time-bounded mutation fuzzer over PyTorch's files ------------------------------

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const out = [...b];
  const k = 1 + Math.floor(r() * 4);
  const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x28, 0x2e, 0x52, 0x63, 0x68, 0x71, 0x74, 0x8a];
  for (let i = 0; i < k; i++) {
    const at = Math.floor(r() * out.length);
    const kind = r();
    if (kind < 0.4) out[at] = Math.floor(r() * 256);
    else if (kind < 0.6) out[at] = INTERESTING[Math.floor(r() * INTERESTING.length)];
    else if (kind < 0.75) out.splice(at, 1 + Math.floor(r() * 8));
    else if (kind < 0.9) out.splice(at, 0, ...out.slice(Math.floor(r() * out.length)).slice(0, 16));
    else out.length = at; // truncate
  }
  return new Uint8Array(out);
}

test("fuzz: mutated torch files either decode or fail with a PtError (seeded, 3 s)", () => {
  const dir = new URL("../fixtures/pt/", import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".pt"))
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
  // the pickles alone, re-zipped with valid CRCs after mutation, so the unpickler is exercised
  const pickles = files.filter((f) => f[0] === 0x50).map((f) => {
    const i = Buffer.from(f).indexOf("\x80\x02", 0, "latin1");
    const end = Buffer.from(f).indexOf(".PK", i, "latin1");
    return f.subarray(i, end + 1);
  }); // prettier-ignore
  const storages = [new Uint8Array(160), new Uint8Array(40), new Uint8Array(4)];
  const r = rng(20261202);
  const stop = Date.now() + 3000;
  const counts = { inputs: 0, decoded: 0, refused: 0 };
  while (Date.now() < stop) {
    for (let i = 0; i < 50; i++) {
      const whole = r() < 0.5;
      const pick = (xs: Uint8Array[]) => xs[Math.floor(r() * xs.length)];
      const bytes = whole ? mutate(pick(files), r) : ptFile(mutate(pick(pickles), r), storages);
      counts.inputs++;
      try {
        decodePt(bytes, { maxBytes: 1 << 20 });
        counts.decoded++;
      } catch (e) {
        if (!(e instanceof PtError)) {
          assert.fail(`input ${counts.inputs} threw ${String(e)} (not a PtError): ${Buffer.from(bytes).toString("hex")}`); // prettier-ignore
        }
        counts.refused++;
      }
    }
  }
  assert.ok(
    counts.inputs > 1000 && counts.decoded > 0 && counts.refused > 0,
    JSON.stringify(counts),
  );
  console.log(`pt fuzz: ${JSON.stringify(counts)}`);
});
