/**
 * Seeded, time-bounded mutation fuzzing of the four parsers (safetensors, CSV, IDX, model spec).
 * Each input is a valid one, mutated; descent must either parse it to the same values as the
 * small reference decoder written here, or refuse it with a descent error (its prefix, no engine
 * error) exactly when the reference refuses it. Each parser gets about 2 s; counts are printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeSafetensors } from "../../src/io/safetensors.js";
import { parseCsv } from "../../src/data/csv.js";
import { parseIdx } from "../../src/data/idx.js";
import { parseModelSpec } from "../../src/train/spec.js";
import { Linear, Softmax, LogSoftmax } from "../../src/nn/index.js";
import type { Tensor } from "../../src/tensor/index.js";

const BUDGET_MS = Number(process.env.DESCENT_FUZZ_MS ?? 2000);
const MAX_INPUTS = 20000;

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const ENGINE =
  /is not a function|Cannot read properties|Maximum call stack|Invalid typed array length|Invalid array length|is not iterable/;

/** Runs `parse`, returning its value or the error (which must be a descent error). */
function attempt<T>(parse: () => T, prefix: RegExp, input: string): { ok: T } | { error: Error } {
  try {
    return { ok: parse() };
  } catch (e) {
    assert.ok(e instanceof Error, `not an Error for ${input}`);
    assert.doesNotMatch(e.message, ENGINE, `engine error for ${input}`);
    assert.match(e.message, prefix, `not a descent error for ${input}`);
    assert.ok(e.message.length < 2000, `a ${e.message.length}-character message for ${input}`);
    return { error: e };
  }
}

/**
 * Descent and the reference must agree: both refuse, or both read, and then `same` compares
 * their values.
 */
function judge<T, R>(
  got: { ok: T } | { error: Error },
  want: R | null,
  shown: string,
  same: (ok: T, want: R) => void,
): "accepted" | "refused" {
  if ("error" in got) {
    assert.equal(want, null, `descent refused what the reference reads: ${shown} (${got.error.message})`); // prettier-ignore
    return "refused";
  }
  assert.ok(want !== null, `descent read what the reference refuses: ${shown}`);
  same(got.ok, want);
  return "accepted";
}

/** Byte-level mutations: flips, replacements with boundary values, deletions, duplications. */
function mutateBytes(r: Rand, b: Uint8Array): Uint8Array {
  let out = Array.from(b);
  for (let k = 1 + int(r, 4); k > 0; k--) {
    const at = int(r, out.length + 1);
    switch (int(r, 6)) {
      case 0:
        if (at < out.length) out[at] ^= 1 << int(r, 8);
        break;
      case 1:
        if (at < out.length) out[at] = pick(r, [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x5b, 0x7b]);
        break;
      case 2:
        out.splice(at, 1 + int(r, 4));
        break;
      case 3:
        out.splice(at, 0, ...out.slice(at, at + 1 + int(r, 8)));
        break;
      case 4:
        out = out.slice(0, at);
        break;
      default:
        out.splice(at, 0, int(r, 256));
    }
  }
  return Uint8Array.from(out);
}

/** Text mutations with characters that matter to the grammar. */
function mutateText(r: Rand, s: string, alphabet: readonly string[]): string {
  let out = s;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const at = int(r, out.length + 1);
    switch (int(r, 4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + int(r, 3));
        break;
      case 1:
        out = out.slice(0, at) + pick(r, alphabet) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + pick(r, alphabet) + out.slice(at + 1);
        break;
      default:
        out = out.slice(0, at) + out.slice(at, at + 1 + int(r, 6)) + out.slice(at);
    }
  }
  return out;
}

/** Runs `one(r)` until the budget or MAX_INPUTS; returns the counts of accepted and refused. */
function fuzz(
  name: string,
  seed: number,
  one: (r: Rand) => "accepted" | "refused",
  log: (s: string) => void,
): void {
  const r = rng(seed);
  const counts = { accepted: 0, refused: 0 };
  const start = Date.now();
  let n = 0;
  while (n < MAX_INPUTS && Date.now() - start < BUDGET_MS) {
    counts[one(r)]++;
    n++;
  }
  const heap = Math.round(process.memoryUsage().heapUsed / 1e6);
  log(`${name}: ${n} inputs in ${Date.now() - start} ms (${counts.accepted} parsed as the reference, ${counts.refused} refused by both; heap ${heap} MB)`); // prettier-ignore
  assert.ok(n >= 200, `only ${n} inputs`);
  assert.ok(counts.accepted > 0 && counts.refused > 0, JSON.stringify(counts));
  assert.ok(heap < 1500, `heap ${heap} MB`);
}

// ---- safetensors -------------------------------------------------------------------------------

const ST_SIZES: Record<string, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1, I64: 8, F16: 2, BF16: 2 }; // prettier-ignore

/** The reference reader's rules, independently: tensors by name as [dtype, shape, numbers]. */
function refSafetensors(b: Uint8Array): Map<string, [string, number[], number[]]> | null {
  if (b.length < 8) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getBigUint64(0, true);
  if (n > 100_000_000n || 8n + n > BigInt(b.length)) return null;
  let header: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b.subarray(8, 8 + Number(n))); // prettier-ignore
    header = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return null;
  const base = 8 + Number(n);
  const entries: [string, string, number[], number, number][] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (info === null) continue;
      if (typeof info !== "object" || Array.isArray(info)) return null;
      if (!Object.values(info as object).every((v) => typeof v === "string")) return null;
      continue;
    }
    if (typeof info !== "object" || info === null || Array.isArray(info)) return null;
    const { dtype, shape, data_offsets: off } = info as Record<string, unknown>;
    if (typeof dtype !== "string" || !Object.hasOwn(ST_SIZES, dtype)) return null;
    const isIdx = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
    if (!Array.isArray(shape) || !shape.every(isIdx)) return null;
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isIdx)) return null;
    let count = 1n;
    for (const d of shape) {
      count *= BigInt(d);
      if (count >= 1n << 64n) return null;
    }
    if (count * BigInt(ST_SIZES[dtype]) !== BigInt(off[1] - off[0])) return null;
    if (off[1] < off[0]) return null;
    entries.push([name, dtype, shape, off[0], off[1]]);
  }
  entries.sort((x, y) => x[3] - y[3] || x[4] - y[4]);
  let at = 0;
  for (const e of entries) {
    if (e[3] !== at) return null;
    at = e[4];
  }
  if (base + at !== b.length) return null;
  const out = new Map<string, [string, number[], number[]]>();
  for (const [name, dtype, shape, s, e] of entries) {
    const vals: number[] = [];
    for (let i = base + s; i < base + e; i += ST_SIZES[dtype]) {
      if (dtype === "F32") vals.push(dv.getFloat32(i, true));
      else if (dtype === "F64") vals.push(dv.getFloat64(i, true));
      else if (dtype === "I32") vals.push(dv.getInt32(i, true));
      else if (dtype === "BOOL") {
        if (b[i] > 1) return null;
        vals.push(b[i]);
      } else return null; // not generated; a mutation reaching it is judged by validity only
    }
    out.set(name, [dtype, shape, vals]);
  }
  return out;
}

function makeSafetensors(r: Rand): Uint8Array {
  const names = ["w", "b", "fc1.weight", "__proto__", "constructor", "é"];
  const parts: string[] = [];
  const data: number[] = [];
  if (r() < 0.3) parts.push(`"__metadata__":{"format":"pt"}`);
  for (let k = int(r, 4); k > 0; k--) {
    const dtype = pick(r, ["F32", "F64", "I32", "BOOL"]);
    const shape = Array.from({ length: int(r, 3) }, () => int(r, 3));
    const count = shape.reduce((p, d) => p * d, 1);
    const begin = data.length;
    for (let i = 0; i < count * ST_SIZES[dtype]; i++) data.push(dtype === "BOOL" ? int(r, 2) : int(r, 256)); // prettier-ignore
    const name = names[k] ?? `t${k}`;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape}],"data_offsets":[${begin},${data.length}]}`); // prettier-ignore
  }
  const json = new TextEncoder().encode(`{${parts.join(",")}}`);
  const pad = (8 - (json.length % 8)) % 8;
  const out = new Uint8Array(8 + json.length + pad + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length + pad), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + json.length + pad);
  out.set(data, 8 + json.length + pad);
  return out;
}

test("fuzz: safetensors parses as the reference reader or refuses with a descent error", (t) => {
  fuzz(
    "safetensors",
    1,
    (r) => {
      const bytes = r() < 0.1 ? makeSafetensors(r) : mutateBytes(r, makeSafetensors(r));
      const shown = Buffer.from(bytes).toString("latin1");
      const got = attempt(() => decodeSafetensors(bytes), /^safetensors: invalid file '<bytes>': /, shown); // prettier-ignore
      const want = refSafetensors(bytes);
      return judge(got, want, shown, (ok, w) => {
        assert.deepEqual(Object.keys(ok.tensors).sort(), [...w.keys()].sort(), shown);
        for (const [name, [, shape, vals]] of w) {
          const tensor: Tensor = ok.tensors[name];
          assert.deepEqual(tensor.shape, shape, shown);
          const mine = Array.from(tensor.toTypedArray(), Number);
          assert.ok(mine.length === vals.length && mine.every((v, i) => Object.is(v, vals[i]) || (Number.isNaN(v) && Number.isNaN(vals[i]))), shown); // prettier-ignore
        }
      });
    },
    (s) => t.diagnostic(s),
  );
});

// ---- IDX -----------------------------------------------------------------------------------------

const IDX_TYPES: Record<number, [number, (dv: DataView, at: number) => number]> = {
  0x08: [1, (dv, at) => dv.getUint8(at)],
  0x09: [1, (dv, at) => dv.getInt8(at)],
  0x0b: [2, (dv, at) => dv.getInt16(at)],
  0x0c: [4, (dv, at) => dv.getInt32(at)],
  0x0d: [4, (dv, at) => dv.getFloat32(at)],
  0x0e: [8, (dv, at) => dv.getFloat64(at)],
};

function refIdx(b: Uint8Array): { shape: number[]; values: number[] } | null {
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0 || !Object.hasOwn(IDX_TYPES, b[2])) return null;
  const [size, read] = IDX_TYPES[b[2]];
  const ndim = b[3];
  if (b.length < 4 + 4 * ndim) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shape = Array.from({ length: ndim }, (_, d) => dv.getUint32(4 + 4 * d));
  let count = 1n;
  for (const d of shape) {
    count *= BigInt(d);
    if (count >= 1n << 64n) return null;
  }
  if (BigInt(b.length - 4 - 4 * ndim) !== count * BigInt(size)) return null;
  const values: number[] = [];
  for (let i = 4 + 4 * ndim; i < b.length; i += size) values.push(read(dv, i));
  return { shape, values };
}

function makeIdx(r: Rand): Uint8Array {
  const code = pick(r, [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e]);
  const shape = Array.from({ length: int(r, 4) }, () => int(r, 4));
  const count = shape.reduce((p, d) => p * d, 1);
  const out = new Uint8Array(4 + 4 * shape.length + count * IDX_TYPES[code][0]);
  out.set([0, 0, code, shape.length]);
  const dv = new DataView(out.buffer);
  shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d));
  for (let i = 4 + 4 * shape.length; i < out.length; i++) out[i] = int(r, 256);
  return out;
}

test("fuzz: IDX parses as the reference decoder or refuses with a descent error", (t) => {
  fuzz(
    "IDX",
    2,
    (r) => {
      const bytes = r() < 0.1 ? makeIdx(r) : mutateBytes(r, makeIdx(r));
      const shown = `[${Array.from(bytes.subarray(0, 64))}] (${bytes.length} bytes)`;
      const got = attempt(() => parseIdx(bytes), /^idx: /, shown);
      const want = refIdx(bytes);
      return judge(got, want, shown, (ok, w) => {
        assert.deepEqual(ok.shape, w.shape, shown);
        assert.deepEqual(Array.from(ok.data, Number), w.values, shown);
      });
    },
    (s) => t.diagnostic(s),
  );
});

// ---- CSV -----------------------------------------------------------------------------------------

/** RFC 4180 records by a character state machine (LF, CRLF and lone CR end records). */
function refRecords(text: string): string[][] | null {
  const records: string[][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    if (text[i] === "\n" || text[i] === "\r") {
      i += text.startsWith("\r\n", i) ? 2 : 1;
      continue;
    }
    const fields: string[] = [];
    let field = "";
    let state: "start" | "plain" | "quoted" | "after" = "start";
    for (;;) {
      const c = i < text.length ? text[i] : null;
      if (state === "quoted") {
        if (c === null) return null;
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          state = "after";
          i++;
        } else {
          field += c;
          i++;
        }
        continue;
      }
      if (c === null || c === "," || c === "\n" || c === "\r") {
        fields.push(field);
        field = "";
        if (c === ",") {
          state = "start";
          i++;
          continue;
        }
        if (c !== null) i += text.startsWith("\r\n", i) ? 2 : 1;
        break;
      }
      if (state === "start" && c === '"') state = "quoted";
      else {
        field += c;
        if (state === "start") state = "plain";
      }
      i++;
    }
    records.push(fields);
  }
  return records;
}

const REF_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const REF_SPECIAL = new Map([
  ["nan", NaN],
  ["inf", Infinity],
  ["infinity", Infinity],
]);
function refNumber(s: string): number | null {
  const t = s.trim();
  if (REF_NUMBER.test(t)) return Number(t);
  const m = /^([+-]?)([\s\S]*)$/.exec(t.toLowerCase())!;
  const v = REF_SPECIAL.get(m[2]);
  return v === undefined ? null : m[1] === "-" ? -v : v;
}

function refCsv(
  text: string,
): { X: number[]; shape: number[]; y: number[]; classes?: string[] } | null {
  const recs = refRecords(text);
  if (!recs || recs.length === 0) return null;
  const width = recs[0].length;
  const X: number[] = [];
  const labels: string[] = [];
  for (const rec of recs.slice(1)) {
    if (rec.length !== width) return null;
    for (let c = 0; c < width - 1; c++) {
      const v = refNumber(rec[c]);
      if (v === null) return null;
      X.push(Math.fround(v));
    }
    labels.push(rec[width - 1]);
  }
  const nums = labels.map(refNumber);
  if (nums.every((v) => v !== null)) {
    const whole = nums.every((v) => Number.isInteger(v) && Math.abs(v!) <= 0x7fffffff);
    return { X, shape: [labels.length, width - 1], y: nums.map((v) => (whole ? v! : Math.fround(v!))) }; // prettier-ignore
  }
  const keys = labels.map((s) => s.trim());
  // Code point order: compare arrays of code points.
  const cps = (s: string) => Array.from(s, (ch) => ch.codePointAt(0)!);
  const classes = [...new Set(keys)].sort((a, b) => {
    const x = cps(a);
    const y = cps(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
  return { X, shape: [labels.length, width - 1], y: keys.map((k) => classes.indexOf(k)), classes };
}

const CELLS = ["1", "-2.5", ".5", "1e3", " 7 ", "nan", "-inf", "Infinity", "a", "b", "constructor", "__proto__", "😀", "～", '"q,1"', '"x""y"', ""]; // prettier-ignore
function makeCsv(r: Rand): string {
  const cols = 1 + int(r, 4);
  const rows = int(r, 5);
  const eol = () => pick(r, ["\n", "\r\n", "\r"]);
  const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(",")];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: cols }, (_, j) => (j < cols - 1 && r() < 0.9 ? String(int(r, 100) / 4) : pick(r, CELLS))); // prettier-ignore
    lines.push(row.join(","));
  }
  return lines.map((l) => l + eol()).join("");
}

test("fuzz: CSV parses as the reference decoder or refuses with a descent error", (t) => {
  const alphabet = [",", '"', "\n", "\r", "\r\n", " ", "1", ".", "e", "-", "+", "nan", "inf", "x", "\ufeff", "😀"]; // prettier-ignore
  fuzz(
    "CSV",
    3,
    (r) => {
      const text = r() < 0.1 ? makeCsv(r) : mutateText(r, makeCsv(r), alphabet);
      const shown = JSON.stringify(text);
      const got = attempt(() => parseCsv(text), /^csv: /, shown);
      const want = refCsv(text);
      return judge(got, want, shown, (ok, w) => {
        assert.deepEqual(ok.X.shape, w.shape, shown);
        const xs = Array.from(ok.X.toTypedArray(), Number);
        assert.ok(
          xs.every((v, i) => Object.is(v, w.X[i])),
          `${shown}: X ${xs} vs ${w.X}`,
        );
        assert.deepEqual(Array.from(ok.y.toTypedArray(), Number), w.y, shown);
        assert.deepEqual(ok.classes, w.classes, shown);
      });
    },
    (s) => t.diagnostic(s),
  );
});

// ---- model spec ----------------------------------------------------------------------------------

const ARITY = new Map<string, [number, number]>([
  ["linear", [2, 3]], ["sigmoid", [0, 0]], ["relu", [0, 0]], ["tanh", [0, 0]],
  ["softmax", [0, 1]], ["logsoftmax", [0, 1]], ["flatten", [0, 0]], ["identity", [0, 0]],
]); // prettier-ignore
const MAX_PARAMS = 100_000;

/** The spec grammar, independently: layer descriptions, or null when invalid. */
function refSpec(spec: string): string[] | null {
  const text = spec.replace(/\s+/g, "").toLowerCase();
  if (!text || spec.length > 10_000) return null;
  if (!/^([a-z_]+(\([^()]*\))?(,|$))+$/.test(text)) return null;
  const out: string[] = [];
  let params = 0;
  let features: number | null = null;
  for (const m of text.matchAll(/([a-z_]+)(?:\(([^()]*)\))?(?:,|$)/g)) {
    const arity = ARITY.get(m[1]);
    if (!arity) return null;
    const args = m[2] ? m[2].split(",").map((a) => (a === "" ? NaN : Number(a))) : [];
    if (!args.every(Number.isSafeInteger) || args.length < arity[0] || args.length > arity[1]) return null; // prettier-ignore
    if (m[1] === "linear") {
      const [i, o, bias] = args;
      if (i <= 0 || o <= 0) return null;
      params += i * o + (bias === 0 ? 0 : o);
      out.push(`linear(${i},${o},${bias === 0 ? 0 : 1})`);
    } else if (m[1] === "softmax" || m[1] === "logsoftmax") {
      const d = args[0] ?? 1;
      if (d < -64 || d > 63) return null;
      out.push(`${m[1]}(${d})`);
    } else out.push(m[1]);
  }
  if (params > MAX_PARAMS) return null;
  for (const l of out) {
    const m = /^linear\((\d+),(\d+)/.exec(l);
    if (!m) continue;
    if (features !== null && Number(m[1]) !== features) return null;
    features = Number(m[2]);
  }
  return out;
}

function describeLayer(m: unknown): string {
  if (m instanceof Linear) return `linear(${m.inFeatures},${m.outFeatures},${m.bias ? 1 : 0})`;
  if (m instanceof Softmax) return `softmax(${m.dim})`;
  if (m instanceof LogSoftmax) return `logsoftmax(${m.dim})`;
  return (m as object).constructor.name.toLowerCase();
}

function makeSpec(r: Rand): string {
  const layers: string[] = [];
  let f = 1 + int(r, 5);
  for (let k = 1 + int(r, 4); k > 0; k--) {
    if (r() < 0.5) {
      const o = 1 + int(r, 5);
      layers.push(`linear(${f},${o}${r() < 0.2 ? ",0" : ""})`);
      f = o;
    } else layers.push(pick(r, ["sigmoid", "ReLU", "tanh", "softmax", "logsoftmax(1)", "flatten", "identity", "constructor", "__proto__"])); // prettier-ignore
  }
  return layers.join(pick(r, [",", ", "]));
}

test("fuzz: model specs build what the reference grammar reads, or refuse with a descent error", (t) => {
  const alphabet = [",", "(", ")", " ", "0", "1", "9", "-", "e", "x", "linear", "relu", "_", "1e9", "0x10"]; // prettier-ignore
  fuzz(
    "model spec",
    4,
    (r) => {
      const spec = r() < 0.1 ? makeSpec(r) : mutateText(r, makeSpec(r), alphabet);
      const got = attempt(() => parseModelSpec(spec, { maxParameters: MAX_PARAMS }), /^model spec|^unknown/, spec); // prettier-ignore
      const want = refSpec(spec);
      return judge(got, want, spec, (ok, w) => {
        const layers = [...ok.children()].map(describeLayer);
        assert.deepEqual(layers, w, spec);
      });
    },
    (s) => t.diagnostic(s),
  );
});
