import type { TypedArray } from "../tensor/index.js";
import type { Tensor } from "../tensor/index.js";
import { fromTypedArray } from "../tensor/index.js";
import { fromFileBytes } from "./elements.js";
import type { UnpickleHooks } from "./pickle_read.js";
import { excerpt } from "./zip.js";

/**
 * What a `torch.save` pickle may name, and how its tensors are rebuilt: the allow list of
 * PyTorch's `weights_only=True` unpickler cut to what state dicts use (tensors, storages,
 * OrderedDict). Tensors are first read as references (storage, offset, size, stride) and made
 * into descent tensors after the pickle, when every storage's bytes are known.
 */

/** A torch storage class: its dtype, the file dtype code `fromFileBytes` reads, its item size. */
interface StorageType {
  name: string;
  torch: string;
  code: string;
  itemsize: number;
}
const STORAGE_TYPES = new Map<string, StorageType>(
  (
    [
      ["FloatStorage", "float32", "F32", 4],
      ["DoubleStorage", "float64", "F64", 8],
      ["HalfStorage", "float16", "F16", 2],
      ["BFloat16Storage", "bfloat16", "BF16", 2],
      ["LongStorage", "int64", "I64", 8],
      ["IntStorage", "int32", "I32", 4],
      ["ShortStorage", "int16", "I16", 2],
      ["CharStorage", "int8", "I8", 1],
      ["ByteStorage", "uint8", "U8", 1],
      ["BoolStorage", "bool", "BOOL", 1],
    ] as const
  ).map(([name, torch, code, itemsize]) => [`torch.${name}`, { name, torch, code, itemsize }]),
);
const STORAGE_TYPES_SET = new Set(STORAGE_TYPES.values());
/** The storage class torch writes for each descent dtype. */
export const STORAGE_OF = {
  float32: "FloatStorage",
  float64: "DoubleStorage",
  int32: "IntStorage",
  bool: "BoolStorage",
} as const;

const CALLABLES = new Set([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_tensor",
  "torch._utils._rebuild_parameter",
  "torch.Size",
]);

/** An allowed global as a value: a name, never something that runs. */
class Global {
  constructor(readonly name: string) {}
}

/** A storage a persistent id named: its bytes come from the archive (or the legacy stream). */
export class StorageRef {
  bytes?: Uint8Array;
  values?: TypedArray;
  constructor(
    readonly key: string,
    readonly type: StorageType,
    readonly numel: number,
  ) {}
}

/** `_rebuild_tensor_v2(storage, offset, size, stride, ...)`, before its storage is read. */
class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
  ) {}
}

/** The unpickler's hooks for torch files; `storage` resolves a persistent id's key. */
export function torchHooks(
  fail: (problem: string) => never,
  storage: (key: string, type: StorageType, numel: number, at: number) => StorageRef,
  legacy: boolean,
): UnpickleHooks {
  return {
    global(module, name, at) {
      const full = `${module}.${name}`;
      if (CALLABLES.has(full)) return new Global(full);
      const type = STORAGE_TYPES.get(full);
      if (type) return type;
      if (/^torch\.\w+Storage$/.test(full)) {
        fail(`${full} at byte ${at}: complex and quantized tensors are not supported`);
      }
      return fail(
        `refused global ${excerpt(full)} at byte ${at}; only tensors, storages and plain containers are allowed`,
      );
    },
    reduce(fn, args, at, dict) {
      const name = fn instanceof Global ? fn.name : undefined;
      if (name === "collections.OrderedDict" && args.length === 0) return dict();
      if (name === "torch.Size" && args.length === 1 && Array.isArray(args[0])) return args[0];
      if (name === "torch._utils._rebuild_parameter" && args.length === 3) {
        return args[0] instanceof TensorRef ? args[0] : fail(`_rebuild_parameter at byte ${at} needs a tensor`); // prettier-ignore
      }
      const v2 = name === "torch._utils._rebuild_tensor_v2" && [6, 7].includes(args.length);
      if (v2 || (name === "torch._utils._rebuild_tensor" && args.length === 4)) {
        return rebuildTensor(args, at, fail);
      }
      return fail(
        `refused to call ${describe(fn)} with ${args.length} argument${args.length === 1 ? "" : "s"} at byte ${at} (REDUCE); only tensors, storages and plain containers are allowed`,
      );
    },
    build(obj, state, at) {
      // torch pickles a state dict's `_metadata` (module versions) as the OrderedDict's state
      if (!isDict(obj)) fail(`refused BUILD of ${describe(obj)} at byte ${at}`);
    },
    persistentLoad(pid, at) {
      const ok =
        Array.isArray(pid) &&
        pid.length === (legacy ? 6 : 5) &&
        pid[0] === "storage" &&
        STORAGE_TYPES_SET.has(pid[1] as StorageType) &&
        (typeof pid[2] === "string" || Number.isSafeInteger(pid[2])) &&
        typeof pid[3] === "string" &&
        isIndex(pid[4]);
      if (!ok) fail(`persistent id at byte ${at} is not ('storage', type, key, location, numel)`);
      if (legacy && pid[5] !== null) fail(`storage views (legacy view_metadata) are not supported`);
      return storage(String(pid[2]), pid[1] as StorageType, pid[4] as number, at);
    },
  };
}

function rebuildTensor(args: readonly unknown[], at: number, fail: (p: string) => never) {
  const [storage, offset, size, stride] = args;
  const what = `tensor rebuilt at byte ${at}`;
  if (!(storage instanceof StorageRef)) fail(`${what}: its storage is ${describe(storage)}`);
  const dims = (v: unknown) => Array.isArray(v) && v.every(isIndex);
  if (!isIndex(offset) || !dims(size) || !dims(stride) || size.length !== stride.length) {
    fail(`${what}: offset, size and stride must be non-negative integers of one rank`);
  }
  const n = (size as number[]).reduce((p, d) => p * d, 1);
  if ((size as number[]).reduce((p, d) => p * Math.max(d, 1), 1) > Number.MAX_SAFE_INTEGER) {
    fail(`${what}: size [${excerpt(String(size))}] has too many elements`);
  }
  const last = (size as number[]).reduce((p, d, i) => p + (d - 1) * (stride as number[])[i], offset as number); // prettier-ignore
  if (n > 0 && last >= storage.numel) {
    fail(
      `${what}: size [${size}], stride [${stride}] and offset ${offset} reach element ${last} of a storage of ${storage.numel}`,
    );
  }
  return new TensorRef(storage, offset as number, size as number[], stride as number[]);
}

/**
 * Replaces tensor references with descent tensors (float16/bfloat16 into float32, int64/int16/
 * int8/uint8 into int32), copying strided views into contiguous tensors. A tensor referenced
 * twice is one tensor; every storage is read once. `budget` bounds the bytes made.
 */
export function materialize(
  value: unknown,
  fail: (problem: string) => never,
  budget: { bytes: number },
): unknown {
  const made = new Map<TensorRef, Tensor>();
  const walk = (v: unknown, path: string): unknown => {
    if (v instanceof TensorRef) {
      let t = made.get(v);
      if (!t) made.set(v, (t = makeTensor(v, path, fail, budget)));
      return t;
    }
    const where = path || "the top-level object";
    if (v instanceof StorageRef) fail(`${where} is a bare storage; only tensors are supported`);
    if (v instanceof Global || STORAGE_TYPES_SET.has(v as StorageType)) {
      fail(`${where} is the global ${describe(v)}, not data`);
    }
    if (Array.isArray(v)) {
      const out = v.map((x, i) => walk(x, `${path}[${i}]`));
      return Object.isFrozen(v) ? Object.freeze(out) : out;
    }
    if (isDict(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        Object.defineProperty(out, k, {
          value: walk(x, path ? `${path}['${excerpt(k)}']` : `'${excerpt(k)}'`),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  };
  return walk(value, "");
}

function makeTensor(
  r: TensorRef,
  path: string,
  fail: (problem: string) => never,
  budget: { bytes: number },
): Tensor {
  const what = `tensor ${path || "at the top"}`;
  const s = r.storage;
  if (!s.values) {
    if (!s.bytes) fail(`${what}: the data of storage '${excerpt(s.key)}' is missing`);
    s.values = fromFileBytes(s.bytes, s.type.code, (p) => fail(`${what}: ${p}`));
  }
  const src = s.values;
  const n = r.size.reduce((p, d) => p * d, 1);
  budget.bytes -= n * src.BYTES_PER_ELEMENT;
  if (budget.bytes < 0) {
    fail(`${what} of size [${r.size}] goes over the byte limit (raise it with { maxBytes })`);
  }
  const out = new (src.constructor as new (n: number) => TypedArray)(n);
  const contiguous = r.size.every(
    (d, i) => d === 1 || r.stride[i] === r.size.slice(i + 1).reduce((p, x) => p * x, 1),
  );
  if (contiguous) out.set(src.subarray(r.offset, r.offset + n));
  else gather(src, r, out);
  return fromTypedArray(out, r.size);
}

/** Copies a strided view element by element, with an odometer over its indices. */
function gather(src: TypedArray, r: TensorRef, out: TypedArray): void {
  const rank = r.size.length;
  const index = new Array<number>(rank).fill(0);
  let at = r.offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = src[at];
    for (let d = rank - 1; d >= 0; d--) {
      at += r.stride[d];
      if (++index[d] < r.size[d]) break;
      at -= r.stride[d] * r.size[d];
      index[d] = 0;
    }
  }
}

function isIndex(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

function isDict(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

function describe(x: unknown): string {
  if (x instanceof Global) return x.name;
  if (STORAGE_TYPES_SET.has(x as StorageType)) return `torch.${(x as StorageType).name}`;
  if (x instanceof TensorRef) return "a tensor";
  if (x instanceof StorageRef) return "a storage";
  if (typeof x === "string") return `the string '${excerpt(x)}'`;
  if (Array.isArray(x)) return Object.isFrozen(x) ? "a tuple" : "a list";
  if (isDict(x)) return "a dict";
  return x === null ? "None" : `a ${typeof x}`;
}

export type { StorageType };
