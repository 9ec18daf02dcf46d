import type { Tensor } from "../tensor/index.js";
import { fromTypedArray } from "../tensor/index.js";
import type { DType } from "../util/dtype.js";
import { allocate, checkDType } from "../util/dtype.js";
import { fmtShape } from "../util/shape.js";

/** The element types of the IDX format, by their names in its description. */
export type IdxType = "ubyte" | "byte" | "short" | "int" | "float" | "double";

/** What `parseIdx` returns: the array's element type, shape, and values in C (row-major) order. */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: "ubyte", bytes: 1 },
  0x09: { type: "byte", bytes: 1 },
  0x0b: { type: "short", bytes: 2 },
  0x0c: { type: "int", bytes: 4 },
  0x0d: { type: "float", bytes: 4 },
  0x0e: { type: "double", bytes: 8 },
};

const U64_MAX = (1n << 64n) - 1n;

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Parses the IDX format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte` and friends).
 * Pure: bytes in, array out (see `loadIdx` in io for files, gzipped or not).
 *
 * Layout: a 4-byte magic number — two zero bytes, a type code (0x08 unsigned byte, 0x09 signed
 * byte, 0x0B 16-bit int, 0x0C 32-bit int, 0x0D float32, 0x0E float64) and the number of
 * dimensions — then one big-endian uint32 per dimension, then the values, big-endian, in C order.
 * The data must fill the file exactly; truncated data, extra bytes, a bad magic number or an
 * unknown type code are errors that say which.
 *
 * ```ts
 * const images = parseIdx(bytes);   // { type: "ubyte", shape: [60000, 28, 28], data: Uint8Array }
 * ```
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`idx: expected a Uint8Array of bytes, got ${describe(bytes)}`);
  }
  if (bytes.length < 4) {
    throw new RangeError(
      `idx: truncated header: the magic number needs 4 bytes, got ${bytes.length}`,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
    throw new RangeError(
      `idx: bad magic number ${[0, 1, 2, 3].map((i) => hex(bytes[i]).slice(2)).join(" ")}: an IDX file starts with two zero bytes` +
        (gz ? " (these bytes are gzip data: decompress them first, or use loadIdx)" : ""),
    );
  }
  const spec = TYPES[bytes[2]];
  if (!spec) {
    throw new RangeError(
      `idx: unknown type code ${hex(bytes[2])} in the magic number; expected 0x08 (ubyte), 0x09 (byte), 0x0b (short), 0x0c (int), 0x0d (float) or 0x0e (double)`,
    );
  }
  const ndim = bytes[3];
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new RangeError(
      `idx: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  // Sizes in exact integers: 40 dimensions of 2^32 - 1 and a 0 hold 0 values, not NaN.
  const shown = fmtShape(shape);
  let countBig = 1n;
  for (const d of shape) {
    countBig *= BigInt(d);
    if (countBig > U64_MAX) {
      throw new RangeError(`idx: shape ${shown} has more elements than a 64-bit count holds`);
    }
  }
  const needBig = countBig * BigInt(spec.bytes);
  const have = bytes.length - headerBytes;
  if (BigInt(have) < needBig) {
    throw new RangeError(
      `idx: truncated data: shape ${shown} of ${spec.type} needs ${needBig} bytes after the ${headerBytes}-byte header, got ${have}`,
    );
  }
  const need = Number(needBig);
  const count = Number(countBig);
  if (have > need) {
    throw new RangeError(
      `idx: ${have - need} unexpected bytes after the data: shape ${shown} of ${spec.type} needs ${need} bytes after the ${headerBytes}-byte header, the file has ${have}`,
    );
  }
  return { type: spec.type, shape, data: readValues(view, headerBytes, count, spec.type) };
}

function readValues(view: DataView, at: number, n: number, type: IdxType): IdxArray["data"] {
  const src = new Uint8Array(view.buffer, view.byteOffset + at, n * TYPES_BY_NAME[type]);
  switch (type) {
    case "ubyte":
      return src.slice();
    case "byte":
      return new Int8Array(src.slice().buffer);
    case "short": {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(at + 2 * i, false);
      return out;
    }
    case "int": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(at + 4 * i, false);
      return out;
    }
    case "float": {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + 4 * i, false);
      return out;
    }
    case "double": {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(at + 8 * i, false);
      return out;
    }
  }
}

const TYPES_BY_NAME: Record<IdxType, number> = {
  ubyte: 1,
  byte: 1,
  short: 2,
  int: 4,
  float: 4,
  double: 8,
};

/**
 * Encodes an array in the IDX format (the inverse of `parseIdx`), for tests and for exporting
 * data to tools that read MNIST-style files.
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const code = Number(Object.keys(TYPES).find((k) => TYPES[Number(k)].type === array.type));
  if (!code) throw new RangeError(`idx: unknown type ${JSON.stringify(array.type)}`);
  const n = array.shape.reduce((a, b) => a * b, 1);
  if (n !== array.data.length) {
    throw new RangeError(
      `idx: shape ${fmtShape(array.shape)} needs ${n} values, the data has ${array.data.length}`,
    );
  }
  const size = TYPES_BY_NAME[array.type];
  const header = 4 + 4 * array.shape.length;
  const out = new Uint8Array(header + n * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.shape.length;
  array.shape.forEach((s, d) => view.setUint32(4 + 4 * d, s, false));
  for (let i = 0; i < n; i++) {
    const v = array.data[i];
    const at = header + i * size;
    if (array.type === "ubyte") view.setUint8(at, v);
    else if (array.type === "byte") view.setInt8(at, v);
    else if (array.type === "short") view.setInt16(at, v, false);
    else if (array.type === "int") view.setInt32(at, v, false);
    else if (array.type === "float") view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

/**
 * A tensor of an IDX array's values and shape. `dtype` defaults to int32 for the integer types,
 * float32 for float and float64 for double. For images, `{ dtype: "float32", scale: 1 / 255 }`
 * gives values in [0, 1], like torchvision's `ToTensor`.
 */
export function idxToTensor(
  array: IdxArray,
  options: { dtype?: DType; scale?: number } = {},
): Tensor {
  const fallback: DType =
    array.type === "float" ? "float32" : array.type === "double" ? "float64" : "int32";
  const dtype = options.dtype === undefined ? fallback : checkDType(options.dtype, "idxToTensor");
  const out = allocate(dtype, array.data.length);
  const scale = options.scale ?? 1;
  if (scale === 1) out.set(array.data);
  else for (let i = 0; i < out.length; i++) out[i] = array.data[i] * scale;
  return fromTypedArray(out, array.shape);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  return typeof v;
}
