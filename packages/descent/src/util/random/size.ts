/** A number of values, or a shape whose product is the number of values (numpy's `size=`). */
export type Size = number | readonly number[];

/** The number of values of a size (count or shape); validates non-negative integers. */
export function sizeOf(op: string, size: Size): number {
  const dims = typeof size === "number" ? [size] : size;
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${op}: size must be non-negative integers, got ${JSON.stringify(size)}`,
      );
    }
    n *= d;
  }
  return n;
}

/** A distribution parameter: a scalar, or a 1-D array broadcast along the last axis. */
export type Param = number | ArrayLike<number>;

/** Anything `shuffle` can permute in place: plain arrays and typed arrays. */
export interface MutableArrayLike {
  readonly length: number;
  [index: number]: unknown;
}

/** The typed arrays of numbers that the data helpers take (BigInt arrays aside). */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** Arrays that `permutation` can copy with `slice()`. */
export type SliceableArray = unknown[] | NumericTypedArray;
