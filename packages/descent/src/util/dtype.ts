import { fmtShape } from "./shape.js";
import { formatBytes } from "./text.js";

/** Element types a tensor can hold. `bool` is what comparisons return, as in PyTorch. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** The typed arrays behind the dtypes: float32, float64, int32, and bool as Uint8Array. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Checks a user-given dtype name, with an error that lists the valid ones. */
export function checkDType(dtype: unknown, where: string): DType {
  if (typeof dtype === "string" && (DTYPES as readonly string[]).includes(dtype)) {
    return dtype as DType;
  }
  throw new TypeError(
    `${where}: unknown dtype ${JSON.stringify(dtype)}; expected one of ${DTYPES.join(", ")}`,
  );
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** PyTorch's type promotion for two tensors: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * The dtype of a binary op's result, with PyTorch's rule for 0-d operands: a 0-d tensor (or a
 * number) does not widen a tensor with dims of the same kind, so float32 [3] * float64 0-d is
 * float32; a 0-d operand of a higher kind still promotes (int32 [3] + float32 0-d is float32).
 */
export function resultType(a: DType, aNdim: number, b: DType, bNdim: number): DType {
  if (aNdim === 0 && bNdim > 0 && CATEGORY[a] <= CATEGORY[b]) return b;
  if (bNdim === 0 && aNdim > 0 && CATEGORY[b] <= CATEGORY[a]) return a;
  return promoteTypes(a, b);
}

/** The dtype an op that must return floats (exp, mean, div...) gives for this input. */
export function floatTypeOf(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

/**
 * float32 arrays that the autograd engine handed back (gradients it alone held, consumed), by
 * length: a training step allocates the same sizes every time, and a fresh 40 KB typed array
 * costs ~1.6 us (V8's ArrayBuffer bookkeeping, zeroing, scavenges) against 0.25 us to zero a
 * reused one. At most RECYCLE_PER_LENGTH arrays of RECYCLE_LENGTHS lengths are kept.
 */
const recycled = new Map<number, Float32Array[]>();
const RECYCLE_MIN = 17; // shorter float32 arrays live on V8's heap, where allocation is cheap
const RECYCLE_PER_LENGTH = 4;
const RECYCLE_LENGTHS = 16;

/**
 * Hands `a` back for `allocate` to reuse: only for an array that nothing references any more.
 * The one caller is the buffer policy (src/autograd/buffers.ts, which has the proof; a lint
 * rule keeps it so). Only whole arrays are kept (see `recyclable`): other views into a buffer
 * are left alone.
 */
export function recycle(a: TypedArray): void {
  if (!recyclable(a)) return;
  let list = recycled.get(a.length);
  if (!list) {
    if (recycled.size >= RECYCLE_LENGTHS) recycled.clear();
    list = [];
    recycled.set(a.length, list);
  }
  if (list.length < RECYCLE_PER_LENGTH && !list.includes(a)) list.push(a);
}

/**
 * Whether `recycle` would keep `a`: a float32 array long enough that owns its whole buffer or is
 * exactly one slot of a slab (see `fresh32`).
 */
export function recyclable(a: TypedArray): a is Float32Array {
  if (!(a instanceof Float32Array) || a.length < RECYCLE_MIN) return false;
  const b = a.buffer;
  if (!(b instanceof ArrayBuffer)) return false;
  if (a.byteOffset === 0 && b.byteLength === a.byteLength) return true;
  return slabSlots.get(b) === a.length && a.byteOffset % a.byteLength === 0;
}

/** A zeroed array of n elements (float32: a recycled one where there is one). */
export function allocate(dtype: DType, n: number): TypedArray {
  if (n > MAX_ELEMENTS) checkAllocation("allocate", [n], dtype);
  switch (dtype) {
    case "float32": {
      const reused = n >= RECYCLE_MIN ? recycled.get(n)?.pop() : undefined;
      return reused ? reused.fill(0) : fresh32(n);
    }
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  return "bool";
}

/**
 * Fresh float32 arrays of RECYCLE_MIN floats up (to 32 K) are carved from slabs: ArrayBuffers
 * each shared by up to SLAB_SLOTS arrays of one length, at most SLAB_BYTES. A typed array with an
 * ArrayBuffer of its own costs V8 about 1 us beyond its zeroing, and its garbage collector more:
 * the forward outputs of a training step, which nothing can prove dead, are fresh every step
 * (the seed's network's four took 5.4 us a step alone, 1.7 us from slabs; its whole epoch went
 * from 45-48 to 41-43 us, the median of 200-epoch windows). A slab's memory is freed with its
 * last live array, so an array kept alive keeps at most SLAB_SLOTS times its own size (and
 * SLAB_BYTES). Each array is a whole slot, zeroed (a slab is a new ArrayBuffer); `recycle` takes
 * slots back. Such an array's `.buffer` is the slab's: descent's own code reads bytes through
 * byteOffset and byteLength, as any view needs.
 */
const SLAB_BYTES = 256 * 1024;
const SLAB_SLOTS = 16;
const SLAB_LENGTHS = 32;
const slabs = new Map<number, { buffer: ArrayBuffer; next: number; slots: number }>();
/** Each slab's slot length in floats. */
const slabSlots = new WeakMap<ArrayBuffer, number>();

function fresh32(n: number): Float32Array {
  const slots = Math.min(SLAB_SLOTS, Math.floor(SLAB_BYTES / (4 * n)));
  if (n < RECYCLE_MIN || slots < 2) return new Float32Array(n);
  let slab = slabs.get(n);
  if (!slab || slab.next === slab.slots) {
    if (!slab && slabs.size >= SLAB_LENGTHS) slabs.clear();
    slab = { buffer: new ArrayBuffer(slots * n * 4), next: 0, slots };
    slabSlots.set(slab.buffer, n);
    slabs.set(n, slab);
  }
  return new Float32Array(slab.buffer, slab.next++ * n * 4, n);
}

/** Bytes per element of each dtype. */
export const ITEM_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  int32: 4,
  bool: 1,
};

/**
 * The most elements descent gives one tensor: the longest typed array V8 makes (2^32 elements,
 * 16 GB of float32). Bigger requests fail before anything is allocated (`checkAllocation`).
 */
export const MAX_ELEMENTS = 2 ** 32;

/**
 * Checks that a tensor of `shape` and `dtype` can be allocated, before allocating: every creation
 * path calls it, so a huge request says what it asked for instead of V8's
 * `Invalid typed array length`:
 * `zeros: [1000000, 1000000] float32 needs 4.0 TB, more than descent allows (a tensor holds at most 4294967296 elements, 17.2 GB of float32)`.
 * PyTorch: `RuntimeError: ... can't allocate memory: you tried to allocate 4000000000000 bytes`.
 */
export function checkAllocation(op: string, shape: readonly number[], dtype: DType): number {
  let fast = 1;
  for (const d of shape) fast *= d;
  if (fast >= 0 && fast <= MAX_ELEMENTS) return fast; // exact: a product this small has no rounding
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(
      `${op}: invalid size ${fmtShape(shape)}; sizes must be non-negative integers`,
    );
  }
  let n = 1n;
  for (const d of shape) n *= BigInt(d);
  const size = ITEM_BYTES[dtype];
  const shown = fmtShape(shape);
  throw new RangeError(
    `${op}: ${shown} ${dtype} needs ${formatBytes(n * BigInt(size))}, more than descent allows ` +
      `(a tensor holds at most ${MAX_ELEMENTS} elements, ${formatBytes(MAX_ELEMENTS * size)} of ${dtype})`,
  );
}
