"""Golden fixtures for descent's tensor ops, autograd and printing, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_ops.py

It writes test/fixtures/torch/ops.json:
  ops     one row per op case: name, op (descent's method name), args (descent's option names),
          inputs {shape, values, dtype (absent: float32)}, outs (forward outputs: max/min with
          a dim give values and indices), upstream (the gradient fed to outs[0].backward) and grads (the
          gradient of each input, null where PyTorch gives none)
  format  str(t) for tensors built from the same values (or from an arange formula when large)

Values are flat, row-major. float32 inputs and upstream gradients are written as the shortest
decimal that rounds back to the same float32 (so parsing into a Float32Array is exact); float32
outputs and gradients to 7 significant digits or shorter (they are compared with a tolerance);
float64 as Python's repr.
Non-finite values are the strings "nan", "inf", "-inf". torch.int64 (indices, integer sums) is
written as "int32", descent's integer type.
"""

import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch")

rng = np.random.RandomState(1234)

f32, f64, i32 = torch.float32, torch.float64, torch.int32
DTYPE = {f32: "float32", f64: "float64", i32: "int32", torch.int64: "int32", torch.bool: "bool"}


def num(v, dtype):
    if dtype == torch.bool:
        return bool(v)
    if not dtype.is_floating_point:
        return int(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if dtype == f32:
        return float(repr(np.float32(v)))
    return float(v)


def num_out(v, dtype):
    """Outputs and gradients: float32 to 7 significant digits (compared with a tolerance)."""
    if dtype == f32 and np.isfinite(v):
        return min(float("%.7g" % v), num(v, dtype), key=lambda u: len(repr(u)))
    return num(v, dtype)


def enc(t, conv=num):
    t = t.detach()
    vals = t.reshape(-1).tolist()
    row = {"shape": list(t.shape), "values": [conv(v, t.dtype) for v in vals]}
    if t.dtype != f32:
        row["dtype"] = DTYPE[t.dtype]
    return row


def rnd(*shape, dtype=f32, lo=-2.0, hi=2.0):
    """Uniform values rounded to 2 decimals (short in JSON)."""
    return torch.tensor(np.round(rng.uniform(lo, hi, size=shape), 2), dtype=dtype)


def pos(*shape, dtype=f32):
    return rnd(*shape, dtype=dtype, lo=0.2, hi=2.0)


def ints(*shape, lo=-5, hi=6, dtype=i32):
    return torch.tensor(rng.randint(lo, hi, size=shape), dtype=dtype)


def idx(values):
    return torch.tensor(values, dtype=torch.int64)


cases = []


def case(name, op, fn, inputs, args=None):
    """Runs fn on copies of inputs (float ones require grad) and records forward and backward."""
    assert all(c["name"] != name for c in cases), name
    xs = [x.detach().clone().requires_grad_(x.is_floating_point()) for x in inputs]
    out = fn(*xs)
    outs = list(out) if isinstance(out, tuple) else [out]
    row = {
        "name": name,
        "op": op,
        "args": args or {},
        "inputs": [enc(x) for x in xs],
        "outs": [enc(o, num_out) for o in outs],
    }
    first = outs[0]
    if first.requires_grad:
        up = torch.tensor(np.round(rng.uniform(-1, 1, size=first.shape), 2), dtype=first.dtype)
        first.backward(up)
        row["upstream"] = [num(v, up.dtype) for v in up.reshape(-1).tolist()]
        row["grads"] = [enc(x.grad, num_out) if x.grad is not None else None for x in xs]
    cases.append(row)


# ---- elementwise binary ------------------------------------------------------------------------
for op, f in [
    ("add", torch.add),
    ("sub", torch.sub),
    ("mul", torch.mul),
    ("div", torch.div),
]:
    case(f"{op} same shape", op, f, [rnd(2, 3), rnd(2, 3)])
    case(f"{op} [3,1]x[4]", op, f, [rnd(3, 1), rnd(4)])
    case(f"{op} [2,3,4]x[4]", op, f, [rnd(2, 3, 4), rnd(4)])
    case(f"{op} [4]x[2,1,4]", op, f, [rnd(4), rnd(2, 1, 4)])
    case(f"{op} [3]x0-d", op, f, [rnd(3), rnd()])
    case(f"{op} scalar", op, lambda x, f=f: f(x, 1.5), [rnd(2, 3)], {"other": 1.5})
case("div by negative scalar", "div", lambda x: x / -0.25, [rnd(5)], {"other": -0.25})
case("add alpha", "add", lambda x, y: torch.add(x, y, alpha=2.5), [rnd(2, 3), rnd(3)], {"alpha": 2.5})
case("sub alpha", "sub", lambda x, y: torch.sub(x, y, alpha=-2), [rnd(3, 1), rnd(2)], {"alpha": -2})
case("rsub scalar", "rsub", lambda x: 1 - x, [rnd(4)], {"other": 1})
case("pow tensor", "pow", torch.pow, [pos(2, 3), rnd(2, 3)])
case("pow tensor [3,1]x[4]", "pow", torch.pow, [pos(3, 1), rnd(4)])
case("pow scalar 2", "pow", lambda x: x**2, [rnd(2, 3)], {"other": 2})
case("pow scalar 3", "pow", lambda x: x**3, [rnd(5)], {"other": 3})
case("pow scalar 0.5", "pow", lambda x: x**0.5, [pos(5)], {"other": 0.5})
case("pow scalar -1", "pow", lambda x: x**-1, [pos(5)], {"other": -1})
case("pow scalar -1.5", "pow", lambda x: x**-1.5, [pos(4)], {"other": -1.5})
case("pow scalar 0", "pow", lambda x: x**0, [rnd(3)], {"other": 0})
case("maximum", "maximum", torch.maximum, [rnd(2, 3), rnd(3)])
case("minimum", "minimum", torch.minimum, [rnd(3, 1), rnd(4)])
tie = torch.tensor([1.0, 2.0, 3.0, -1.0])
case("maximum ties", "maximum", torch.maximum, [tie, torch.tensor([1.0, 0.0, 3.0, 2.0])])
case("minimum ties", "minimum", torch.minimum, [tie, torch.tensor([1.0, 0.0, 3.0, 2.0])])

# ---- elementwise unary -------------------------------------------------------------------------
for op in ["neg", "exp", "tanh", "sigmoid", "relu", "abs"]:
    case(op, op, getattr(torch, op), [rnd(2, 3)])
case("log", "log", torch.log, [pos(2, 3)])
case("sqrt", "sqrt", torch.sqrt, [pos(2, 3)])
case("relu at 0", "relu", torch.relu, [torch.tensor([-1.0, 0.0, 0.5, 0.0, 2.0])])
case("abs at 0", "abs", torch.abs, [torch.tensor([-1.5, 0.0, 0.5])])
case("sigmoid large", "sigmoid", torch.sigmoid, [torch.tensor([-100.0, -20.0, 0.0, 20.0, 100.0])])
case("tanh large", "tanh", torch.tanh, [torch.tensor([-30.0, -3.0, 0.0, 3.0, 30.0])])
case("exp float64", "exp", torch.exp, [rnd(2, 3, dtype=f64)])
b = torch.tensor([-2.0, -0.5, -0.25, 0.0, 0.3, 0.5, 1.0])
case("clamp min", "clamp", lambda x: x.clamp(min=-0.25), [b], {"min": -0.25})
case("clamp max", "clamp", lambda x: x.clamp(max=0.5), [b], {"max": 0.5})
case("clamp both", "clamp", lambda x: x.clamp(-0.5, 0.5), [b], {"min": -0.5, "max": 0.5})
case("clamp 2-D", "clamp", lambda x: x.clamp(-1, 1), [rnd(3, 4)], {"min": -1, "max": 1})

# ---- matmul ------------------------------------------------------------------------------------
for a, b_ in [
    ((4,), (4,)),
    ((4,), (4, 3)),
    ((2, 4), (4,)),
    ((3, 4), (4, 2)),
    ((1, 1), (1, 5)),
    ((2, 3, 4), (2, 4, 2)),
    ((2, 1, 2, 3), (3, 3, 2)),
    ((3, 4), (2, 4, 2)),
    ((2, 2, 3), (3, 4)),
    ((3,), (2, 3, 2)),
    ((2, 2, 3), (3,)),
]:
    name = "matmul " + "x".join("[" + ",".join(map(str, s)) + "]" for s in (a, b_))
    case(name, "matmul", torch.matmul, [rnd(*a), rnd(*b_)])
case("matmul float64", "matmul", torch.matmul, [rnd(3, 4, dtype=f64), rnd(4, 2, dtype=f64)])
case("mm", "mm", torch.mm, [rnd(2, 3), rnd(3, 4)])

# ---- reductions --------------------------------------------------------------------------------
x3 = rnd(2, 3, 2)
for op in ["sum", "mean"]:
    f = getattr(torch, op)
    case(f"{op} all", op, f, [x3])
    case(f"{op} dim 0", op, lambda x, f=f: f(x, 0), [x3], {"dim": 0})
    case(f"{op} dim 1", op, lambda x, f=f: f(x, 1), [x3], {"dim": 1})
    case(f"{op} dim -1 keepdim", op, lambda x, f=f: f(x, -1, keepdim=True), [x3], {"dim": -1, "keepdim": True})
    case(f"{op} dims [0,2]", op, lambda x, f=f: f(x, (0, 2)), [x3], {"dim": [0, 2]})
    case(f"{op} dims [2,0] keepdim", op, lambda x, f=f: f(x, (2, 0), keepdim=True), [x3], {"dim": [2, 0], "keepdim": True})
    case(f"{op} dims all keepdim", op, lambda x, f=f: f(x, (0, 1, 2), keepdim=True), [x3], {"dim": [0, 1, 2], "keepdim": True})
    case(f"{op} 1-D", op, f, [rnd(5)])
    case(f"{op} float64", op, lambda x, f=f: f(x, 1), [rnd(3, 2, dtype=f64)], {"dim": 1})
case("sum int32", "sum", torch.sum, [ints(2, 3)])
case("sum int32 dim", "sum", lambda x: x.sum(1), [ints(2, 3)], {"dim": 1})
case("sum bool", "sum", torch.sum, [torch.tensor([True, False, True])])

m = torch.tensor([[1.0, 3.0, 3.0, -1.0], [2.0, 0.5, -4.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
for op in ["max", "min"]:
    f = getattr(torch, op)
    case(f"{op} all", op, f, [rnd(3, 4)])
    case(f"{op} all ties", op, f, [torch.tensor([[1.0, 5.0, -2.0], [5.0, 0.0, -2.0]])])
    case(f"{op} dim 0", op, lambda x, f=f: f(x, 0), [rnd(3, 4)], {"dim": 0})
    case(f"{op} dim 1 ties", op, lambda x, f=f: f(x, 1), [m], {"dim": 1})
    case(f"{op} dim -1 keepdim", op, lambda x, f=f: f(x, -1, keepdim=True), [rnd(2, 3, 2)], {"dim": -1, "keepdim": True})
    case(f"{op} dim 1 of 3-D", op, lambda x, f=f: f(x, 1), [rnd(2, 3, 2)], {"dim": 1})
for op in ["argmax", "argmin"]:
    f = getattr(torch, op)
    case(f"{op} all", op, f, [rnd(3, 4)])
    case(f"{op} dim 1 ties", op, lambda x, f=f: f(x, 1), [m], {"dim": 1})
    case(f"{op} dim 0 keepdim", op, lambda x, f=f: f(x, 0, keepdim=True), [rnd(3, 4)], {"dim": 0, "keepdim": True})

big = torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -999.0]])
for op, f in [("softmax", torch.softmax), ("logSoftmax", torch.log_softmax)]:
    case(f"{op} dim 1", op, lambda x, f=f: f(x, 1), [rnd(2, 5)], {"dim": 1})
    case(f"{op} dim 0", op, lambda x, f=f: f(x, 0), [rnd(3, 2)], {"dim": 0})
    case(f"{op} large values", op, lambda x, f=f: f(x, 1), [big], {"dim": 1})
    case(f"{op} large values dim 0", op, lambda x, f=f: f(x, 0), [big], {"dim": 0})
    for d in [0, 1, -1]:
        case(f"{op} 3-D dim {d}", op, lambda x, f=f, d=d: f(x, d), [rnd(2, 3, 2)], {"dim": d})
    case(f"{op} 1-D", op, lambda x, f=f: f(x, 0), [rnd(4)], {"dim": 0})
    case(f"{op} float64", op, lambda x, f=f: f(x, -1), [rnd(2, 3, dtype=f64)], {"dim": -1})

# ---- shape and movement ------------------------------------------------------------------------
x = rnd(2, 3, 4)
case("reshape", "reshape", lambda x: x.reshape(4, 6), [x], {"shape": [4, 6]})
case("reshape -1", "reshape", lambda x: x.reshape(-1, 2, 3), [x], {"shape": [-1, 2, 3]})
case("reshape to 0-d", "reshape", lambda x: x.reshape([]), [rnd(1, 1)], {"shape": []})
case("view", "view", lambda x: x.view(6, 4), [x], {"shape": [6, 4]})
case("flatten", "flatten", torch.flatten, [x])
case("flatten 1..2", "flatten", lambda x: x.flatten(1, 2), [x], {"start": 1, "end": 2})
case("flatten 0..1", "flatten", lambda x: x.flatten(0, 1), [x], {"start": 0, "end": 1})
case("squeeze", "squeeze", torch.squeeze, [rnd(1, 3, 1, 2)])
case("squeeze dim", "squeeze", lambda x: x.squeeze(2), [rnd(1, 3, 1, 2)], {"dim": 2})
case("squeeze dim not 1", "squeeze", lambda x: x.squeeze(1), [rnd(1, 3, 1, 2)], {"dim": 1})
case("unsqueeze 0", "unsqueeze", lambda x: x.unsqueeze(0), [rnd(2, 3)], {"dim": 0})
case("unsqueeze -1", "unsqueeze", lambda x: x.unsqueeze(-1), [rnd(2, 3)], {"dim": -1})
case("unsqueeze 1", "unsqueeze", lambda x: x.unsqueeze(1), [rnd(2, 3)], {"dim": 1})
case("transpose", "transpose", lambda x: x.transpose(0, 2), [x], {"dim0": 0, "dim1": 2})
case("transpose -1 -2", "transpose", lambda x: x.transpose(-1, -2), [x], {"dim0": -1, "dim1": -2})
case("t", "t", torch.t, [rnd(2, 3)])
case("t 1-D", "t", torch.t, [rnd(3)])
case("permute", "permute", lambda x: x.permute(2, 0, 1), [x], {"dims": [2, 0, 1]})
case("permute 4-D", "permute", lambda x: x.permute(1, 3, 0, 2), [rnd(2, 3, 2, 2)], {"dims": [1, 3, 0, 2]})
case("expand", "expand", lambda x: x.expand(2, 3, 4), [rnd(3, 1)], {"shape": [2, 3, 4]})
case("expand -1", "expand", lambda x: x.expand(-1, 4), [rnd(3, 1)], {"shape": [-1, 4]})
case("expand 0-d", "expand", lambda x: x.expand(2, 2), [rnd()], {"shape": [2, 2]})
case("cat dim 0", "cat", lambda a, b: torch.cat([a, b], 0), [rnd(2, 3), rnd(1, 3)], {"dim": 0})
case("cat dim 1", "cat", lambda a, b, c: torch.cat([a, b, c], 1), [rnd(2, 1), rnd(2, 3), rnd(2, 2)], {"dim": 1})
case("cat dim -1 3-D", "cat", lambda a, b: torch.cat([a, b], -1), [rnd(2, 2, 1), rnd(2, 2, 3)], {"dim": -1})
case("stack dim 0", "stack", lambda a, b: torch.stack([a, b], 0), [rnd(2, 3), rnd(2, 3)], {"dim": 0})
case("stack dim 1", "stack", lambda a, b, c: torch.stack([a, b, c], 1), [rnd(2, 3), rnd(2, 3), rnd(2, 3)], {"dim": 1})
case("stack dim -1", "stack", lambda a, b: torch.stack([a, b], -1), [rnd(3), rnd(3)], {"dim": -1})
case("narrow", "narrow", lambda x: x.narrow(1, 1, 2), [x], {"dim": 1, "start": 1, "length": 2})
case("narrow dim -1", "narrow", lambda x: x.narrow(-1, 0, 3), [x], {"dim": -1, "start": 0, "length": 3})
case("slice rows", "slice", lambda x: x[1:3], [rnd(4, 2)], {"start": 1, "end": 3})
case("slice negative", "slice", lambda x: x[:, -2:], [rnd(2, 5)], {"start": -2, "dim": 1})
case("slice clipped", "slice", lambda x: x[-10:2], [rnd(4)], {"start": -10, "end": 2})
case("index", "index", lambda x: x[1], [x], {"i": 1})
case("index negative", "index", lambda x: x[-1], [rnd(3, 2)], {"i": -1})
case("index 1-D", "index", lambda x: x[2], [rnd(4)], {"i": 2})
case("indexSelect dim 0", "indexSelect", lambda x: x.index_select(0, idx([2, 0, 2])), [rnd(3, 2)], {"dim": 0, "index": [2, 0, 2]})
case("indexSelect dim 2", "indexSelect", lambda x: x.index_select(2, idx([3, 1])), [x], {"dim": 2, "index": [3, 1]})
case("gather dim 1", "gather", lambda x, i: x.gather(1, i), [rnd(3, 4), idx([[0, 3], [1, 1], [2, 0]])], {"dim": 1})
case("gather dim 0", "gather", lambda x, i: x.gather(0, i), [rnd(3, 2), idx([[2, 0], [1, 1], [0, 0], [2, 2]])], {"dim": 0})
case("clone", "clone", torch.clone, [rnd(2, 2)])
case("to float64", "to", lambda x: x.to(f64), [rnd(3)], {"dtype": "float64"})
case("to float32", "to", lambda x: x.to(f32), [rnd(3, dtype=f64)], {"dtype": "float32"})

# ---- where and comparisons ---------------------------------------------------------------------
cond = torch.tensor([[True, False, True], [False, False, True]])
case("where", "where", torch.where, [cond, rnd(2, 3), rnd(2, 3)])
case("where broadcast", "where", torch.where, [torch.tensor([True, False, True]), rnd(2, 1), rnd(3)])
case("where scalar b", "where", lambda c, a: torch.where(c, a, 0.0), [cond, rnd(2, 3)], {"b": 0})
case("where scalar a", "where", lambda c, b: torch.where(c, 2.5, b), [cond, rnd(3)], {"a": 2.5})
ca = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
cb = torch.tensor([2.0, 2.0, -1.0])
for op in ["eq", "ne", "gt", "ge", "lt", "le"]:
    f = getattr(torch, op)
    case(f"{op}", op, f, [ca, cb])
    case(f"{op} scalar", op, lambda x, f=f: f(x, 2.0), [ca], {"other": 2})

# ---- dtypes ------------------------------------------------------------------------------------
case("float64 add stays float64", "add", torch.add, [rnd(2, 3, dtype=f64), rnd(3, dtype=f64)])
case("float64 mul scalar stays float64", "mul", lambda x: x * 2.5, [rnd(3, dtype=f64)], {"other": 2.5})
case("float32 + float64 -> float64", "add", torch.add, [rnd(3), rnd(2, 3, dtype=f64)])
case("float32 * float64 -> float64", "mul", torch.mul, [rnd(2, 3), rnd(3, dtype=f64)])
case("int32 + float32 -> float32", "add", torch.add, [ints(2, 3), rnd(3)])
case("int32 * float32 -> float32", "mul", torch.mul, [rnd(3), ints(2, 3)])
case("int32 * 2.5 -> float32", "mul", lambda x: x * 2.5, [ints(4)], {"other": 2.5})
case("int32 + 2 -> int32", "add", lambda x: x + 2, [ints(4)], {"other": 2})
case("int32 - int32 -> int32", "sub", torch.sub, [ints(4), ints(4)])
case("int32 / int32 -> float32", "div", torch.div, [ints(4), ints(4, lo=1)])
case("int32 exp -> float32", "exp", torch.exp, [ints(3, lo=-2, hi=3)])
case("float32 + float64 0-d -> float32", "add", torch.add, [rnd(3), rnd(dtype=f64)])
case("float64 0-d * float32 -> float32", "mul", torch.mul, [rnd(dtype=f64), rnd(2, 2)])
case("int32 + float32 0-d -> float32", "add", torch.add, [ints(3), rnd()])
case("cat float32 float64", "cat", lambda a, b: torch.cat([a, b]), [rnd(2), rnd(3, dtype=f64)], {"dim": 0})
case("int32 * float64 0-d -> float64", "mul", torch.mul, [ints(3), rnd(dtype=f64)])
case("where float32 float64 0-d -> float32", "where", torch.where, [torch.tensor([True, False]), rnd(2), rnd(dtype=f64)])
case("where float32 float64", "where", torch.where, [torch.tensor([True, False]), rnd(2), rnd(2, dtype=f64)])


# ---- 0-d tensors, empty tensors and edge values ------------------------------------------------
s0 = torch.tensor(2.5)
nan = float("nan")
case("sum 0-d dim 0", "sum", lambda x: x.sum(0), [s0], {"dim": 0})
case("sum 0-d dim -1 keepdim", "sum", lambda x: x.sum(-1, keepdim=True), [s0], {"dim": -1, "keepdim": True})
case("mean 0-d dim 0", "mean", lambda x: x.mean(0), [s0], {"dim": 0})
case("max 0-d dim 0", "max", lambda x: x.max(0), [s0], {"dim": 0})
case("min 0-d", "min", torch.min, [s0])
case("argmax 0-d dim 0", "argmax", lambda x: x.argmax(0), [s0], {"dim": 0})
case("softmax 0-d", "softmax", lambda x: x.softmax(0), [s0], {"dim": 0})
case("logSoftmax 0-d", "logSoftmax", lambda x: x.log_softmax(-1), [s0], {"dim": -1})
case("squeeze 0-d", "squeeze", lambda x: x.squeeze(0), [s0], {"dim": 0})
case("unsqueeze 0-d", "unsqueeze", lambda x: x.unsqueeze(0), [s0], {"dim": 0})
case("flatten 0-d", "flatten", torch.flatten, [s0])
case("t 0-d", "t", torch.t, [s0])
case("mul 0-d x 0-d", "mul", torch.mul, [s0, torch.tensor(-1.5)])
case("clamp min > max", "clamp", lambda x: x.clamp(1, 0), [torch.tensor([0.5, 2.0, -1.0])], {"min": 1, "max": 0})
case("clamp nan", "clamp", lambda x: x.clamp(-1, 1), [torch.tensor([nan, -2.0, 0.5])], {"min": -1, "max": 1})
case("relu nan", "relu", torch.relu, [torch.tensor([nan, -1.0, 1.0])])
case("pow 0 ** 0", "pow", torch.pow, [torch.tensor([0.0, 0.0, 2.0, 0.0]), torch.tensor([0.0, 2.0, 0.0, 1.0])])
case("narrow negative start", "narrow", lambda x: x.narrow(1, -2, 2), [rnd(2, 4)], {"dim": 1, "start": -2, "length": 2})
case("sum empty dim 0", "sum", lambda x: x.sum(0), [torch.zeros(0, 3)], {"dim": 0})
case("matmul empty inner dim", "matmul", torch.matmul, [torch.zeros(2, 0), torch.zeros(0, 3)])
case("cat with an empty piece", "cat", lambda a, b: torch.cat([a, b]), [torch.zeros(0, 2), rnd(2, 2)], {"dim": 0})

# ---- printing ----------------------------------------------------------------------------------
formats = []


def fmt(name, t, arange=None, requires_grad=False):
    if requires_grad:
        t = t.detach().requires_grad_()
    row = {"name": name, "str": str(t), "requires_grad": requires_grad}
    if arange is not None:
        row.update({"arange": arange, "shape": list(t.shape)})
        if t.dtype != f32:
            row["dtype"] = DTYPE[t.dtype]
    else:
        row.update(enc(t))
    formats.append(row)


def ar(n, shape, mul=1.0, add=0.0, dtype=f32):
    """torch.arange(n) * mul + add in dtype, reshaped; the test rebuilds it from the formula."""
    t = torch.arange(n, dtype=dtype) * mul + add
    return t.reshape(shape), {"n": n, "mul": mul, "add": add}


fmt("ints as floats", torch.tensor([1.0, 2.0, -3.0]))
fmt("decimals", torch.tensor([[0.1, -2.5], [3.14159, 100.0]]))
fmt("negative decimals", torch.tensor([-0.5, 0.25, -12.125]))
fmt("scientific small", torch.tensor([1e-5, 1.0, 100.0]))
fmt("scientific large", torch.tensor([1.5e10, 1.0]))
fmt("scientific ratio", torch.tensor([0.01, 25.5]))
fmt("int-valued ratio > 1000", torch.tensor([1.0, 10000.0]))
fmt("int-valued 1e8", torch.tensor([1e8, 2e7]))
fmt("int-valued above 1e8", torch.tensor([2e8, 1.0]))
fmt("zeros", torch.zeros(2, 2))
fmt("0-d", torch.tensor(3.5))
fmt("0-d int-valued", torch.tensor(-2.0))
fmt("requires_grad", torch.tensor([0.5, 1.5]), requires_grad=True)
fmt("float64", torch.tensor([1.25, -2.0], dtype=f64))
fmt("float64 requires_grad", torch.tensor([1.25, -2.0], dtype=f64), requires_grad=True)
fmt("int32", torch.tensor([[1, -20], [300, 4]], dtype=i32))
fmt("bool", torch.tensor([True, False, True]))
fmt("nan and inf", torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]))
fmt("-inf with ints", torch.tensor([-float("inf"), 1.0]))
fmt("rounding ties", torch.tensor([0.03125, 1.0, -0.15625]))
fmt("rounding ties sci", torch.tensor([1.03125e-5, 1.0]))
fmt("empty", torch.tensor([]))
fmt("empty 2-D", torch.zeros(0, 3))
fmt("empty int32", torch.zeros(0, dtype=i32))
fmt("2-D", rnd(3, 4))
fmt("3-D", *ar(24, (2, 3, 4), 0.5, -3.0))
fmt("4-D", *ar(16, (2, 2, 2, 2)))
fmt("long 1-D wraps", *ar(30, (30,), 0.07, -1.0))
fmt("long int32 wraps", *ar(40, (40,), 1, -20, i32))
fmt("wide 2-D wraps", *ar(40, (2, 20), 0.5))
fmt("large 1-D summarized", *ar(2000, (2000,)))
fmt("large 2-D summarized", *ar(1200, (40, 30), 0.25, -100.0))
fmt("large 3-D summarized", *ar(2000, (20, 10, 10), 0.5))
fmt("large 2-D few rows", *ar(1500, (3, 500), 0.001))


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "ops.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "ops": cases, "format": formats}, f, separators=(",", ":"))
    print(path, len(cases), "op cases,", len(formats), "format cases,", os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
