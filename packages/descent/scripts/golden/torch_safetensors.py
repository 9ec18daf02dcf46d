"""safetensors interop fixtures for descent, written and checked by PyTorch.

The `safetensors` Python package is not needed: the format is small enough to write and read here
with struct/json, following the reference implementation (huggingface/safetensors, src/tensor.rs):

  8-byte little-endian u64 N | N bytes of JSON header, space-padded to a multiple of 8 | data

The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into
the data that follows the header) and may hold "__metadata__": {str: str}. The reference writer
sorts tensors by dtype (descending, in its Dtype enum order) and then by name, so that wider
elements come first and every tensor is aligned; its reader requires the tensors to cover the data
exactly: no gaps, no overlaps, no trailing bytes.

Usage (with the system Python that has torch 1.13):

  /usr/bin/python3 scripts/golden/torch_safetensors.py
      writes test/fixtures/safetensors/torch_state_dict.safetensors, the same tensors whose dtypes
      descent holds (F64, F32, I32, BOOL) as torch_native_dtypes.safetensors (descent's writer must
      reproduce it byte for byte), and torch_state_dict.json: every tensor's file dtype, shape, raw bytes (hex), the dtype descent
      holds it in and those bytes (hex, F16/BF16 -> float32 and I64 -> int32 as torch converts
      them), readable values, and a LinearNet forward pass (input, output) in float32.

  /usr/bin/python3 scripts/golden/torch_safetensors.py verify FILE [--partial]
      reads FILE (written by descent) with the reference reader's checks, plus the writer's
      conventions (padded header, sorted data), and compares every tensor bit for bit against
      the JSON side file; if it holds the LinearNet keys, loads them into a torch LinearNet
      (strict) and checks the forward pass. Without --partial the file must hold every tensor of
      the side file and the same metadata. Exits 1 with the reason on any difference.
"""
import json
import math
import os
import struct
import sys

import torch

from seed_models import LinearNet  # the seed's model (examples/seed_mlp.ts)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "test", "fixtures", "safetensors")
FIXTURE = os.path.join(FIXTURES, "torch_state_dict.safetensors")
SIDE = os.path.join(FIXTURES, "torch_state_dict.json")
# The tensors whose dtype descent holds natively, laid out as the reference writer does: descent's
# writer must give these exact bytes back.
NATIVE = os.path.join(FIXTURES, "torch_native_dtypes.safetensors")

MAX_HEADER_SIZE = 100_000_000
# The reference's Dtype enum, in declaration order (it derives Ord from it).
ENUM_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
              "F32", "F64", "I64", "U64"]
TORCH_OF = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16,
            "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool}
CODE_OF = {v: k for k, v in TORCH_OF.items()}
ITEMSIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "BOOL": 1}
# What descent holds each file dtype in (it has float32, float64, int32 and bool).
DESCENT_OF = {"F64": "float64", "F32": "float32", "F16": "float32", "BF16": "float32",
              "I64": "int32", "I32": "int32", "BOOL": "bool"}
TORCH_OF_DESCENT = {"float64": torch.float64, "float32": torch.float32, "int32": torch.int32,
                    "bool": torch.bool}

assert sys.byteorder == "little", "this script writes native-order bytes; run it on little-endian"


MODEL_KEYS = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16; same bits as int16
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def from_bytes(buf, code, shape):
    dtype = TORCH_OF[code]
    if len(buf) == 0:
        return torch.empty(shape, dtype=dtype)
    return torch.frombuffer(bytearray(buf), dtype=dtype).reshape(shape)


def encode(tensors, metadata=None):
    """Writes the format as the reference serializer does."""
    items = sorted(tensors.items(), key=lambda kv: kv[0])
    items.sort(key=lambda kv: ENUM_ORDER.index(CODE_OF[kv[1].dtype]), reverse=True)  # stable
    header, chunks, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": CODE_OF[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(chunks)


def fail(msg):
    print(f"torch_safetensors verify: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def decode(buf, source):
    """Reads the format with the reference reader's checks; returns (header, tensors, metadata)."""
    if len(buf) < 8:
        fail(f"{source}: {len(buf)} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", buf[:8])
    if n > MAX_HEADER_SIZE:
        fail(f"{source}: header length {n} is over the limit")
    if 8 + n > len(buf):
        fail(f"{source}: header length {n} runs past the end of the file ({len(buf)} bytes)")
    try:
        header = json.loads(buf[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        fail(f"{source}: header is not valid UTF-8 JSON: {e}")
    if not isinstance(header, dict):
        fail(f"{source}: header is not a JSON object")
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not (isinstance(metadata, dict) and
                                     all(isinstance(v, str) for v in metadata.values())):
        fail(f"{source}: __metadata__ is not a map of strings to strings")
    infos = []
    for name, info in header.items():
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            fail(f"{source}: tensor {name!r}: entry must have exactly dtype, shape, data_offsets")
        if info["dtype"] not in TORCH_OF:
            fail(f"{source}: tensor {name!r}: dtype {info['dtype']!r} not expected here")
        shape, offs = info["shape"], info["data_offsets"]
        if not (isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)):
            fail(f"{source}: tensor {name!r}: bad shape {shape!r}")
        if not (isinstance(offs, list) and len(offs) == 2 and all(type(o) is int for o in offs)):
            fail(f"{source}: tensor {name!r}: bad data_offsets {offs!r}")
        infos.append((offs[0], offs[1], name, info))
    infos.sort(key=lambda x: (x[0], x[1]))
    data = buf[8 + n:]
    start, tensors, order = 0, {}, []
    for begin, end, name, info in infos:
        if begin != start or end < begin:
            fail(f"{source}: tensor {name!r}: data_offsets {[begin, end]} leave a gap or overlap "
                 f"(expected to begin at {start})")
        nbytes = math.prod(info["shape"]) * ITEMSIZE[info["dtype"]]
        if end - begin != nbytes:
            fail(f"{source}: tensor {name!r}: {end - begin} bytes for shape {info['shape']} "
                 f"{info['dtype']} ({nbytes} expected)")
        tensors[name] = from_bytes(data[begin:end], info["dtype"], info["shape"])
        order.append((name, info["dtype"]))
        start = end
    if start != len(data):
        fail(f"{source}: tensors cover {start} data bytes, the file has {len(data)}")
    return n, order, tensors, metadata


def jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def describe(t):
    code = CODE_OF[t.dtype]
    d = TORCH_OF_DESCENT[DESCENT_OF[code]]
    as_descent = t.to(d)
    if code == "I64":
        lo, hi = -2**31, 2**31 - 1
        assert t.numel() == 0 or (t.min() >= lo and t.max() <= hi), "I64 fixture out of int32 range"
    wide = torch.float64 if t.is_floating_point() else (torch.int64 if d != torch.bool else None)
    values = (t.flatten().tolist() if wide is None else t.to(wide).flatten().tolist())
    return {"dtype": code, "shape": list(t.shape), "file_hex": raw_bytes(t).hex(),
            "descent_dtype": DESCENT_OF[code], "descent_hex": raw_bytes(as_descent).hex(),
            "values": [jsonable(v) for v in values]}


def write_fixture():
    torch.manual_seed(0)
    model = LinearNet()
    tensors = dict(model.state_dict())
    f16 = torch.tensor([1.5, -0.0, 6.103515625e-05, 5.960464477539063e-08, 65504.0, -2.0,
                        float("inf"), float("nan")], dtype=torch.float16)
    bf16 = torch.tensor([[1.0, -3.140625], [1.0e38, 1.0e-40]]).to(torch.bfloat16)
    tensors.update({
        "extra.f64": torch.tensor([[1 / 3, -0.0, 1e-300], [5e-324, 1.7976931348623157e308, -2.5]],
                                  dtype=torch.float64),
        "extra.i32": torch.tensor([-2**31, -1, 0, 7, 2**31 - 1], dtype=torch.int32),
        "extra.i64": torch.tensor([[-2**31, 0], [42, 2**31 - 1]], dtype=torch.int64),
        "extra.bool": torch.tensor([True, False, True]),
        "extra.f16": f16,
        "extra.bf16": bf16,
        "extra.f32_special": torch.tensor([-0.0, 1.401298464324817e-45, 3.4028234663852886e38,
                                           float("-inf")], dtype=torch.float32),
        "extra.scalar": torch.tensor(3.25, dtype=torch.float32),
        "extra.empty": torch.empty((0, 3), dtype=torch.float32),
    })
    metadata = {"format": "pt", "written_by": f"torch {torch.__version__}"}
    x = torch.tensor([[0.5, -1.0, 2.0, 0.25], [0.0, 0.0, 0.0, 0.0], [-3.0, 1.5, -0.75, 4.0]])
    with torch.no_grad():
        y = model(x)
    os.makedirs(FIXTURES, exist_ok=True)
    with open(FIXTURE, "wb") as f:
        f.write(encode(tensors, metadata))
    side = {"about": "written by scripts/golden/torch_safetensors.py; see its docstring",
            "metadata": metadata,
            "tensors": {k: describe(v) for k, v in sorted(tensors.items())},
            "forward": {"input": x.tolist(), "input_hex": raw_bytes(x).hex(),
                        "output": y.tolist(), "output_hex": raw_bytes(y).hex()}}
    with open(NATIVE, "wb") as f:
        native = {k: v for k, v in tensors.items() if CODE_OF[v.dtype] in ("F64", "F32", "I32", "BOOL")}
        f.write(encode(native, metadata))
    with open(SIDE, "w") as f:
        json.dump(side, f, indent=1)
        f.write("\n")
    print("wrote", *(os.path.relpath(p) for p in (FIXTURE, NATIVE, SIDE)))


def verify(path, partial):
    with open(SIDE) as f:
        side = json.load(f)
    with open(path, "rb") as f:
        buf = f.read()
    n, order, tensors, metadata = decode(buf, path)
    if n % 8 != 0:
        fail(f"{path}: header length {n} is not a multiple of 8 (the reference pads it)")
    ranks = [(-ENUM_ORDER.index(code), name) for name, code in order]
    if ranks != sorted(ranks):
        fail(f"{path}: data is not in the reference order (dtype descending, then name): "
             f"{[name for name, _ in order]}")
    expected = side["tensors"]
    for name, t in tensors.items():
        if name not in expected:
            fail(f"{path}: unexpected tensor {name!r}")
        e = expected[name]
        if CODE_OF[t.dtype] != CODE_OF[TORCH_OF_DESCENT[e["descent_dtype"]]]:
            fail(f"{path}: tensor {name!r} is {CODE_OF[t.dtype]}, expected {e['descent_dtype']}")
        if list(t.shape) != e["shape"]:
            fail(f"{path}: tensor {name!r} has shape {list(t.shape)}, expected {e['shape']}")
        if raw_bytes(t).hex() != e["descent_hex"]:
            fail(f"{path}: tensor {name!r} differs from the side file bit for bit")
    if not partial:
        missing = sorted(set(expected) - set(tensors))
        if missing:
            fail(f"{path}: missing tensors {missing}")
        if metadata != side["metadata"]:
            fail(f"{path}: metadata {metadata!r}, expected {side['metadata']!r}")
    checked_model = all(k in tensors for k in MODEL_KEYS)
    if checked_model:
        model = LinearNet()
        model.load_state_dict({k: tensors[k] for k in MODEL_KEYS}, strict=True)
        x = from_bytes(bytes.fromhex(side["forward"]["input_hex"]), "F32",
                       [len(side["forward"]["input"]), 4])
        with torch.no_grad():
            y = model(x)
        if raw_bytes(y).hex() != side["forward"]["output_hex"]:
            fail(f"{path}: LinearNet forward pass with these weights differs from the side file")
    print(f"torch_safetensors verify: OK: {len(tensors)} tensors bit-exact in {path}"
          + (" (LinearNet loaded strictly, forward pass identical)" if checked_model else ""))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        write_fixture()
    elif args[0] == "verify" and len(args) in (2, 3) and args[2:] in ([], ["--partial"]):
        verify(args[1], partial="--partial" in args)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
