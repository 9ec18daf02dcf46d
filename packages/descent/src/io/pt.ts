import { Tensor } from "../tensor/index.js";
import { writeFileBytes } from "./elements.js";
import { unpickle } from "./pickle_read.js";
import { pickle } from "./pickle_write.js";
import type { StorageType } from "./pt_torch.js";
import { STORAGE_OF, StorageRef, materialize, torchHooks } from "./pt_torch.js";
import type { ZipEntry } from "./zip.js";
import { readZip, writeZip, zipEntryBytes } from "./zip.js";

/**
 * PyTorch's `torch.save` files (`.pt`, `.pth`), in memory; no file system, so it runs in the
 * browser too. Two layouts are read:
 *
 * - the zip archive torch has written since 1.6: `<name>/data.pkl` (a pickle of the object whose
 *   tensors point at storages by key), `<name>/data/<key>` (each storage's raw little-endian
 *   bytes), `<name>/version`;
 * - the legacy stream (`_use_new_zipfile_serialization=False`): pickles of a magic number, the
 *   protocol version, system info, the object and its storage keys, then each storage's bytes.
 *
 * The pickle is read by a restricted unpickler that allows only tensors, storages, OrderedDict
 * and plain containers and refuses any other global by name: nothing in the file ever runs
 * (the safety of `torch.load(..., weights_only=True)`).
 */

/** A file that is not a readable `torch.save` file; the message names the problem. */
export class PtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PtError";
  }
}

/** What a `.pt` file can hold here: tensors in dicts (plain objects), lists, tuples (frozen). */
export type PtValue =
  | Tensor
  | number
  | bigint
  | string
  | boolean
  | null
  | readonly PtValue[]
  | { [key: string]: PtValue };

/** The default limit on a file's bytes and on the bytes of the tensors made from it: 2 GiB. */
export const PT_MAX_BYTES = 2 ** 31;

/** Options of `decodePt` and `loadPt`. */
export interface PtReadOptions {
  /** Refuse files, and tensor data, larger than this many bytes (default `PT_MAX_BYTES`). */
  maxBytes?: number;
  /** Names the bytes in errors (a file path, a URL). */
  source?: string;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/**
 * Reads the bytes of a `torch.save` file: a state dict becomes an object of tensors in the
 * file's key order; lists, tuples (frozen arrays), dicts, numbers, strings, booleans and None
 * (null) come back as such. float16/bfloat16 tensors become float32 and int64/int16/int8/uint8
 * become int32 (exactly; an int64 value outside int32 is an error); strided views and storages
 * shared by several tensors are read as torch reads them, into contiguous tensors. The type
 * parameter (a state dict by default) is not checked.
 *
 * PyTorch equivalent: `torch.load(io.BytesIO(data), weights_only=True)`.
 *
 * @example
 * const sd = decodePt(await (await fetch("model.pth")).arrayBuffer());
 * model.loadStateDict(sd);
 */
export function decodePt<T = Record<string, Tensor>>(
  bytes: Uint8Array | ArrayBuffer,
  opts: PtReadOptions = {},
): T {
  return decodePtAs("decodePt", bytes, opts) as T;
}

/** `decodePt` with the op that errors name (`loadPt` reads files through it). */
export function decodePtAs(
  op: string,
  input: Uint8Array | ArrayBuffer,
  opts: PtReadOptions,
): unknown {
  const source = opts.source ?? "<bytes>";
  const maxBytes = opts.maxBytes ?? PT_MAX_BYTES;
  const fail = (problem: string): never => {
    throw new PtError(`${op}: ${problem} (in '${source}')`);
  };
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(bytes instanceof Uint8Array)) {
    fail(`expected a Uint8Array or ArrayBuffer, got ${bytes === null ? "null" : typeof bytes}`);
  }
  if (bytes.length > maxBytes) {
    fail(`${bytes.length} bytes is over the ${maxBytes}-byte limit (raise it with { maxBytes })`);
  }
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
  let value: unknown;
  if (zip) value = readArchive(bytes, fail);
  else if (bytes[0] === 0x80) value = readLegacy(bytes, fail);
  else if (String.fromCharCode(...bytes.subarray(257, 262)) === "ustar") {
    fail("the tar layout of torch.save before 0.4 is not supported; re-save the file with torch");
  } else {
    const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0"));
    fail(
      `not a torch.save file: it starts with ${head.join(" ") || "nothing"}, expected a zip archive (50 4b 03 04) or a pickle (80)`,
    );
  }
  return materialize(value, fail, { bytes: maxBytes });
}

/** The zip layout: the pickle in `<dir>/data.pkl`, storage `k` in `<dir>/data/k`. */
function readArchive(bytes: Uint8Array, fail: (problem: string) => never): unknown {
  const entries = readZip(bytes, fail);
  const first = entries.keys().next().value ?? fail("the zip archive is empty");
  const dir = first.includes("/") ? first.slice(0, first.indexOf("/")) : fail(`zip entry '${first}' is not in a folder, as torch.save writes`); // prettier-ignore
  const entry = (name: string) => entries.get(`${dir}/${name}`);
  if (entry("constants.pkl")) {
    fail("this is a TorchScript archive (torch.jit.save); save model.state_dict() with torch.save");
  }
  const order = entry("byteorder");
  const little = (e: ZipEntry) => e.size === 6 && String.fromCharCode(...zipEntryBytes(bytes, e, fail)) === "little"; // prettier-ignore
  if (order && !little(order)) {
    fail("the file was written on a big-endian machine; only little-endian files are supported");
  }
  const pkl = entry("data.pkl") ?? fail(`no ${dir}/data.pkl in the zip archive`);
  const storages = new Map<string, StorageRef>();
  const storage = (key: string, type: StorageType, numel: number, at: number): StorageRef => {
    const s = shared(storages, key, type, numel, at, fail);
    if (s.bytes) return s;
    const e = entry(`data/${key}`) ?? fail(`storage '${key}' (byte ${at}) has no entry data/${key}`); // prettier-ignore
    if (e.size !== numel * type.itemsize) {
      fail(`storage '${key}' holds ${e.size} bytes; ${numel} ${type.torch} elements need ${numel * type.itemsize}`); // prettier-ignore
    }
    s.bytes = zipEntryBytes(bytes, e, fail);
    return s;
  };
  const data = zipEntryBytes(bytes, pkl, fail);
  return unpickle(data, 0, torchHooks(fail, storage, false), fail).value;
}

/** The legacy stream: five pickles, then each storage as an int64 count and its bytes. */
function readLegacy(bytes: Uint8Array, fail: (problem: string) => never): unknown {
  const storages = new Map<string, StorageRef>();
  const hooks = torchHooks(
    fail,
    (key, type, numel, at) => shared(storages, key, type, numel, at, fail),
    true,
  );
  let pos = 0;
  const next = () => {
    const r = unpickle(bytes, pos, hooks, fail);
    pos = r.end;
    return r.value;
  };
  if (next() !== LEGACY_MAGIC) fail("not a torch.save file: its first pickle is not torch's magic number"); // prettier-ignore
  const protocol = next();
  if (protocol !== 1001) fail(`legacy protocol version ${String(protocol)} is not supported (expected 1001)`); // prettier-ignore
  const info = next() as Record<string, unknown> | null;
  if (typeof info !== "object" || info?.little_endian !== true) {
    fail("the file was written on a big-endian machine; only little-endian files are supported");
  }
  const value = next();
  const keys = next();
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) {
    fail("the list of storage keys after the object is not a list of strings");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of keys as string[]) {
    const s = storages.get(key) ?? fail(`storage '${key}' is listed but no tensor uses it`);
    if (s.bytes) fail(`storage '${key}' is listed twice`);
    if (pos + 8 > bytes.length) fail(`the data of storage '${key}' is missing (truncated file)`);
    const count = view.getBigInt64(pos, true);
    const size = s.numel * s.type.itemsize;
    if (count !== BigInt(s.numel)) fail(`storage '${key}' has ${count} elements, its tensors say ${s.numel}`); // prettier-ignore
    if (pos + 8 + size > bytes.length) fail(`the data of storage '${key}' is truncated`);
    s.bytes = bytes.subarray(pos + 8, (pos += 8 + size));
  }
  return value;
}

/** One storage per key: tensors that share it get the same one (with the same dtype and size). */
function shared(
  storages: Map<string, StorageRef>,
  key: string,
  type: StorageType,
  numel: number,
  at: number,
  fail: (problem: string) => never,
): StorageRef {
  const s = storages.get(key);
  if (!s) {
    const made = new StorageRef(key, type, numel);
    storages.set(key, made);
    return made;
  }
  if (s.type !== type || s.numel !== numel) {
    fail(`storage '${key}' is used at byte ${at} as ${numel} ${type.torch}, before as ${s.numel} ${s.type.torch}`); // prettier-ignore
  }
  return s;
}

/**
 * The bytes of a `torch.save` zip file holding `value` (a state dict, or dicts, lists and tuples
 * of tensors, numbers, strings, booleans and null), which `torch.load(..., weights_only=True)`
 * reads back with the same key order, dtypes and values bit for bit. Objects are written as
 * `OrderedDict`s (as `state_dict()` returns), frozen arrays as tuples, other arrays as lists; each
 * tensor gets its own storage, in its own dtype (float32, float64, int32, bool).
 *
 * PyTorch equivalent: `torch.save(obj, buffer)` with `buffer = io.BytesIO()`.
 *
 * @example
 * const bytes = encodePt(model.stateDict());
 */
export function encodePt(value: PtValue): Uint8Array {
  return encodePtAs("encodePt", value);
}

/** `encodePt` with the op that errors name (`savePt` writes files through it). */
export function encodePtAs(op: string, value: PtValue): Uint8Array {
  const fail = (problem: string): never => {
    throw new PtError(`${op}: ${problem}`);
  };
  const files: { name: string; data: Uint8Array }[] = [];
  const pkl = pickle(
    value,
    (v, w) => {
      if (!(v instanceof Tensor)) return false;
      const data = v.toTypedArray();
      const shape = v.shape;
      const key = String(files.length);
      const bytes = new Uint8Array(data.byteLength);
      writeFileBytes(data, bytes, 0);
      files.push({ name: `archive/data/${key}`, data: bytes });
      const stride = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
      const ints = (xs: number[]) => () => xs.forEach((x) => w.int(x));
      w.global("torch._utils", "_rebuild_tensor_v2").op("(");
      w.op("(").str("storage").global("torch", STORAGE_OF[v.dtype]).str(key).str("cpu");
      w.int(data.length).op("t").op("Q"); // the persistent id, then BINPERSID
      w.int(0).tuple(shape.length, ints(shape)).tuple(shape.length, ints(stride)).op(0x89);
      w.global("collections", "OrderedDict").op(")").op("R").op("t").op("R");
      return true;
    },
    fail,
  );
  const version = { name: "archive/version", data: new TextEncoder().encode("3\n") };
  return writeZip([{ name: "archive/data.pkl", data: pkl }, ...files, version]);
}
