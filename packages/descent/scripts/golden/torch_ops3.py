"""Golden fixtures for the gaps closed after issue 12's first pass, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_ops3.py

It writes test/fixtures/torch/ops3.json in the format of ops.json (see torch_ops.py, whose
encoders and row builder it uses). Rows cover: norm and dist at zero (PyTorch's gradient there is
0, not NaN) and with ties under p = inf, round(decimals), sort / argsort with stable=True, unique
with dim, and einsum with '...'. Rows marked "exact" store their outputs exactly (shortest
round-trip decimals) and are compared bit for bit.
"""

import json
import os

import numpy as np
import torch

import torch_ops
from torch_ops import case, enc, f64, i32, rnd

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch")

torch_ops.rng = np.random.RandomState(2024)
torch_ops.cases = cases = []
# unique with dim has no derivative in PyTorch (descent's result does not require grad).
torch_ops.NOT_DIFFERENTIABLE.add("UniqueDimBackward0")
nan, inf = float("nan"), float("inf")


def exact(name, op, fn, inputs, args=None):
    """A row whose outputs are compared exactly (rounding, sorting, counting)."""
    case(name, op, fn, inputs, args)
    out = fn(*[x.detach() for x in inputs])
    outs = list(out) if isinstance(out, tuple) else [out]
    cases[-1]["outs"] = [enc(o) for o in outs]
    cases[-1]["exact"] = True


def pname(p):
    return {inf: "inf", -inf: "-inf"}.get(p, p)


# ---- norm and dist where the norm is 0 ------------------------------------------------------------
zero_row = torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 2.0]])
for p in ["fro", 2, 1, 3, 1.5, 0.5, -1, inf, -inf]:
    case(f"norm p={pname(p)} of zeros", "norm", lambda x, p=p: torch.norm(x, p), [torch.zeros(4)], {"p": pname(p)})
    case(f"norm p={pname(p)} dim 1, a zero row", "norm", lambda x, p=p: torch.norm(x, p, dim=1), [zero_row], {"p": pname(p), "dim": 1})
case("norm p=2 keepdim zeros [2,3] dim 0", "norm", lambda x: torch.norm(x, 2, dim=0, keepdim=True), [torch.tensor([[0.0, 1.0, 0.0], [0.0, -3.0, 0.0]])], {"p": 2, "dim": 0, "keepdim": True})
case("norm p=inf ties share the gradient", "norm", lambda x: torch.norm(x, inf, dim=1), [torch.tensor([[3.0, -3.0, 1.0, 3.0], [0.5, 2.0, -1.0, 0.0]])], {"p": "inf", "dim": 1})
case("norm p=-inf ties", "norm", lambda x: torch.norm(x, -inf), [torch.tensor([1.0, -1.0, 2.0])], {"p": "-inf"})
case("norm p=3 float64 zeros", "norm", lambda x: torch.norm(x, 3), [torch.zeros(3, dtype=f64)], {"p": 3})
case("dist of equal tensors", "dist", torch.dist, [torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 3.0])])
case("dist", "dist", torch.dist, [rnd(2, 3), rnd(2, 3)])
case("dist p=1 broadcast", "dist", lambda a, b: torch.dist(a, b, 1), [rnd(2, 3), rnd(3)], {"p": 1})
case("dist p=inf", "dist", lambda a, b: torch.dist(a, b, inf), [rnd(4), rnd(4)], {"p": "inf"})
case("dist p=3", "dist", lambda a, b: torch.dist(a, b, 3), [rnd(3, 2), rnd(3, 2)], {"p": 3})

# ---- round(decimals) -----------------------------------------------------------------------------
vals = torch.tensor(np.round(torch_ops.rng.uniform(-500, 500, size=24), 5), dtype=torch.float32)
for d in [1, 2, 3, 4, -1, -2]:
    exact(f"round decimals={d}", "round", lambda x, d=d: torch.round(x, decimals=d), [vals], {"decimals": d})
halves = torch.tensor([0.125, 0.375, -0.125, 2.675, 1.005, 0.05, 0.15, 0.25, -0.35, 1234.5678, 1e-8])
exact("round decimals=2 halves", "round", lambda x: torch.round(x, decimals=2), [halves], {"decimals": 2})
exact("round decimals=-2 halves", "round", lambda x: torch.round(x, decimals=-2), [torch.tensor([1250.0, 1350.0, -50.0, 149.9, 3e6])], {"decimals": -2})
exact("round decimals=40 overflows to nan", "round", lambda x: torch.round(x, decimals=40), [torch.tensor([1.15, -2.0])], {"decimals": 40})
exact("round decimals=3 float64", "round", lambda x: torch.round(x, decimals=3), [torch.tensor(torch_ops.rng.uniform(-10, 10, size=12), dtype=f64)], {"decimals": 3})
exact("round decimals=0", "round", lambda x: torch.round(x, decimals=0), [halves], {"decimals": 0})

# ---- stable sort -----------------------------------------------------------------------------------
ties = torch.tensor(torch_ops.rng.randint(0, 4, size=(3, 40)), dtype=torch.float32)
ties[1, 5] = nan
ties[1, 17] = nan
for desc in [False, True]:
    exact(f"sort stable descending={desc}", "sort", lambda x, desc=desc: torch.sort(x, stable=True, descending=desc), [ties], {"stable": True, "descending": desc})
    exact(f"argsort stable descending={desc}", "argsort", lambda x, desc=desc: torch.argsort(x, stable=True, descending=desc), [ties], {"stable": True, "descending": desc})
exact("sort stable dim 0", "sort", lambda x: torch.sort(x, stable=True, dim=0), [ties.t().contiguous()], {"stable": True, "dim": 0})
exact("argsort stable dim 0 int32", "argsort", lambda x: torch.argsort(x, stable=True, dim=0), [ties.t().contiguous().to(i32)], {"stable": True, "dim": 0})

# ---- unique with dim ---------------------------------------------------------------------------
rows = torch.tensor([[1.0, 2.0], [0.0, 5.0], [1.0, 2.0], [0.0, 1.0], [0.0, 5.0]])
all_out = {"returnInverse": True, "returnCounts": True}
exact("unique dim 0", "unique", lambda x: torch.unique(x, dim=0), [rows], {"dim": 0})
exact("unique dim 0 inverse counts", "unique", lambda x: torch.unique(x, dim=0, return_inverse=True, return_counts=True), [rows], {"dim": 0, **all_out})
exact("unique dim 1 inverse counts", "unique", lambda x: torch.unique(x, dim=1, return_inverse=True, return_counts=True), [rows.t().contiguous()], {"dim": 1, **all_out})
exact("unique dim -1 of 3-D", "unique", lambda x: torch.unique(x, dim=-1, return_inverse=True, return_counts=True), [torch.tensor(torch_ops.rng.randint(0, 2, size=(2, 2, 7)), dtype=i32)], {"dim": -1, **all_out})
exact("unique dim 1 of 3-D", "unique", lambda x: torch.unique(x, dim=1, return_counts=True), [torch.tensor(torch_ops.rng.randint(0, 2, size=(2, 6, 2)), dtype=torch.float32)], {"dim": 1, "returnCounts": True})
exact("unique dim 0 sorted=False (sorted anyway)", "unique", lambda x: torch.unique(x, sorted=False, dim=0), [rows], {"dim": 0, "sorted": False})
exact("unique dim 2 of 3-D float", "unique", lambda x: torch.unique(x, dim=2, return_inverse=True), [torch.tensor(torch_ops.rng.randint(0, 2, size=(3, 2, 6)), dtype=torch.float32)], {"dim": 2, "returnInverse": True})
# values only: PyTorch 1.13's inverse and counts are wrong when NaNs are present (counts 0)
exact("unique nans are distinct", "unique", torch.unique, [torch.tensor([nan, 2.0, nan, 1.0, 2.0])])
exact("unique dim 0 of an empty dim", "unique", lambda x: torch.unique(x, dim=0), [torch.zeros(0, 3)], {"dim": 0})

# ---- einsum with '...' -----------------------------------------------------------------------------
for eq, shapes in [
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,jk", [(2, 3, 4), (4, 5)]),
    ("...i,...i->...", [(3, 4), (3, 4)]),
    ("...i,...i", [(2, 3, 4), (4,)]),
    ("...ij->...ji", [(2, 3, 4)]),
    ("i...->i", [(2, 3, 4)]),
    ("...,...->...", [(2, 3), (3,)]),
    ("b...i,b...i->b...", [(2, 3, 4), (2, 1, 4)]),
    ("ij...,jk...->ik...", [(2, 3, 5), (3, 4, 1)]),
    ("j...i", [(2, 3, 4)]),
    ("...ij,...jk->ik", [(2, 3, 4), (2, 4, 5)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
]:
    case(f"einsum {eq} {shapes}", "einsum", lambda *xs, eq=eq: torch.einsum(eq, *xs), [rnd(*s) for s in shapes], {"equation": eq})
for c in cases:
    if c["op"] == "einsum":
        c.pop("gradFn", None)


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "ops3.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "ops": cases}, f, separators=(",", ":"))
    print(path, len(cases), "op cases,", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
