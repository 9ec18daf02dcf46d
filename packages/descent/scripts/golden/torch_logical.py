"""Golden fixture for the logical ops and F.one_hot, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_logical.py

It writes test/fixtures/torch/logical.json: for torch.logical_and / or / xor / not on float
(NaN, -0.0, infinities), int and bool inputs with broadcasting, and for F.one_hot with and
without num_classes, each case's inputs, output values and shape; and the messages PyTorch gives
for one_hot's bad inputs.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch", "logical.json")


def enc(t):
    """Values as a flat list (NaN and infinities as strings), with shape and dtype."""
    vals = []
    for v in t.detach().reshape(-1).tolist():
        if isinstance(v, float) and not math.isfinite(v):
            vals.append(str(v))
        else:
            vals.append(v)
    return {"values": vals, "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}


nan, inf = float("nan"), float("inf")
a_f = torch.tensor([[0.0, -0.0, 1.5, nan], [inf, -inf, 0.0, -2.0]])
b_f = torch.tensor([0.0, 1.0, nan, 0.0])
a_i = torch.tensor([[0, 3, -1], [2, 0, 0]], dtype=torch.int32)
b_i = torch.tensor([[1], [0]], dtype=torch.int32)
a_b = torch.tensor([True, False, True, False])
b_b = torch.tensor([True, True, False, False])

cases = []
for name, a, b in [("float, broadcast", a_f, b_f), ("int32, broadcast", a_i, b_i), ("bool", a_b, b_b),
                   ("float and bool", a_f, a_b)]:
    for op, fn in [("logicalAnd", torch.logical_and), ("logicalOr", torch.logical_or), ("logicalXor", torch.logical_xor)]:
        cases.append({"name": f"{op} {name}", "op": op, "inputs": [enc(a), enc(b)], "out": enc(fn(a, b))})
for name, a in [("float", a_f), ("int32", a_i), ("bool", a_b)]:
    cases.append({"name": f"logicalNot {name}", "op": "logicalNot", "inputs": [enc(a)], "out": enc(torch.logical_not(a))})

labels = torch.tensor([[2, 0, 1], [0, 0, 3]])
for n in [-1, 4, 6]:
    cases.append({"name": f"oneHot numClasses={n}", "op": "oneHot", "numClasses": n,
                  "inputs": [enc(labels)], "out": enc(F.one_hot(labels, n))})
cases.append({"name": "oneHot 1-D", "op": "oneHot", "numClasses": -1,
              "inputs": [enc(torch.tensor([1, 0, 2]))], "out": enc(F.one_hot(torch.tensor([1, 0, 2])))})
cases.append({"name": "oneHot 0-d", "op": "oneHot", "numClasses": 3,
              "inputs": [enc(torch.tensor(1))], "out": enc(F.one_hot(torch.tensor(1), 3))})

errors = {}
for key, fn in [("negative", lambda: F.one_hot(torch.tensor([1, -1]), 3)),
                ("too large", lambda: F.one_hot(torch.tensor([1, 3]), 3)),
                ("float", lambda: F.one_hot(torch.tensor([1.0, 0.0]), 3))]:
    try:
        fn()
        errors[key] = None
    except Exception as e:  # noqa: BLE001 - the message is what we record
        errors[key] = str(e).splitlines()[0]

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "errors": errors}, f, indent=1)
print(f"wrote {len(cases)} cases to {OUT}; errors: {errors}")
