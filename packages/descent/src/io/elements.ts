import type { TypedArray } from "../tensor/index.js";

/**
 * Element conversions between file bytes (little-endian, packed) and descent's typed arrays.
 * Every result is a fresh, aligned copy: a Float32Array view at a byte offset that is not a
 * multiple of 4 is illegal, and tensors must not share memory with the file buffer.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `size`-byte element in place (only on big-endian hosts). */
function swapToHost(b: Uint8Array, size: number): Uint8Array {
  if (LITTLE_ENDIAN || size === 1) return b;
  for (let i = 0; i < b.length; i += size) b.subarray(i, i + size).reverse();
  return b;
}

/** A fresh copy in its own buffer (not `slice`, which for a Node Buffer is a view). */
function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

/** Writes a typed array's elements as little-endian bytes into `out` at byte `at`. */
export function writeFileBytes(data: TypedArray, out: Uint8Array, at: number): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(bytes, at);
  swapToHost(out.subarray(at, at + bytes.length), data.BYTES_PER_ELEMENT);
}

/**
 * Decodes one tensor's bytes, already checked to be a whole number of elements of `code`
 * (one of F32, F64, I32, BOOL, I64, F16, BF16). `fail` reports bad element values.
 */
export function fromFileBytes(
  bytes: Uint8Array,
  code: string,
  fail: (problem: string) => never,
): TypedArray {
  switch (code) {
    case "F32":
      return new Float32Array(swapToHost(copy(bytes), 4).buffer);
    case "F64":
      return new Float64Array(swapToHost(copy(bytes), 8).buffer);
    case "I32":
      return new Int32Array(swapToHost(copy(bytes), 4).buffer);
    case "BOOL": {
      const out = copy(bytes);
      const bad = out.findIndex((v) => v > 1);
      if (bad >= 0) fail(`BOOL element ${bad} is byte ${out[bad]}; expected 0 or 1`);
      return out;
    }
    case "I64":
      return int64ToInt32(new Int32Array(swapPairs(swapToHost(copy(bytes), 8)).buffer), fail);
    case "F16":
      return widen16(bytes, halfToFloatBits);
    case "BF16":
      return widen16(bytes, (h) => h << 16);
  }
  throw new Error(`fromFileBytes: unhandled dtype ${code}`);
}

/** After a big-endian host swapped each i64 whole, puts the low word first again. */
function swapPairs(b: Uint8Array): Uint8Array {
  if (LITTLE_ENDIAN) return b;
  for (let i = 0; i < b.length; i += 8) {
    const hi = b.slice(i, i + 4);
    b.copyWithin(i, i + 4, i + 8);
    b.set(hi, i + 4);
  }
  return b;
}

/** int64 (as [low, high] int32 words) to int32, refusing values outside int32's range. */
function int64ToInt32(words: Int32Array, fail: (problem: string) => never): Int32Array {
  const out = new Int32Array(words.length / 2);
  for (let i = 0; i < out.length; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    if (hi !== lo >> 31) {
      const v = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      fail(
        `I64 element ${i} is ${v}, outside int32's range [-2147483648, 2147483647]; descent holds integers as int32`,
      );
    }
    out[i] = lo;
  }
  return out;
}

/** 16-bit floats to float32, bit by bit (so NaN payloads, -0 and subnormals survive exactly). */
function widen16(bytes: Uint8Array, toBits: (h: number) => number): Float32Array {
  const halves = new Uint16Array(swapToHost(copy(bytes), 2).buffer);
  const out = new Float32Array(halves.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) bits[i] = toBits(halves[i]);
  return out;
}

/** IEEE half -> single precision bits; every half value is exactly representable. */
export function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0; // inf, NaN (payload kept)
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0; // 112 = 127 - 15
  if (mant === 0) return sign >>> 0; // +-0
  let e = 113; // subnormal: mant * 2^-24, normalised
  while ((mant & 0x400) === 0) {
    mant <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mant & 0x3ff) << 13)) >>> 0;
}
