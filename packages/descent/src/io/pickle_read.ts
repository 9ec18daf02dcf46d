/**
 * A restricted reader for Python pickles (protocols 0-2 and the framing of 4), enough for what
 * `torch.save` writes. It never calls anything on its own: every global (`GLOBAL`,
 * `STACK_GLOBAL`), every call (`REDUCE`), every `BUILD` and every persistent id goes to the
 * caller's hooks, which allow a short list of names and refuse the rest. Opcodes that can only
 * serve to build arbitrary objects (`INST`, `OBJ`, `NEWOBJ`, `EXT*`) are refused outright.
 *
 * Python objects become JS values: None -> null, bool -> boolean, int -> number (a bigint
 * beyond 2^53), float -> number, str -> string, list -> array, tuple -> frozen array, dict ->
 * plain object (int keys as strings). The reader is iterative (no recursion), every read is
 * checked against the end of the bytes, and the result is acyclic with a bounded depth: a
 * container cannot be changed once it is inside another one, nor hold itself.
 */

/** The hooks that decide what a pickle may name and call; each throws to refuse. */
export interface UnpickleHooks {
  /** What `module.name` stands for. */
  global(module: string, name: string, at: number): unknown;
  /** Calls `fn` (a value `global` returned) on `args`; `dict()` makes an empty dict. */
  reduce(fn: unknown, args: readonly unknown[], at: number, dict: () => object): unknown;
  /** `BUILD`: sets `state` on `obj` (an object `reduce` made). */
  build(obj: unknown, state: unknown, at: number): void;
  /** `BINPERSID`: the object a persistent id names. */
  persistentLoad(pid: unknown, at: number): unknown;
}

/** Containers nested deeper than this are refused (no real checkpoint comes close). */
export const MAX_PICKLE_DEPTH = 100;
/** At most this many containers per pickle (about 10 per tensor in a state dict). */
export const MAX_PICKLE_CONTAINERS = 1 << 22;

interface Info {
  kind: "list" | "tuple" | "dict";
  depth: number;
  sealed: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/**
 * Reads one pickle from `bytes` at `start`; returns its value and the byte after its STOP.
 * Offsets in messages count from the start of `bytes`. `fail` throws the caller's error.
 */
export function unpickle(
  bytes: Uint8Array,
  start: number,
  hooks: UnpickleHooks,
  fail: (problem: string) => never,
  maxDepth = MAX_PICKLE_DEPTH,
): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const info = new Map<object, Info>(); // not a WeakMap: ephemerons make the GC slow
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = start;
  let at = start;

  const need = (n: number): number => {
    if (n > bytes.length - pos) {
      fail(`the pickle is truncated: opcode at byte ${at} needs ${n} more bytes`);
    }
    const p = pos;
    pos += n;
    return p;
  };
  const pop = (): unknown => {
    if (stack.length === 0 || stack.length === (marks.at(-1) ?? -1)) {
      fail(`pickle opcode at byte ${at} pops an empty stack`);
    }
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail(`pickle opcode at byte ${at} reads an empty stack`);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail(`pickle opcode at byte ${at} has no MARK before it`);
    return stack.splice(m);
  };
  const depthOf = (v: unknown): number =>
    typeof v === "object" && v !== null ? (info.get(v)?.depth ?? 0) : 0;
  const make = <T extends object>(obj: T, kind: Info["kind"], items: unknown[] = []): T => {
    if (info.size >= MAX_PICKLE_CONTAINERS) {
      fail(`the pickle makes more than ${MAX_PICKLE_CONTAINERS} lists, dicts and tuples`);
    }
    const i: Info = { kind, depth: 1, sealed: kind === "tuple" };
    for (const item of items) seal(item, obj, i);
    info.set(obj, i);
    return obj;
  };
  /** Puts `child` into `parent` (whose info is `p`): the child can no longer change. */
  const seal = (child: unknown, parent: object, p: Info): void => {
    if (child === parent) fail(`pickle at byte ${at} puts a container inside itself`);
    const c = typeof child === "object" && child !== null ? info.get(child) : undefined;
    if (c) c.sealed = true;
    p.depth = Math.max(p.depth, depthOf(child) + 1);
    if (p.depth > maxDepth) {
      fail(`containers nest deeper than ${maxDepth} levels at byte ${at}`);
    }
  };
  const mutable = (obj: unknown, kind: Info["kind"]): [object, Info] => {
    const i = typeof obj === "object" && obj !== null ? info.get(obj) : undefined;
    if (!i || i.kind !== kind) fail(`pickle opcode at byte ${at} expects a ${kind} on the stack`);
    if (i.sealed) fail(`pickle at byte ${at} changes a ${kind} after it was used`);
    return [obj as object, i];
  };
  const setItems = (dict: unknown, items: unknown[]): void => {
    const [d, i] = mutable(dict, "dict");
    if (items.length % 2) fail(`SETITEMS at byte ${at} has an odd number of items`);
    for (let k = 0; k < items.length; k += 2) {
      const key = items[k];
      if (typeof key !== "string" && typeof key !== "number" && typeof key !== "bigint") {
        fail(`dict key at byte ${at} is ${typeof key}; only str and int keys are supported`);
      }
      seal(items[k + 1], d, i);
      Object.defineProperty(d, String(key), {
        value: items[k + 1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  };
  const appendItems = (list: unknown, items: unknown[]): void => {
    const [l, i] = mutable(list, "list");
    for (const item of items) {
      seal(item, l, i);
      (l as unknown[]).push(item);
    }
  };
  const tuple = (items: unknown[]) => make(Object.freeze(items), "tuple", items);
  const text = (n: number): string => {
    const p = need(n);
    try {
      return utf8.decode(bytes.subarray(p, p + n));
    } catch {
      return fail(`string at byte ${at} is not valid UTF-8`);
    }
  };
  const line = (): string => {
    const nl = bytes.indexOf(10, pos);
    if (nl < 0 || nl - pos > 1000) fail(`pickle line at byte ${at} is unterminated`);
    return latin1.decode(bytes.subarray(pos, (pos = nl + 1) - 1));
  };
  const int = (v: bigint): number | bigint =>
    v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  const memoKey = (n: number): number => {
    const p = need(n);
    return n === 1 ? bytes[p] : view.getUint32(p, true);
  };

  for (;;) {
    at = pos;
    const op = bytes[need(1)];
    switch (op) {
      case 0x80: // PROTO
        if (bytes[need(1)] > 5) fail(`pickle protocol ${bytes[pos - 1]} is unknown`);
        break;
      case 0x95: // FRAME (advisory length)
        need(8);
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x4b: // BININT1
        stack.push(bytes[need(1)]);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x8a: {
        // LONG1: n bytes, little-endian two's complement
        const n = bytes[need(1)];
        const p = need(n);
        let v = 0n;
        for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[p + k]);
        if (n > 0 && bytes[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(int(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(view.getUint32(need(4), true)));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(bytes[need(1)]));
        break;
      case 0x55: {
        // SHORT_BINSTRING (a Python 2 str), read as latin-1
        const n = bytes[need(1)];
        const p = need(n);
        stack.push(latin1.decode(bytes.subarray(p, p + n)));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push(make([], "list"));
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(make({}, "dict"));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(tuple(popMark()));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const items = Array.from({ length: op - 0x84 }, pop).reverse();
        stack.push(tuple(items));
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        appendItems(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x63: {
        // GLOBAL module\nname\n
        const module = line();
        stack.push(hooks.global(module, line(), at));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") {
          fail(`STACK_GLOBAL at byte ${at} needs two strings`);
        }
        stack.push(hooks.global(module, name, at));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        if (!Array.isArray(args) || info.get(args)?.kind !== "tuple") {
          fail(`REDUCE at byte ${at} needs a tuple of arguments`);
        }
        const fn = pop();
        stack.push(hooks.reduce(fn, args, at, () => make({}, "dict")));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (typeof state === "object" && state !== null) {
          const s = info.get(state);
          if (s) s.sealed = true;
        }
        hooks.build(obj, state, at);
        break;
      }
      case 0x51: // BINPERSID
        stack.push(hooks.persistentLoad(pop(), at));
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k = memoKey(op === 0x68 ? 1 : 4);
        if (!memo.has(k)) fail(`pickle at byte ${at} reads memo ${k}, which was never stored`);
        stack.push(memo.get(k));
        break;
      }
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
        memo.set(memoKey(op === 0x71 ? 1 : 4), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x69: // INST module\nname\n: builds an instance of any class
        fail(`refused global ${line()}.${line()} at byte ${at} (INST)`);
        break;
      default:
        fail(
          `pickle opcode 0x${op.toString(16).padStart(2, "0")}${op >= 0x20 && op < 0x7f ? ` ('${String.fromCharCode(op)}')` : ""} at byte ${at} is not supported`,
        );
    }
  }
}
