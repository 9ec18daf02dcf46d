"""PyTorch `.pt` interop fixtures for descent, written and checked by torch.save / torch.load.

Usage (with the system Python that has torch 1.13):

  /usr/bin/python3 scripts/golden/torch_pt.py
      writes packages/descent/test/fixtures/pt/*.pt with torch.save and, for each, a side file NAME.json holding
      what descent must read: the structure (dicts with their key order, lists, tuples, numbers,
      strings, None) with every tensor as its torch dtype, shape, the dtype descent holds it in and
      those bytes as hex (float16/bfloat16 -> float32, int64/int8/uint8/int16 -> int32, as torch's
      `.to()` converts them) and its values. Also the malicious pickles evil_*.pt, whose payload
      would create /tmp/descent_pt_pwned (and would, under a plain torch.load); the script checks
      that torch.load(weights_only=True) refuses each, and that nothing was created.

  /usr/bin/python3 scripts/golden/torch_pt.py verify [FILE.pt SIDE.json ...]
      loads .pt files that descent wrote with torch.load(path, weights_only=True) and compares
      them with the side files bit for bit: same container types (a state dict is an OrderedDict),
      same key order, same dtypes, same shapes, same bytes; the MLP state dict is also loaded
      strictly into the seed's LinearNet. Without arguments, it first runs
      pt_roundtrip.ts (decodePt every fixture, savePt it again) to make the files.
      Exits 1 with the reason on any difference.
"""
import io
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import OrderedDict

import torch

from seed_models import LinearNet  # the seed's model (examples/seed_mlp.ts)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "pt")
PWNED = "/tmp/descent_pt_pwned"

# What descent holds each torch dtype in (it has float32, float64, int32 and bool).
DESCENT_OF = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float32",
              torch.bfloat16: "float32", torch.int64: "int32", torch.int32: "int32",
              torch.int16: "int32", torch.int8: "int32", torch.uint8: "int32", torch.bool: "bool"}
TORCH_OF_DESCENT = {"float64": torch.float64, "float32": torch.float32, "int32": torch.int32,
                    "bool": torch.bool}

assert sys.byteorder == "little", "this script writes native-order bytes; run it on little-endian"


def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16; same bits as int16
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def jsonable(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def describe(x):
    """The side file's form of a loaded object."""
    if isinstance(x, torch.Tensor):
        d = TORCH_OF_DESCENT[DESCENT_OF[x.dtype]]
        as_descent = x.detach().to(d)
        wide = torch.float64 if x.is_floating_point() else (torch.int64 if d != torch.bool else None)
        values = x.detach().flatten().tolist() if wide is None else x.detach().to(wide).flatten().tolist()
        return {"tensor": str(x.dtype).replace("torch.", ""), "shape": list(x.shape),
                "descent_dtype": DESCENT_OF[x.dtype], "descent_hex": raw_bytes(as_descent).hex(),
                "values": [jsonable(v) for v in values]}
    if isinstance(x, dict):
        kind = "OrderedDict" if isinstance(x, OrderedDict) else "dict"
        return {kind: [[k, describe(v)] for k, v in x.items()]}
    if isinstance(x, list):
        return {"list": [describe(v) for v in x]}
    if isinstance(x, tuple):
        return {"tuple": [describe(v) for v in x]}
    if x is None or isinstance(x, (bool, int, str)):
        return {"value": x}
    if isinstance(x, float):
        return {"float": jsonable(x)}
    raise TypeError(f"no side-file form for {type(x)}")


def has_float(x):
    if isinstance(x, float):
        return True
    if isinstance(x, dict):
        x = list(x.values())
    return isinstance(x, (list, tuple)) and any(has_float(v) for v in x)


def mlp_state_dict():
    torch.manual_seed(0)
    return LinearNet().state_dict()


def every_dtype():
    f16 = torch.tensor([1.5, -0.0, 6.103515625e-05, 5.960464477539063e-08, 65504.0, -2.0,
                        float("inf"), float("nan")], dtype=torch.float16)
    bf16 = torch.tensor([[1.0, -3.140625], [1.0e38, 1.0e-40]]).to(torch.bfloat16)
    return {
        "f32": torch.tensor([-0.0, 1.401298464324817e-45, 3.4028234663852886e38, float("-inf"),
                             float("nan"), 1 / 3], dtype=torch.float32).reshape(2, 3),
        "f64": torch.tensor([[1 / 3, -0.0, 1e-300], [5e-324, 1.7976931348623157e308, -2.5]],
                            dtype=torch.float64),
        "f16": f16,
        "bf16": bf16,
        "i64": torch.tensor([[-2**31, 0], [42, 2**31 - 1]], dtype=torch.int64),
        "i32": torch.tensor([-2**31, -1, 0, 7, 2**31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-32768, 5, 32767], dtype=torch.int16),
        "i8": torch.tensor([-128, -1, 0, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(3.25, dtype=torch.float32),
        "empty": torch.empty((0, 3), dtype=torch.float32),
    }


def views():
    """Non-contiguous tensors and tensors sharing one storage (torch saves the storage once)."""
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 7
    return {
        "base": base,
        "transposed": base.t(),
        "strided": base[1:3, ::2],
        "row": base[2],
        "column": base[:, 5],
        "expanded": torch.tensor([1.5, -2.0], dtype=torch.float64)[:, None].expand(2, 3),
        "permuted": torch.arange(24, dtype=torch.int64).reshape(2, 3, 4).permute(2, 0, 1),
        "offset_i32": torch.arange(10, dtype=torch.int32)[3:8],
    }


def fixtures():
    mlp = mlp_state_dict()
    lst = [torch.tensor([1.0, 2.0]), torch.tensor([[3, 4]], dtype=torch.int32), mlp["fc2.bias"]]
    checkpoint = {"epoch": 5, "lr": 0.1, "model": mlp, "name": "seed", "best": None,
                  "flags": [True, False], "shape": (2, 3), "big": 2**40, "neg": -7}
    params = list(LinearNet().parameters())  # nn.Parameter: torch._utils._rebuild_parameter
    return {
        "mlp_state_dict": (mlp, {}),
        "every_dtype": (every_dtype(), {}),
        "list": (lst, {}),
        "checkpoint": (checkpoint, {}),
        "parameters": (params, {}),
        "views": (views(), {}),
        # (its storage keys are memory addresses, so this file's bytes change on every run)
        "legacy": ({"model": mlp, **views()}, {"_use_new_zipfile_serialization": False}),
        "int64_out_of_range": ({"ok": torch.tensor([1]), "big": torch.tensor([0, 2**31])}, {}),
    }


# ---- malicious pickles: each would run `touch /tmp/descent_pt_pwned` under a plain pickle.load --

def pstr(s):
    b = s.encode("utf-8")
    return b"X" + struct.pack("<I", len(b)) + b


CMD = f"touch {PWNED}"
EVIL_PICKLES = {
    # GLOBAL os.system, called by REDUCE: the classic.
    "evil_os_system": b"\x80\x02cos\nsystem\n(" + pstr(CMD) + b"tR.",
    # builtins.eval of an expression that imports os.
    "evil_builtins_eval": b"\x80\x02cbuiltins\neval\n(" + pstr(f"__import__('os').system('{CMD}')") + b"tR.",
    # posix.system (os.system's real home), hidden after a valid entry of a dict.
    "evil_posix_system": (b"\x80\x02}(" + pstr("ok") + b"K\x01" + pstr("payload") +
                          b"cposix\nsystem\n(" + pstr(CMD) + b"tRu."),
    # REDUCE of a callable that is not allowed (an allowed storage class is not a callable here).
    "evil_reduce_storage_class": b"\x80\x02ctorch\nFloatStorage\n(" + pstr(CMD) + b"tR.",
    # REDUCE of a string pulled from the memo.
    "evil_reduce_string": b"\x80\x02" + pstr("os.system") + b"q\x00h\x00(" + pstr(CMD) + b"tR.",
}


def zip_with_pickle(pkl):
    """A torch-style zip (archive/data.pkl, archive/version), stored, with a fixed timestamp."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in (("archive/data.pkl", pkl), ("archive/version", b"3\n")):
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def write_fixtures():
    os.makedirs(FIXTURES, exist_ok=True)
    written = []
    for name, (obj, kwargs) in fixtures().items():
        path = os.path.join(FIXTURES, f"{name}.pt")
        torch.save(obj, path, **kwargs)
        # torch 1.13's weights_only unpickler has no BINFLOAT: a file with floats loads unrestricted
        back = torch.load(path, weights_only=not has_float(obj))
        side = {"about": "written by scripts/golden/torch_pt.py; see its docstring",
                "format": "legacy" if kwargs else "zip"}
        if name == "int64_out_of_range":
            side["error"] = "big"
        else:
            side["value"] = describe(back)
        if name == "mlp_state_dict":
            x = torch.tensor([[0.5, -1.0, 2.0, 0.25], [-3.0, 1.5, -0.75, 4.0]])
            model = LinearNet()
            model.load_state_dict(back)
            with torch.no_grad():
                y = model(x)
            side["forward"] = {"input": x.tolist(), "output_hex": raw_bytes(y).hex()}
        with open(os.path.join(FIXTURES, f"{name}.json"), "w") as f:
            json.dump(side, f, indent=1)
            f.write("\n")
        written.append(path)
    if os.path.exists(PWNED):
        os.remove(PWNED)
    for name, pkl in EVIL_PICKLES.items():
        path = os.path.join(FIXTURES, f"{name}.pt")
        with open(path, "wb") as f:
            # the posix one as a bare (legacy-looking) pickle, the others in torch's zip layout
            f.write(pkl if name == "evil_posix_system" else zip_with_pickle(pkl))
        try:
            torch.load(path, weights_only=True)
        except Exception:
            pass
        else:
            sys.exit(f"torch.load(weights_only=True) accepted {path}")
        written.append(path)
    if os.path.exists(PWNED):
        sys.exit(f"a malicious fixture ran: {PWNED} exists")
    print("wrote", len(written), "fixtures in", os.path.relpath(FIXTURES))


# ---- verify ------------------------------------------------------------------------------------

def fail(msg):
    print(f"torch_pt verify: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def compare(got, want, where):
    """Compares a torch.load result with a side-file form, where descent's dtypes replace torch's."""
    if "tensor" in want:
        if not isinstance(got, torch.Tensor):
            fail(f"{where}: expected a tensor, got {type(got).__name__}")
        d = TORCH_OF_DESCENT[want["descent_dtype"]]
        if got.dtype != d:
            fail(f"{where}: dtype {got.dtype}, expected {d}")
        if list(got.shape) != want["shape"]:
            fail(f"{where}: shape {list(got.shape)}, expected {want['shape']}")
        if raw_bytes(got).hex() != want["descent_hex"]:
            fail(f"{where}: values differ bit for bit")
        return 1
    kind, body = next(iter(want.items()))
    if kind in ("OrderedDict", "dict"):
        if kind == "OrderedDict" and type(got) is not OrderedDict:
            fail(f"{where}: expected an OrderedDict (a state dict), got {type(got).__name__}")
        if not isinstance(got, dict) or list(got.keys()) != [k for k, _ in body]:
            fail(f"{where}: keys {list(got.keys()) if isinstance(got, dict) else type(got)}, "
                 f"expected {[k for k, _ in body]} in that order")
        return sum(compare(got[k], v, f"{where}[{k!r}]") for k, v in body)
    if kind in ("list", "tuple"):
        if type(got).__name__ != kind or len(got) != len(body):
            fail(f"{where}: expected a {kind} of {len(body)}, got {type(got).__name__}")
        return sum(compare(g, w, f"{where}[{i}]") for i, (g, w) in enumerate(zip(got, body)))
    if kind == "float":
        if not isinstance(got, float) or jsonable(got) != body:
            fail(f"{where}: {got!r}, expected float {body!r}")
        return 0
    if type(got) is not type(body) or got != body:
        fail(f"{where}: {got!r}, expected {body!r}")
    return 0


def verify_file(path, side_path):
    with open(side_path) as f:
        side = json.load(f)
    with open(path, "rb") as f:
        if f.read(4) != b"PK\x03\x04":
            fail(f"{path}: not a zip file (torch.save's format since 1.6)")
    floats = '"float"' in json.dumps(side["value"])
    got = torch.load(path, weights_only=not floats)
    n = compare(got, side["value"], os.path.basename(path))
    extra = ""
    if "forward" in side:
        model = LinearNet()
        model.load_state_dict(got, strict=True)
        with torch.no_grad():
            y = model(torch.tensor(side["forward"]["input"]))
        if raw_bytes(y).hex() != side["forward"]["output_hex"]:
            fail(f"{path}: LinearNet forward pass with these weights differs")
        extra = " (LinearNet loaded strictly, forward pass identical)"
    if floats:
        extra += " (holds floats, which torch 1.13's weights_only unpickler cannot read: loaded unrestricted)"
    print(f"torch_pt verify: OK: {n} tensors bit-exact in {os.path.basename(path)}{extra}")


def verify(args):
    if args:
        if len(args) % 2:
            print(__doc__, file=sys.stderr)
            sys.exit(2)
        for path, side in zip(args[::2], args[1::2]):
            verify_file(path, side)
        return
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["node", "--import", "tsx", os.path.join(HERE, "pt_roundtrip.ts"), out],
                       cwd=ROOT, check=True)
        names = sorted(n[:-3] for n in os.listdir(out) if n.endswith(".pt"))
        if not names:
            fail("pt_roundtrip.ts wrote no files")
        for name in names:
            verify_file(os.path.join(out, f"{name}.pt"), os.path.join(FIXTURES, f"{name}.json"))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        write_fixtures()
    elif args[0] == "verify":
        verify(args[1:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
