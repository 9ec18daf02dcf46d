import type { DType, TypedArray } from "../tensor/index.js";
import { Tensor, fromTypedArray } from "../tensor/index.js";
import { excerpt } from "../util/text.js";
import { fromFileBytes, writeFileBytes } from "./elements.js";

/**
 * The safetensors format (huggingface/safetensors), in memory; no file system, so it runs in the
 * browser too. A file is
 *
 *     u64 little-endian N | N bytes of JSON header, space-padded to a multiple of 8 | data
 *
 * where the header maps each tensor name to `{"dtype": "F32", "shape": [10, 4],
 * "data_offsets": [begin, end]}` (byte offsets into the data, which is little-endian and
 * row-major) and may hold `"__metadata__": {string: string}`.
 *
 * descent writes F32, F64, I32 and BOOL (each tensor in its own dtype) and also reads I64 (into
 * int32, refusing values out of range), F16 and BF16 (into float32, exactly). The checks are the
 * reference reader's: the tensors must cover the data exactly, with no gaps, overlaps or trailing
 * bytes.
 *
 * PyTorch equivalent: `safetensors.torch.save(tensors, metadata)` and `safetensors.torch.load`.
 */

export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  /** The header's `__metadata__` ({} when the file has none). */
  metadata: Record<string, string>;
}

/** A file that is not valid safetensors; the message names the source and the problem. */
export class SafetensorsError extends Error {
  constructor(
    readonly source: string,
    problem: string,
  ) {
    super(`safetensors: invalid file '${excerpt(source)}': ${problem}`);
    this.name = "SafetensorsError";
  }
}

/** The reference implementation refuses headers larger than this. */
export const MAX_HEADER_BYTES = 100_000_000;
/** The deepest nesting of `[` and `{` a header may have: serde_json's recursion limit. */
export const MAX_HEADER_DEPTH = 128;
const U64_MAX = (1n << 64n) - 1n;

/** Element sizes of the dtypes descent reads (I64 into int32; F16 and BF16 into float32). */
const ITEMSIZE: Record<string, number> = {
  F32: 4,
  F64: 8,
  I32: 4,
  BOOL: 1,
  I64: 8,
  F16: 2,
  BF16: 2,
};
/** The format's other dtypes: valid, but descent has no type to hold them. */
const OTHER_DTYPES = "U8 I8 I16 U16 U32 U64 F8_E5M2 F8_E4M3 F8_E8M0 F4 F6_E2M3 F6_E3M2 C64".split(
  " ",
);

const CODE: Record<DType, string> = { float64: "F64", float32: "F32", int32: "I32", bool: "BOOL" };
/** The reference writer sorts by its Dtype enum order, descending, then by name. */
const WRITE_RANK: Record<DType, number> = { float64: 3, float32: 2, int32: 1, bool: 0 };

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The safetensors bytes of these tensors, with optional `__metadata__` (string values).
 * Tensors are laid out as the reference writer does: by dtype (float64 first), then by name.
 * The bytes are a `Uint8Array` over a plain `ArrayBuffer`, which `Blob`, `fetch` bodies and
 * `postMessage` transfer lists accept as is.
 *
 * @example
 * const bytes = encodeSafetensors(model.stateDict(), { format: "pt" });
 * const blob = new Blob([bytes], { type: "application/octet-stream" }); // in a browser
 */
export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const op = "encodeSafetensors";
  if (typeof tensors !== "object" || tensors === null || Array.isArray(tensors)) {
    throw new TypeError(`${op}: expected an object of name -> Tensor, got ${describe(tensors)}`);
  }
  const entries = Object.entries(tensors).map(([name, t]): [string, Tensor] => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${op}: the value for '${name}' is ${describe(t)}, not a Tensor`);
    }
    if (name === "__metadata__") {
      throw new RangeError(`${op}: '__metadata__' is reserved for the metadata; rename the tensor`);
    }
    return [name, t];
  });
  entries.sort(
    ([an, a], [bn, b]) => WRITE_RANK[b.dtype] - WRITE_RANK[a.dtype] || compareCodePoints(an, bn),
  );

  const parts: string[] = [];
  if (metadata !== undefined)
    parts.push(`"__metadata__":${JSON.stringify(checkMetadata(metadata, op))}`);
  const data: TypedArray[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const d: TypedArray = t.value.data;
    const shape = t.shape;
    if (d.length !== shape.reduce((p, n) => p * n, 1)) {
      throw new RangeError(`${op}: tensor '${name}' has ${d.length} elements for shape [${shape}]`);
    }
    const info = { dtype: CODE[t.dtype], shape, data_offsets: [offset, offset + d.byteLength] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    data.push(d);
    offset += d.byteLength;
  }
  const json = utf8.encode(`{${parts.join(",")}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen); // spaces, as the reference pads
  let at = 8 + headerLen;
  for (const d of data) {
    writeFileBytes(d, out, at);
    at += d.byteLength;
  }
  return out;
}

/**
 * Reads safetensors bytes into tensors (copies: they do not share memory with `bytes`).
 * `source` names the bytes in errors (a file path, a URL).
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(new Uint8Array(await res.arrayBuffer()), url);
 */
export function decodeSafetensors(bytes: Uint8Array, source = "<bytes>"): SafetensorsFile {
  const fail = (problem: string): never => {
    throw new SafetensorsError(source, problem);
  };
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 8) {
    fail(`the file is ${bytes.length} bytes, shorter than the 8-byte header length that starts it`);
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) {
    fail(
      `header length ${n64} is over the ${MAX_HEADER_BYTES}-byte limit (is this a safetensors file?)`,
    );
  }
  const n = Number(n64);
  if (8 + n > bytes.length) {
    fail(
      `header length ${n} runs past the end of the file (${bytes.length} bytes, so at most ${bytes.length - 8})`,
    );
  }
  let text = "";
  try {
    text = utf8Strict.decode(bytes.subarray(8, 8 + n));
  } catch {
    fail("the header is not valid UTF-8");
  }
  const depth = nestingDepth(text);
  if (depth > MAX_HEADER_DEPTH) {
    fail(
      `the header nests ${depth} levels deep, more than the ${MAX_HEADER_DEPTH} the reference reader allows`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail(`the header is ${describe(header)}, not a JSON object`);
  }
  const data = bytes.subarray(8 + n);
  const metadata: Record<string, string> = {};
  const infos: { name: string; code: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (entry !== null) {
        try {
          for (const [k, v] of Object.entries(checkMetadata(entry, "__metadata__")))
            define(metadata, k, v);
        } catch (e) {
          fail((e as Error).message);
        }
      }
      continue;
    }
    const what = `tensor '${excerpt(name)}'`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail(
        `${what}: its entry is ${describe(entry)}, not an object with dtype, shape, data_offsets`,
      );
    }
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    const readable = typeof dtype === "string" && Object.hasOwn(ITEMSIZE, dtype);
    if (!readable && OTHER_DTYPES.includes(dtype as string)) {
      fail(
        `${what}: dtype ${String(dtype)} is not supported (descent reads ${Object.keys(ITEMSIZE).join(", ")})`,
      );
    }
    if (!readable) {
      fail(
        `${what}: unknown dtype ${excerpt(JSON.stringify(dtype) ?? "undefined")} (safetensors dtypes are ${[...Object.keys(ITEMSIZE), ...OTHER_DTYPES].join(", ")})`,
      );
    }
    const code = dtype as string;
    if (!Array.isArray(shape) || !shape.every(isIndex)) {
      fail(
        `${what}: shape ${excerpt(JSON.stringify(shape))} is not a list of non-negative integers`,
      );
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
      fail(
        `${what}: data_offsets ${excerpt(JSON.stringify(offsets) ?? "undefined")} is not a pair [begin, end] of non-negative integers`,
      );
    }
    const [begin, end] = offsets as number[];
    const at = `data_offsets [${begin}, ${end}]`;
    if (end < begin) fail(`${what}: ${at} end before they begin`);
    if (end > data.length) {
      fail(`${what}: ${at} run past the end of the data (${data.length} bytes after the header)`);
    }
    const dims = shape as number[];
    const shown = excerpt(`[${dims.join(",")}]`);
    // As the reference: the element count and byte size in u64, checked at every step, so
    // [2^32, 2^32, 0] overflows even though its product is 0.
    let count = 1n;
    for (const d of dims) {
      count *= BigInt(d);
      if (count > U64_MAX) fail(`${what}: shape ${shown} has more elements than a u64 counts`);
    }
    const needBig = count * BigInt(ITEMSIZE[code]);
    if (needBig > U64_MAX)
      fail(`${what}: shape ${shown} of ${code} needs more bytes than a u64 counts`);
    const need = Number(needBig);
    if (end - begin !== need) {
      fail(
        `${what}: ${at} hold ${end - begin} bytes but shape ${shown} of ${code} needs ${needBig}`,
      );
    }
    infos.push({ name, code, shape: shape as number[], begin, end });
  }
  checkCoverage(infos, data.length, fail);
  const tensors: Record<string, Tensor> = {};
  for (const { name, code, shape, begin, end } of infos) {
    const values = fromFileBytes(data.subarray(begin, end), code, (p) =>
      fail(`tensor '${excerpt(name)}': ${p}`),
    );
    define(tensors, name, fromTypedArray(values, shape));
  }
  return { tensors, metadata };
}

/**
 * The deepest nesting of arrays and objects in JSON text, by a scan that skips strings (no
 * recursion, so a header nested 20 000 deep gives an error, not a stack overflow).
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** The reference reader's rule: sorted by offsets, the tensors tile the data exactly. */
function checkCoverage(
  infos: { name: string; begin: number; end: number }[],
  dataLength: number,
  fail: (problem: string) => never,
): void {
  const sorted = [...infos].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let prev: { name: string; begin: number; end: number } | undefined;
  for (const t of sorted) {
    if (t.begin < covered && prev) {
      fail(
        `tensors '${excerpt(prev.name)}' (data_offsets [${prev.begin}, ${prev.end}]) and '${excerpt(t.name)}' ([${t.begin}, ${t.end}]) overlap`,
      );
    }
    if (t.begin > covered) {
      const after = prev
        ? `between '${excerpt(prev.name)}' and '${excerpt(t.name)}'`
        : `before '${excerpt(t.name)}'`;
      fail(
        `data bytes [${covered}, ${t.begin}) belong to no tensor (a gap ${after}); tensors must cover the data contiguously`,
      );
    }
    covered = t.end;
    prev = t;
  }
  if (covered !== dataLength) {
    fail(
      `the last ${dataLength - covered} data bytes ([${covered}, ${dataLength})) belong to no tensor; tensors must cover the data exactly`,
    );
  }
}

function checkMetadata(m: unknown, where: string): Record<string, string> {
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    throw new TypeError(`${where}: metadata must be an object of strings, got ${describe(m)}`);
  }
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== "string") {
      throw new TypeError(
        `${where}: metadata must map strings to strings; '${excerpt(k)}' is ${describe(v)}`,
      );
    }
  }
  return m as Record<string, string>;
}

function isIndex(x: unknown): boolean {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

/** Sets an own property even for names such as "__proto__" (a file may hold any name). */
function define<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Orders names by Unicode code point, as the reference's byte-wise UTF-8 comparison does. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (x instanceof Tensor) return "a Tensor";
  if (typeof x === "object") return `an object (${x.constructor?.name ?? "no prototype"})`;
  return `a ${typeof x}${typeof x === "number" || typeof x === "boolean" ? ` (${x})` : ""}`;
}
