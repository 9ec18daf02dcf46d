"""Golden fixtures for descent's second set of tensor functions (issue 12), exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_ops2.py

It writes test/fixtures/torch/ops2.json in the format of ops.json (see torch_ops.py, whose
encoders and row builder it uses): one row per case with name, op (descent's method or function name), args,
inputs, outs, upstream, grads and gradFn (the name of outs[0].grad_fn), plus
  creation  rows for creation functions without inputs: name, op, args, out
"""

import json
import math
import os

import numpy as np
import torch

import torch_ops
from torch_ops import case, enc, f32, f64, i32, ints, pos, rnd

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch")

# The row builders of torch_ops.py (rnd, pos, ints, case), drawing from a stream of this script's
# own and recording into a list of its own.
torch_ops.rng = np.random.RandomState(4321)
torch_ops.cases = cases = []
creation = []


def made(name, op, out, args):
    """A creation function's output for the given args (compared exactly or to 2 float32 ulps)."""
    creation.append({"name": name, "op": op, "args": args, "out": enc(out)})


# ---- elementwise unary -------------------------------------------------------------------------
for op in ["sin", "cos", "tan", "atan", "sinh", "cosh", "erf", "expm1", "sign", "floor", "ceil", "trunc", "frac", "square"]:
    case(op, op, getattr(torch, op), [rnd(2, 3)])
for op in ["asin", "acos"]:
    case(op, op, getattr(torch, op), [rnd(2, 3, lo=-0.95, hi=0.95)])
for op in ["log2", "log10", "rsqrt", "reciprocal"]:
    case(op, op, getattr(torch, op), [pos(2, 3)])
case("log1p", "log1p", torch.log1p, [rnd(2, 3, lo=-0.9, hi=2)])
case("log1p small", "log1p", torch.log1p, [torch.tensor([1e-7, -3e-8, 1e-20])])
case("expm1 small", "expm1", torch.expm1, [torch.tensor([1e-7, -3e-8, 1e-20])])
case("sin large", "sin", torch.sin, [torch.tensor([100.0, -1000.5, 3.14159265, 1e4])])
case("erf tails", "erf", torch.erf, [torch.tensor([-6.0, -2.5, -0.01, 0.0, 0.3, 2.6, 4.0])])
halves = torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997, -3.7, 3.2])
case("round halves to even", "round", torch.round, [halves])
case("floor halves", "floor", torch.floor, [halves])
case("ceil halves", "ceil", torch.ceil, [halves])
case("trunc halves", "trunc", torch.trunc, [halves])
case("frac halves", "frac", torch.frac, [halves])
case("sign zeros", "sign", torch.sign, [torch.tensor([-0.0, 0.0, -3.0, 2.0])])
case("sin float64", "sin", torch.sin, [rnd(4, dtype=f64)])
case("erf float64", "erf", torch.erf, [rnd(5, dtype=f64, lo=-4, hi=4)])
case("cos int32 -> float32", "cos", torch.cos, [ints(4)])
case("floor int32 stays int32", "floor", torch.floor, [ints(4)])
case("sign int32 stays int32", "sign", torch.sign, [ints(5)])
case("reciprocal int32 -> float32", "reciprocal", torch.reciprocal, [ints(4, lo=1)])
case("square int32 stays int32", "square", torch.square, [ints(4)])

# ---- elementwise binary ------------------------------------------------------------------------
case("atan2", "atan2", torch.atan2, [rnd(2, 3), rnd(2, 3)])
case("atan2 [3,1]x[4]", "atan2", torch.atan2, [rnd(3, 1), rnd(4)])
case("atan2 axes", "atan2", torch.atan2, [torch.tensor([0.0, 1.0, -1.0, 0.0, -0.0]), torch.tensor([1.0, 0.0, 0.0, -1.0, -1.0])])
for op in ["fmod", "remainder"]:
    f = getattr(torch, op)
    case(f"{op}", op, f, [rnd(2, 3, lo=-5, hi=5), rnd(2, 3, lo=0.3, hi=2) * torch.tensor([1.0, -1.0, 1.0])])
    case(f"{op} [3,1]x[2]", op, f, [rnd(3, 1, lo=-5, hi=5), torch.tensor([1.5, -0.75])])
    case(f"{op} scalar", op, lambda x, f=f: f(x, 1.5), [rnd(6, lo=-5, hi=5)], {"other": 1.5})
    case(f"{op} negative scalar", op, lambda x, f=f: f(x, -2), [rnd(6, lo=-5, hi=5)], {"other": -2})
    case(f"{op} int32", op, lambda x, y, f=f: f(x, y), [ints(6, lo=-9, hi=10), torch.tensor([3, -3, 4, -4, 5, 2], dtype=i32)])
case("lerp scalar weight", "lerp", lambda a, b: torch.lerp(a, b, 0.3), [rnd(2, 3), rnd(2, 3)], {"weight": 0.3})
case("lerp weight 0.75", "lerp", lambda a, b: torch.lerp(a, b, 0.75), [rnd(4), rnd(4)], {"weight": 0.75})
case("lerp weight 1", "lerp", lambda a, b: torch.lerp(a, b, 1.0), [rnd(4), rnd(4)], {"weight": 1})
case("lerp tensor weight", "lerp", torch.lerp, [rnd(2, 3), rnd(3), torch.tensor([[0.1], [0.9]])])
case("maximum function", "maximumFn", torch.maximum, [rnd(2, 3), rnd(3)])
case("minimum function", "minimumFn", torch.minimum, [rnd(3, 1), rnd(2)])


# ---- reductions and scans ----------------------------------------------------------------------
x3 = rnd(2, 3, 4)
for op in ["var", "std"]:
    f = getattr(torch, op)
    case(f"{op} all", op, f, [x3])
    case(f"{op} dim 1", op, lambda x, f=f: f(x, 1), [x3], {"dim": 1})
    case(f"{op} dims [0,2] keepdim", op, lambda x, f=f: f(x, (0, 2), keepdim=True), [x3], {"dim": [0, 2], "keepdim": True})
    case(f"{op} correction 0", op, lambda x, f=f: f(x, -1, correction=0), [x3], {"dim": -1, "correction": 0})
    case(f"{op} unbiased false", op, lambda x, f=f: f(x, unbiased=False), [rnd(5)], {"unbiased": False})
    case(f"{op} float64", op, lambda x, f=f: f(x, 0), [rnd(4, 2, dtype=f64)], {"dim": 0})
for p in ["fro", 2, 1, float("inf"), 3]:
    pn = p if p != float("inf") else "inf"
    case(f"norm p={pn}", "norm", lambda x, p=p: torch.norm(x, p), [rnd(3, 4)], {"p": pn})
    case(f"norm p={pn} dim 1", "norm", lambda x, p=p: torch.norm(x, p, dim=1), [rnd(3, 4)], {"p": pn, "dim": 1})
case("norm p=2 dims [0,1] keepdim", "norm", lambda x: torch.norm(x, 2, dim=(0, 1), keepdim=True), [rnd(2, 3, 2)], {"p": 2, "dim": [0, 1], "keepdim": True})
case("norm default", "norm", torch.norm, [rnd(5)])
case("norm p=-inf dim 0", "norm", lambda x: torch.norm(x, float("-inf"), dim=0), [rnd(3, 2)], {"p": "-inf", "dim": 0})
case("prod all", "prod", torch.prod, [rnd(2, 3)])
case("prod dim 1", "prod", lambda x: torch.prod(x, 1), [rnd(2, 3, 2)], {"dim": 1})
case("prod dim 0 keepdim", "prod", lambda x: torch.prod(x, 0, keepdim=True), [rnd(3, 2)], {"dim": 0, "keepdim": True})
case("prod with a zero", "prod", lambda x: torch.prod(x, 1), [torch.tensor([[1.5, 0.0, 2.0], [0.0, 0.0, 3.0], [1.0, 2.0, -1.0]])], {"dim": 1})
case("prod int32", "prod", torch.prod, [ints(4, lo=1, hi=4)])
case("cumsum dim 0", "cumsum", lambda x: torch.cumsum(x, 0), [rnd(4, 3)], {"dim": 0})
case("cumsum dim -1", "cumsum", lambda x: torch.cumsum(x, -1), [rnd(2, 3, 4)], {"dim": -1})
case("cumsum int32", "cumsum", lambda x: torch.cumsum(x, 0), [ints(5)], {"dim": 0})
case("cumprod dim 1", "cumprod", lambda x: torch.cumprod(x, 1), [rnd(2, 4)], {"dim": 1})
case("cumprod with zeros", "cumprod", lambda x: torch.cumprod(x, 0), [torch.tensor([2.0, 0.0, 3.0, 0.0, -1.5])], {"dim": 0})
case("logsumexp dim 1", "logsumexp", lambda x: torch.logsumexp(x, 1), [rnd(3, 4)], {"dim": 1})
case("logsumexp dim 0 keepdim", "logsumexp", lambda x: torch.logsumexp(x, 0, keepdim=True), [rnd(3, 4)], {"dim": 0, "keepdim": True})
case("logsumexp dims [0,2]", "logsumexp", lambda x: torch.logsumexp(x, (0, 2)), [rnd(2, 3, 2)], {"dim": [0, 2]})
case("logsumexp large", "logsumexp", lambda x: torch.logsumexp(x, 1), [torch.tensor([[1000.0, 1001.0], [-1000.0, -1e4]])], {"dim": 1})
bools = torch.tensor([[True, False, True], [True, True, True]])
for op in ["all", "any"]:
    f = getattr(torch, op)
    case(f"{op}", op, f, [bools])
    case(f"{op} dim 1", op, lambda x, f=f: f(x, 1), [bools], {"dim": 1})
    case(f"{op} dim 0 keepdim", op, lambda x, f=f: f(x, 0, keepdim=True), [bools], {"dim": 0, "keepdim": True})
    case(f"{op} float", op, f, [torch.tensor([0.0, 1.5, 0.0])])
case("dot", "dot", torch.dot, [rnd(5), rnd(5)])
case("mv", "mv", torch.mv, [rnd(3, 4), rnd(4)])
case("mm function", "mmFn", torch.mm, [rnd(3, 2), rnd(2, 4)])
case("bmm", "bmm", torch.bmm, [rnd(2, 3, 4), rnd(2, 4, 2)])
case("outer", "outer", torch.outer, [rnd(3), rnd(4)])
case("trace", "trace", torch.trace, [rnd(3, 3)])
case("trace rectangular", "trace", torch.trace, [rnd(2, 4)])
for op in ["tril", "triu"]:
    f = getattr(torch, op)
    case(f"{op}", op, f, [rnd(3, 4)])
    case(f"{op} diagonal 1", op, lambda x, f=f: f(x, 1), [rnd(4, 3)], {"diagonal": 1})
    case(f"{op} diagonal -1 batched", op, lambda x, f=f: f(x, -1), [rnd(2, 3, 3)], {"diagonal": -1})

# ---- sorting and selection ---------------------------------------------------------------------
ties = torch.tensor([[3.0, 1.0, 3.0, 2.0, 1.0], [0.5, -1.0, 2.0, 2.0, 0.0]])
case("sort", "sort", lambda x: torch.sort(x), [rnd(3, 4)])
case("sort dim 0 descending", "sort", lambda x: torch.sort(x, 0, descending=True), [rnd(3, 4)], {"dim": 0, "descending": True})
case("sort ties stable", "sort", lambda x: torch.sort(x), [ties])
case("sort ties descending", "sort", lambda x: torch.sort(x, descending=True), [ties], {"descending": True})
case("sort nan last", "sort", lambda x: torch.sort(x), [torch.tensor([2.0, float("nan"), -1.0, 0.5])])
case("argsort", "argsort", lambda x: torch.argsort(x, 1), [rnd(2, 5)], {"dim": 1})
case("argsort descending", "argsort", lambda x: torch.argsort(x, 0, descending=True), [rnd(4, 2)], {"dim": 0, "descending": True})
case("topk", "topk", lambda x: torch.topk(x, 2), [rnd(3, 5)], {"k": 2})
case("topk smallest dim 0", "topk", lambda x: torch.topk(x, 3, 0, largest=False), [rnd(4, 2)], {"k": 3, "dim": 0, "largest": False})
case("kthvalue", "kthvalue", lambda x: torch.kthvalue(x, 2), [rnd(3, 5)], {"k": 2})
case("kthvalue dim 0 keepdim", "kthvalue", lambda x: torch.kthvalue(x, 3, 0, keepdim=True), [rnd(4, 2)], {"k": 3, "dim": 0, "keepdim": True})
case("median all odd", "median", torch.median, [rnd(3, 3)])
case("median all even (lower)", "median", torch.median, [rnd(2, 3)])
case("median dim 1", "median", lambda x: torch.median(x, 1), [rnd(3, 4)], {"dim": 1})
case("median dim 0 keepdim", "median", lambda x: torch.median(x, 0, keepdim=True), [rnd(5, 2)], {"dim": 0, "keepdim": True})
u = torch.tensor([[2.0, 1.0, 2.0], [3.0, 1.0, -1.0]])
case("unique", "unique", torch.unique, [u])
case("unique inverse counts", "unique", lambda x: torch.unique(x, return_inverse=True, return_counts=True), [u], {"returnInverse": True, "returnCounts": True})
case("unique int32 counts", "unique", lambda x: torch.unique(x, return_counts=True), [ints(8, lo=0, hi=4)], {"returnCounts": True})
case("bincount", "bincount", torch.bincount, [torch.tensor([0, 3, 1, 3, 3], dtype=i32)])
case("bincount minlength", "bincount", lambda x: torch.bincount(x, minlength=6), [torch.tensor([0, 3, 1], dtype=i32)], {"minlength": 6})
case("bincount weights", "bincount", lambda x, w: torch.bincount(x, w), [torch.tensor([0, 2, 2, 1], dtype=i32), torch.tensor([0.5, 1.25, -2.0, 3.0]).requires_grad_(False)])
case("histc", "histc", lambda x: torch.histc(x, 5), [rnd(30)], {"bins": 5})
case("histc range", "histc", lambda x: torch.histc(x, 4, min=-1, max=1), [rnd(30)], {"bins": 4, "min": -1, "max": 1})
case("histc edges", "histc", lambda x: torch.histc(x, 4, min=0, max=1), [torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0, 1.01, -0.01])], {"bins": 4, "min": 0, "max": 1})

# ---- einsum (PyTorch's node depends on how it contracts, so grad_fn is not compared) ----------
for eq, shapes in [
    ("ij,jk->ik", [(3, 4), (4, 2)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("i,i->", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ij,ij->ij", [(2, 3), (2, 3)]),
    ("ij,kj->ik", [(3, 4), (2, 4)]),
    ("ij->ji", [(2, 3)]),
    ("ij->j", [(3, 4)]),
    ("ik,kj", [(2, 3), (3, 2)]),
    ("bn,anm->bam", [(2, 3), (4, 3, 2)]),
]:
    case(f"einsum {eq}", "einsum", lambda *xs, eq=eq: torch.einsum(eq, *xs), [rnd(*s) for s in shapes], {"equation": eq})
for c in cases:
    if c["op"] == "einsum":
        c.pop("gradFn", None)

# ---- shape -------------------------------------------------------------------------------------
x = rnd(2, 3, 4)
case("repeat", "repeat", lambda x: x.repeat(2, 1, 3), [rnd(2, 3)], {"reps": [2, 1, 3]})
case("repeat same rank", "repeat", lambda x: x.repeat(1, 2), [rnd(2, 3)], {"reps": [1, 2]})
case("tile fewer reps", "tile", lambda x: torch.tile(x, (2,)), [rnd(2, 3)], {"reps": [2]})
case("tile more reps", "tile", lambda x: torch.tile(x, (2, 1, 2)), [rnd(3)], {"reps": [2, 1, 2]})
case("flip dim 0", "flip", lambda x: torch.flip(x, [0]), [x], {"dims": [0]})
case("flip dims [0,2]", "flip", lambda x: torch.flip(x, [0, 2]), [x], {"dims": [0, 2]})
case("roll dim 1", "roll", lambda x: torch.roll(x, 1, 1), [x], {"shifts": 1, "dims": 1})
case("roll negative two dims", "roll", lambda x: torch.roll(x, (-1, 5), (0, 2)), [x], {"shifts": [-1, 5], "dims": [0, 2]})
case("roll flattened", "roll", lambda x: torch.roll(x, 2), [rnd(2, 3)], {"shifts": 2})
for i, k in enumerate([0, 1, 2]):
    case(f"chunk 3 of [2,7] dim 1 piece {i}", "chunk", lambda x, k=k: torch.chunk(x, 3, 1)[k], [rnd(2, 7)], {"chunks": 3, "dim": 1, "piece": k})
case("chunk 4 of 6 gives 3", "chunkCount", lambda x: torch.chunk(x, 4)[2], [rnd(6)], {"chunks": 4, "count": len(torch.chunk(torch.zeros(6), 4))})
case("split size 2 dim 0 piece 1", "split", lambda x: torch.split(x, 2)[1], [rnd(5, 2)], {"size": 2, "dim": 0, "piece": 1})
case("split size 2 dim 0 last piece", "split", lambda x: torch.split(x, 2)[2], [rnd(5, 2)], {"size": 2, "dim": 0, "piece": 2})
case("split sections dim -1", "split", lambda x: torch.split(x, [1, 3], -1)[1], [x], {"size": [1, 3], "dim": -1, "piece": 1})
case("unbind dim 1", "unbind", lambda x: torch.unbind(x, 1)[2], [x], {"dim": 1, "piece": 2})
case("unbind dim 0", "unbind", lambda x: torch.unbind(x)[0], [rnd(3, 2)], {"piece": 0})
case("movedim", "movedim", lambda x: torch.movedim(x, 0, 2), [x], {"source": 0, "destination": 2})
case("movedim lists", "movedim", lambda x: torch.movedim(x, (0, 1), (2, 0)), [x], {"source": [0, 1], "destination": [2, 0]})
case("flatten 1..2 function", "flattenFn", lambda x: torch.flatten(x, 1, 2), [x], {"start": 1, "end": 2})
case("unflatten", "unflatten", lambda x: x.unflatten(2, (2, 2)), [x], {"dim": 2, "sizes": [2, 2]})
case("unflatten -1", "unflatten", lambda x: x.unflatten(1, (-1, 1)), [x], {"dim": 1, "sizes": [-1, 1]})
case("broadcastTo", "broadcastTo", lambda x: torch.broadcast_to(x, (2, 3, 4)), [rnd(3, 1)], {"shape": [2, 3, 4]})
for ix in ["ij", "xy"]:
    for k in [0, 1]:
        case(f"meshgrid {ix} output {k}", "meshgrid", lambda a, b, k=k, ix=ix: torch.meshgrid(a, b, indexing=ix)[k], [rnd(3), rnd(2)], {"indexing": ix, "piece": k})

# ---- activations (nn.functional) ---------------------------------------------------------------
F = torch.nn.functional
act = torch.tensor([-25.0, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5, 6.0, 7.0, 30.0])
for op, f, args in [
    ("leakyRelu", F.leaky_relu, {}),
    ("leakyRelu", lambda x: F.leaky_relu(x, 0.2), {"negativeSlope": 0.2}),
    ("elu", F.elu, {}),
    ("elu", lambda x: F.elu(x, 0.5), {"alpha": 0.5}),
    ("gelu", F.gelu, {}),
    ("gelu", lambda x: F.gelu(x, approximate="tanh"), {"approximate": "tanh"}),
    ("silu", F.silu, {}),
    ("softplus", F.softplus, {}),
    ("softplus", lambda x: F.softplus(x, beta=2, threshold=5), {"beta": 2, "threshold": 5}),
    ("mish", F.mish, {}),
    ("hardtanh", F.hardtanh, {}),
    ("hardtanh", lambda x: F.hardtanh(x, -0.5, 2.5), {"minVal": -0.5, "maxVal": 2.5}),
    ("relu6", F.relu6, {}),
    ("logsigmoid", F.logsigmoid, {}),
    ("softsign", F.softsign, {}),
]:
    suffix = " " + json.dumps(args, separators=(",", ":")) if args else ""
    case(f"F.{op}{suffix}", "F." + op, f, [rnd(2, 3)], args)
    case(f"F.{op}{suffix} edges", "F." + op, f, [act], args)
case("F.gelu float64", "F.gelu", F.gelu, [rnd(5, dtype=f64)])
case("stack of 0-d tensors", "stack", lambda a, b: torch.stack([a, b]), [torch.tensor(2.5), torch.tensor(-1.5)], {"dim": 0})

# ---- creation ----------------------------------------------------------------------------------
for args in [(5,), (2, 9), (0, 1, 0.1), (-3.3, 5.1, 0.37), (0, 10, 0.01), (1.5, -20.25, -0.3), (0, 3000, 0.7), (1, 2.5, 0.5)]:
    made(f"arange{args}", "arange", torch.arange(*args), {"args": list(args)})
made("arange float64", "arange", torch.arange(0, 3, 0.1, dtype=f64), {"args": [0, 3, 0.1], "dtype": "float64"})
for start, end, steps in [(-math.pi, math.pi, 2000), (0, 1, 100), (-1, 1, 17), (0.1, 7.3, 1001), (3, -2, 50), (0, 1, 1), (2, 5, 0), (-10, 10, 5)]:
    made(f"linspace({start}, {end}, {steps})", "linspace", torch.linspace(start, end, steps), {"args": [start, end, steps]})
made("linspace float64", "linspace", torch.linspace(-math.pi, math.pi, 333, dtype=f64), {"args": [-math.pi, math.pi, 333], "dtype": "float64"})
for start, end, steps, base in [(-2, 2, 9, 10), (0, 1, 100, 10), (0.5, -3, 40, 2), (-1, 1, 7, math.e)]:
    made(f"logspace({start}, {end}, {steps}, {base})", "logspace", torch.logspace(start, end, steps, base), {"args": [start, end, steps, base]})


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "ops2.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "ops": cases, "creation": creation}, f, separators=(",", ":"))
    print(path, len(cases), "op cases,", len(creation), "creation cases,", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
