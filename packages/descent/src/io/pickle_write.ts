/**
 * A small protocol-2 pickle writer using only the opcodes PyTorch 1.13's `weights_only=True`
 * unpickler reads (plus BINFLOAT for non-integer numbers, which torch 2 reads). JS values map
 * to Python as the reader maps them back: null -> None, boolean -> bool, an integer number or
 * bigint -> int, another number -> float, string -> str, frozen array -> tuple, array -> list,
 * plain object -> `collections.OrderedDict` (as a state dict is). Anything else goes to the
 * caller's `other` hook (tensors, for torch files).
 */

const utf8 = new TextEncoder();

/** Bytes of a pickle, with the emitters the writer and its hooks use. */
export class PickleWriter {
  private buf = new Uint8Array(1024);
  private len = 0;
  private readonly memo = new Map<string, number>();

  /** Appends raw bytes. */
  raw(bytes: ArrayLike<number>): this {
    if (this.len + bytes.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** An opcode given as its character ("(" MARK, "t" TUPLE, "R" REDUCE, ...) or byte. */
  op(code: string | number): this {
    return this.raw([typeof code === "string" ? code.charCodeAt(0) : code]);
  }

  /** `GLOBAL module name`, memoized: later uses are a BINGET. */
  global(module: string, name: string): this {
    const key = `${module}\n${name}\n`;
    const slot = this.memo.get(key);
    if (slot !== undefined) return this.memoOp(slot, 0x68, 0x6a); // BINGET, LONG_BINGET
    this.op("c").raw(utf8.encode(key));
    this.memo.set(key, this.memo.size);
    return this.memoOp(this.memo.size - 1, 0x71, 0x72); // BINPUT, LONG_BINPUT
  }

  private memoOp(slot: number, short: number, long: number): this {
    if (slot < 256) return this.raw([short, slot]);
    return this.raw([long, slot & 0xff, (slot >>> 8) & 0xff, (slot >>> 16) & 0xff, slot >>> 24]);
  }

  /** `BINUNICODE`: a UTF-8 string with its 4-byte length. */
  str(s: string): this {
    const b = utf8.encode(s);
    return this.op("X").raw(u32(b.length)).raw(b);
  }

  /** The shortest of BININT1, BININT2, BININT and LONG1. */
  int(v: number | bigint): this {
    const n = typeof v === "bigint" ? v : BigInt(v);
    if (n >= 0n && n < 256n) return this.raw([0x4b, Number(n)]);
    if (n >= 0n && n < 65536n) return this.raw([0x4d, Number(n) & 0xff, Number(n) >> 8]);
    if (n >= -(2n ** 31n) && n < 2n ** 31n) return this.op("J").raw(u32(Number(n)));
    const bytes: number[] = [];
    let x = n;
    do {
      bytes.push(Number(x & 0xffn));
      x >>= 8n;
    } while (!((x === 0n && !(bytes[bytes.length - 1] & 0x80)) || (x === -1n && bytes[bytes.length - 1] & 0x80))); // prettier-ignore
    if (bytes.length > 255) throw new RangeError(`pickle: integer ${n} is too large`);
    return this.raw([0x8a, bytes.length, ...bytes]);
  }

  /** `BINFLOAT`: a big-endian double (torch 1.13's `weights_only` reader lacks it; torch 2 reads it). */
  float(x: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, false);
    return this.op("G").raw(b);
  }

  /** A tuple of what `items` writes, with TUPLE1/2/3 for short ones as Python does. */
  tuple(n: number, items: () => void): this {
    if (n === 0) return this.op(")");
    if (n > 3) this.op("(");
    items();
    return this.op(n > 3 ? "t" : 0x84 + n);
  }

  /** The pickle so far, as a copy. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Containers nested deeper than this are refused (as the reader refuses them). */
const MAX_DEPTH = 100;

/**
 * A complete pickle (PROTO 2 ... STOP) of `value`. `other(v, w)` writes a value the writer does
 * not know and returns true, or returns false to have it refused; `fail` throws.
 */
export function pickle(
  value: unknown,
  other: (v: unknown, w: PickleWriter) => boolean,
  fail: (problem: string) => never,
): Uint8Array {
  const w = new PickleWriter().raw([0x80, 2]);
  const open = new Set<object>();
  const write = (v: unknown, path: string, depth: number): void => {
    if (v === null) w.op("N");
    else if (typeof v === "boolean") w.op(v ? 0x88 : 0x89);
    else if (typeof v === "bigint") w.int(v);
    else if (typeof v === "number") {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) w.int(v);
      else w.float(v);
    } else if (typeof v === "string") w.str(v);
    else if (other(v, w)) return;
    else if (typeof v === "object") {
      if (depth >= MAX_DEPTH) fail(`${path || "the value"} nests deeper than ${MAX_DEPTH} levels`);
      if (open.has(v)) fail(`${path || "the value"} contains itself`);
      open.add(v);
      if (Array.isArray(v)) {
        const item = (x: unknown, i: number) => write(x, `${path}[${i}]`, depth + 1);
        if (Object.isFrozen(v)) w.tuple(v.length, () => v.forEach(item));
        else {
          w.op("]");
          v.forEach((x, i) => (item(x, i), w.op("a"))); // APPEND each
        }
      } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
        w.global("collections", "OrderedDict").op(")").op("R");
        for (const [k, x] of Object.entries(v)) {
          w.str(k);
          write(x, path ? `${path}['${k}']` : `'${k}'`, depth + 1);
          w.op("s");
        }
      } else fail(`${path || "the value"} is ${v.constructor?.name ?? "an object"}, which .pt files cannot hold`); // prettier-ignore
      open.delete(v);
    } else fail(`${path || "the value"} is ${typeof v === "undefined" ? "undefined" : `a ${typeof v}`}, which .pt files cannot hold`); // prettier-ignore
  };
  write(value, "", 0);
  return w.op(".").bytes();
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
