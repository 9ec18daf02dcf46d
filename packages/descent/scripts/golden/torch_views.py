"""Golden fixtures for descent's views, indexing and in-place ops, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_views.py

It writes test/fixtures/torch/views.json:
  index    x[index] for a table of index expressions on float64 tensors: the result (shape,
           values), whether it is a view of x, and the gradient of sum(x[index] * w) for x
  gather   torch.gather with an index smaller than the input outside dim: result and gradient
  inplace  programs that write through a chain of views of base = x.clone() (in-place ops and
           t[index] = value assignments): the final base, the gradients of sum(base * w) for
           x and for each tensor value written, and the base's grad_fn; or the error PyTorch
           raises

Index expressions are JSON: numbers, "start:stop:step" strings, null (None), "..." (Ellipsis),
{"int": nested list} (an int64 tensor), {"list": nested list} (a Python list) and
{"bool": nested list} (a bool mask). A tensor value is {"shape", "values"} (float64, requires
grad). Values are float64, written as Python's repr.
"""

import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch")

rng = np.random.RandomState(2024)


def values(shape):
    return np.round(rng.uniform(-2, 2, size=shape), 2).tolist()


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.reshape(-1).tolist()]}


def py_index(i):
    if i is None:
        return None
    if isinstance(i, int):
        return i
    if i == "...":
        return Ellipsis
    if isinstance(i, str):
        return slice(*[int(p) if p.strip() else None for p in i.split(":")])
    if "int" in i:
        return torch.tensor(i["int"], dtype=torch.int64)
    if "bool" in i:
        return torch.tensor(i["bool"], dtype=torch.bool)
    return i["list"]


def tensor_of(spec, leaves):
    t = torch.tensor(spec["values"], dtype=torch.float64).reshape(spec["shape"])
    t.requires_grad_(True)
    leaves.append(t)
    return t


def arg(a, leaves):
    if isinstance(a, dict) and "values" in a:
        return tensor_of(a, leaves)
    if isinstance(a, dict):
        return py_index(a)
    if isinstance(a, list):
        return [arg(b, leaves) for b in a]
    return a


# ---- index expressions ----------------------------------------------------------------------

INDEX = [
    ([5], [1]),
    ([5], [-1]),
    ([5], ["1:3"]),
    ([5], ["::2"]),
    ([5], ["-1:"]),
    ([5], ["-10:2"]),
    ([5], ["4:1"]),
    ([5], [None]),
    ([5], [{"int": [0, 4, -1]}]),
    ([5], [{"int": [[0, 1], [1, 1]]}]),
    ([5], [{"bool": [True, False, True, True, False]}]),
    ([5], [{"list": [3, 0]}]),
    ([3, 4], [1]),
    ([3, 4], [-1, -2]),
    ([3, 4], [":", 1]),
    ([3, 4], [":", -1]),
    ([3, 4], ["1:", "::2"]),
    ([3, 4], ["::2", "1::2"]),
    ([3, 4], [None, ":", None]),
    ([3, 4], ["...", 1]),
    ([3, 4], ["...", None]),
    ([3, 4], [0, "..."]),
    ([3, 4], ["..."]),
    ([3, 4], [{"int": [0, 2]}]),
    ([3, 4], [{"int": [2, 0, 2]}]),
    ([3, 4], [":", {"int": [1, 3]}]),
    ([3, 4], [{"int": [0, 2]}, {"int": [1, 3]}]),
    ([3, 4], [{"int": [[0], [2]]}, {"int": [1, 2, 3]}]),
    ([3, 4], [{"int": [0, 2]}, "1:3"]),
    ([3, 4], ["1:", {"int": [0, 0, 3]}]),
    ([3, 4], [None, {"int": [0, 2]}]),
    ([3, 4], [{"int": [1]}, None, ":"]),
    ([3, 4], [{"bool": [True, False, True]}]),
    ([3, 4], [":", {"bool": [False, True, True, False]}]),
    ([3, 4], [{"bool": [[True, False, False, True], [False, False, True, False], [True, True, False, False]]}]),
    ([3, 4], [1, {"int": [0, 3]}]),
    ([2, 3, 4], [1, 2, 3]),
    ([2, 3, 4], [1, ":", "::3"]),
    ([2, 3, 4], ["...", 0]),
    ([2, 3, 4], [-1, "...", None, "1:"]),
    ([2, 3, 4], [":", {"int": [0, 2]}, {"int": [1, 3]}]),
    ([2, 3, 4], [{"int": [0, 1]}, ":", {"int": [1, 3]}]),
    ([2, 3, 4], [0, ":", {"int": [1, 3]}]),
    ([2, 3, 4], [{"int": [1, 0]}, 1]),
    ([2, 3, 4], ["...", {"int": [3, 0]}]),
    ([2, 3, 4], [{"bool": [[True, False, True], [False, True, False]]}]),
    ([2, 3, 4], [1, {"bool": [True, False, True]}, "::2"]),
    ([2, 3, 4], [":", {"int": [[0, 1], [2, 2]]}, "1:3"]),
    ([2, 3, 4, 5], [":", 1, "...", {"int": [4, 0]}]),
    ([2, 3, 4, 5], [{"int": [1]}, ":", {"int": [0, 3]}, "::2"]),
]


def forward_row(shape, f, **fields):
    """x (float64, requires grad) -> f(x): the result, whether it views x, the gradient of sum(f(x) * w)."""
    x = torch.tensor(values(shape), dtype=torch.float64, requires_grad=True)
    out = f(x)
    w = torch.tensor(values(list(out.shape)), dtype=torch.float64)
    (out * w).sum().backward()
    return {
        "shape": shape,
        "x": enc(x)["values"],
        **fields,
        "out": enc(out),
        "view": out._base is x,
        "w": enc(w)["values"],
        "grad": enc(x.grad)["values"],
    }


def index_rows():
    return [
        forward_row(shape, lambda x: x[tuple(py_index(i) for i in index)], index=index)
        for shape, index in INDEX
    ]


def gather_rows():
    cases = [
        ([3, 4], 1, [[0, 3], [1, 1]]),
        ([3, 4], 0, [[2, 0, 1]]),
        ([2, 3, 4], 2, [[[3], [0]], [[1], [1]]]),
    ]
    return [
        forward_row(shape, lambda x: x.gather(dim, torch.tensor(index)), dim=dim, index=index)
        for shape, dim, index in cases
    ]


# ---- in-place programs ----------------------------------------------------------------------


def T(*shape):
    return {"shape": list(shape), "values": np.ravel(values(list(shape))).tolist()}


# (name, base shape, steps); a step is (view chain, op, *args); op "set" takes (index, value)
PROGRAMS = [
    ("narrow(1,1,1).zero_()", [3, 4], [([["narrow", 1, 1, 1]], "zero_")]),
    ("slice rows fill_", [3, 4], [([["get", "0:2"]], "fill_", 5.0)]),
    ("select(0,1).add_(t)", [3, 4], [([["select", 0, 1]], "add_", T(4))]),
    ("index(2).mul_(t)", [3, 4], [([["select", 0, 2]], "mul_", T(4))]),
    ("transpose then select mul_", [3, 4], [([["transpose", 0, 1], ["select", 0, 2]], "mul_", T(3))]),
    ("t().add_(t)", [3, 4], [([["t"]], "add_", T(4, 3))]),
    ("get(:,1).copy_(t)", [3, 4], [([["get", ":", 1]], "copy_", T(3))]),
    ("get(:,1).copy_ broadcast", [3, 4], [([["get", ":", "1:3"]], "copy_", T(1, 2))]),
    ("steps ::2 sub_", [3, 4], [([["get", "::2", "1::2"]], "sub_", T(2, 2))]),
    ("diagonal mul_", [3, 4], [([["diagonal"]], "mul_", T(3))]),
    ("chain exp_", [3, 4], [([["transpose", 0, 1], ["narrow", 0, 1, 2], ["select", 1, 0]], "exp_")]),
    ("chain sigmoid_", [2, 3, 4], [([["permute", 2, 0, 1], ["get", "1:3", 1]], "sigmoid_")]),
    ("view(12) every 3rd", [3, 4], [([["view", 12], ["get", "::3"]], "mul_", 0.5)]),
    ("unsqueeze then write", [3, 4], [([["unsqueeze", 0], ["get", 0, ":", 0]], "clamp_", -0.5, 0.5)]),
    (
        "two overlapping writes",
        [3, 4],
        [([["narrow", 1, 0, 2]], "mul_", 2.0), ([["select", 0, 1]], "add_", T(4))],
    ),
    ("write base then view", [3, 4], [([], "mul_", T(3, 4)), ([["get", ":", -1]], "pow_", 2.0)]),
    ("div_ by a tensor", [2, 3, 4], [([["get", 1]], "div_", T(1, 4))]),
    ("relu_ through narrow", [2, 3, 4], [([["narrow", 2, 1, 2]], "relu_")]),
    ("expand then add_", [3, 4], [([["get", 0], ["unsqueeze", 0], ["expand", 2, 4]], "add_", 1.0)]),
    ("expand column then fill_", [3, 4], [([["get", ":", 1], ["unsqueeze", 1], ["expand", 3, 2]], "mul_", 2.0)]),
    ("maskedFill_", [3, 4], [([], "maskedFill_", {"bool": [[True, False, False, True]] * 3}, -1.0)]),
    ("maskedFill_ on a view", [3, 4], [([["t"]], "maskedFill_", {"bool": [True, False, True]}, 9.0)]),
    ("indexPut_", [3, 4], [([], "indexPut_", [{"int": [0, 2]}, {"int": [1, 3]}], T(2))]),
    ("indexPut_ accumulate", [3, 4], [([], "indexPut_", [{"int": [0, 0, 2]}], T(3, 4), True)]),
    ("indexAdd_", [3, 4], [([], "indexAdd_", 1, {"int": [3, 0, 3]}, T(3, 3))]),
    ("indexAdd_ alpha", [3, 4], [([], "indexAdd_", 0, {"int": [1]}, T(1, 4), -2.0)]),
    ("scatter_", [3, 4], [([], "scatter_", 1, {"int": [[2, 0], [1, 3]]}, T(2, 2))]),
    ("scatter_ add", [3, 4], [([], "scatter_", 0, {"int": [[0, 1, 2, 0], [0, 0, 0, 0]]}, T(2, 4), "add")]),
    ("scatter_ number", [3, 4], [([["t"]], "scatter_", 1, {"int": [[2], [0], [1], [1]]}, 3.5)]),
    ("set X[1,2]=17", [3, 4], [([], "set", [1, 2], 17.0)]),
    ("set t[:,1]=0", [3, 4], [([], "set", [":", 1], 0.0)]),
    ("set t[:,1]=t", [3, 4], [([], "set", [":", 1], T(3))]),
    ("set rows broadcast", [3, 4], [([], "set", ["1:"], T(4))]),
    ("set steps", [3, 4], [([], "set", ["::2", "::3"], T(2, 2))]),
    ("set ellipsis", [2, 3, 4], [([], "set", ["...", 0], T(3))]),
    ("set new axis", [3, 4], [([], "set", [None, 1], T(1, 4))]),
    ("set mask", [3, 4], [([], "set", [{"bool": [[True, False, False, True], [False, False, True, False], [True, True, False, False]]}], 0.0)]),
    ("set mask tensor", [3, 4], [([], "set", [{"bool": [[True, False, False, True], [False, False, True, False], [True, True, False, False]]}], T(5))]),
    ("set row mask", [3, 4], [([], "set", [{"bool": [False, True, True]}], T(4))]),
    ("set int index", [3, 4], [([], "set", [{"int": [0, 2]}], T(2, 4))]),
    ("set two int indices", [3, 4], [([], "set", [{"int": [0, 2]}, {"int": [3, 1]}], T(2))]),
    ("set int index columns", [2, 3, 4], [([], "set", [":", {"int": [2, 0]}, "1:3"], T(2, 2, 2))]),
    ("set non-adjacent", [2, 3, 4], [([], "set", [{"int": [1, 0]}, ":", {"int": [0, 3]}], T(2, 3))]),
    ("set through a view", [3, 4], [([["t"]], "set", [1, {"int": [0, 2]}], T(2))]),
    ("set then in-place", [3, 4], [([], "set", [":", 0], T(3)), ([["get", 1]], "mul_", T(4))]),
    ("set out of bounds", [3, 4], [([], "set", [3, 0], 1.0)]),
    ("set on expanded view", [3, 4], [([["get", 0], ["expand", 2, 4]], "set", [":", 0], T(2))]),
]


def view(t, v):
    op, *a = v
    if op == "get":
        return t[tuple(py_index(i) for i in a)]
    return getattr(t, op)(*a)


def apply(t, op, args):
    """descent's in-place op (camelCase, optional args positional) as PyTorch's."""
    if op == "indexPut_":
        return t.index_put_(tuple(args[0]), *args[1:])
    if op == "indexAdd_":
        return t.index_add_(*args[:3], **({"alpha": args[3]} if len(args) > 3 else {}))
    if op == "scatter_":  # reduce "add" is scatter_add_ (differentiable in 1.13)
        return t.scatter_add_(*args[:3]) if len(args) > 3 else t.scatter_(*args)
    if op == "maskedFill_":
        return t.masked_fill_(*args)
    return getattr(t, op)(*args)


def program_row(name, shape, steps):
    x = torch.tensor(values(shape), dtype=torch.float64, requires_grad=True)
    base = x.clone()
    leaves = []
    row = {"name": name, "shape": shape, "x": enc(x)["values"], "steps": steps}
    try:
        for chain, op, *args in steps:
            t = base
            for v in chain:
                t = view(t, v)
            if op == "set":
                index, value = args
                t[tuple(py_index(i) for i in index)] = arg(value, leaves)
            else:
                apply(t, op, [arg(a, leaves) for a in args])
    except (RuntimeError, IndexError) as e:
        row["error"] = str(e).split("\n")[0]
        return row
    w = torch.tensor(values(shape), dtype=torch.float64)
    try:
        (base * w).sum().backward()
    except RuntimeError as e:
        raise RuntimeError(f"{name}: {e}")
    row.update(
        {
            "base": enc(base)["values"],
            "grad_fn": type(base.grad_fn).__name__,
            "w": enc(w)["values"],
            "grad": enc(x.grad)["values"],
            "value_grads": [enc(v.grad) for v in leaves],
        }
    )
    return row


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {
        "torch": torch.__version__,
        "index": index_rows(),
        "gather": gather_rows(),
        "inplace": [program_row(*p) for p in PROGRAMS],
    }
    path = os.path.join(OUT, "views.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(data['index'])} index rows, {len(data['inplace'])} programs")


if __name__ == "__main__":
    main()
