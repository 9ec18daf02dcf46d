"""Golden fixtures for descent's activation layers, containers, new losses and tied parameters.

Run with the system Python that has PyTorch (Debian python3-torch 1.13), from anywhere:

    /usr/bin/python3 scripts/golden/torch_layers.py

It writes test/fixtures/torch/layers.json:
  activations  LeakyReLU ELU GELU (both approximations) SiLU Softplus Mish Hardtanh ReLU6 LogSigmoid
               (with and without options): input (float64, including the kinks and thresholds),
               output, the input's gradient for an exported upstream gradient, and str(module)
  reprs        str(model) and state_dict keys of models built with Sequential.append / insert /
               add_module, ModuleList, ModuleDict, Dropout, buffers and the new activations
  losses       L1Loss SmoothL1Loss HuberLoss KLDivLoss MarginRankingLoss MultiLabelSoftMarginLoss
               for each reduction (and options): inputs, output and the gradient of every float
               input, float64
  tied         d2l's shared-layer model: state_dict keys (8, the shared layer under both names),
               named_parameters keys (dedup), the number of parameters, the state dict values, an
               input and PyTorch's output; and whether PyTorch loads (strict) the safetensors file
               that descent writes for it (scripts/golden/tied_write.ts, run from here)
  gains        nn.init.calculate_gain for each nonlinearity
  utils        clip_grad_norm_ (norm types 2, 1, inf, 3; clipping and not), clip_grad_value_ and
               parameters_to_vector on exported float32 gradients

Floats are written by json (Python's repr: shortest round-trip), so they parse back exactly.
"""

import json
import os
import subprocess
import sys

import torch
import torch.nn as nn

from torch_safetensors import decode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "torch")
D = torch.float64


def lst(t):
    return t.detach().tolist()


# ---- activations ----------------------------------------------------------------------------

ACTIVATIONS = [
    # descent module name, descent constructor arguments, PyTorch module
    ("LeakyReLU", [], nn.LeakyReLU()),
    ("LeakyReLU", [0.2], nn.LeakyReLU(0.2)),
    ("ELU", [], nn.ELU()),
    ("ELU", [0.5], nn.ELU(0.5)),
    ("GELU", [], nn.GELU()),
    ("GELU", ["tanh"], nn.GELU(approximate="tanh")),
    ("SiLU", [], nn.SiLU()),
    ("Softplus", [], nn.Softplus()),
    ("Softplus", [2, 10], nn.Softplus(beta=2, threshold=10)),
    ("Mish", [], nn.Mish()),
    ("Hardtanh", [], nn.Hardtanh()),
    ("Hardtanh", [-2, 0.5], nn.Hardtanh(-2.0, 0.5)),
    ("ReLU6", [], nn.ReLU6()),
    ("LogSigmoid", [], nn.LogSigmoid()),
]


def activations():
    g = torch.Generator().manual_seed(7)
    special = torch.tensor([0.0, -1.0, 1.0, 6.0, 0.5, -2.0, 5.0, 10.0, 20.0, 25.0, -30.0, 7.5], dtype=D)
    x = torch.cat([(torch.randn(24, generator=g, dtype=D) * 3).round(decimals=6), special]).view(4, 9)
    up = (torch.rand(4, 9, generator=g, dtype=D) + 0.5).round(decimals=6)
    out = []
    for name, args, m in ACTIVATIONS:
        xi = x.clone().requires_grad_(True)
        y = m(xi)
        y.backward(up)
        out.append({"module": name, "args": args, "repr": str(m), "input": lst(x), "upstream": lst(up), "output": lst(y), "grad": lst(xi.grad)})
    return out


# ---- printing and keys ----------------------------------------------------------------------


class WithBuffer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.register_buffer("running", torch.zeros(2))
        self.register_buffer("scratch", torch.zeros(1), persistent=False)
        self.head = nn.ModuleList([nn.Linear(2, 2), nn.Dropout(0.1)])

    def forward(self, x):
        return x


def reprs():
    seq = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
    seq.append(nn.Dropout(0.25))
    seq.insert(1, nn.LeakyReLU(0.1))
    seq.add_module("head", nn.Linear(8, 2))
    seq.append(nn.Softplus())
    nested = nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.GELU(approximate="tanh")), nn.ELU())
    dict_ = nn.ModuleDict({"cls": nn.Linear(8, 3), "act": nn.Hardtanh(-2.0, 2.0)})
    dict_["reg"] = nn.Linear(8, 1)
    mlist = nn.ModuleList([nn.Linear(2, 2), nn.SiLU()])
    mlist.insert(1, nn.Mish())
    mlist.append(nn.ReLU6())
    mlist.extend([nn.LogSigmoid()])
    models = {
        "sequential_api": seq,
        "nested": nested,
        "module_dict": dict_,
        "module_list": mlist,
        "with_buffer": WithBuffer(),
        "lazy": nn.LazyLinear(5),
    }
    return {k: {"repr": str(m), "keys": list(m.state_dict().keys())} for k, m in models.items()}


# ---- losses ---------------------------------------------------------------------------------


def losses():
    g = torch.Generator().manual_seed(11)

    def randn(*s, scale=1.0):
        return (torch.randn(s, generator=g, dtype=D) * scale).round(decimals=6)

    def uniform(lo, hi, *s):
        return (torch.rand(s, generator=g, dtype=D) * (hi - lo) + lo).round(decimals=6)

    x = randn(3, 4, scale=2.0)
    y = randn(3, 4, scale=2.0)
    y[0, 0] = x[0, 0]  # |d| = 0: L1's gradient sign(0) = 0
    y[1, 1] = x[1, 1] + 1.0  # |d| = beta exactly: SmoothL1's branch point
    logp = torch.log_softmax(randn(3, 4), 1).round(decimals=6)
    p = torch.softmax(randn(3, 4), 1).round(decimals=6)
    logq = torch.log_softmax(randn(3, 4), 1).round(decimals=6)
    x1, x2 = randn(6), randn(6)
    ys = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0], dtype=D)
    logits = randn(3, 5, scale=2.0)
    labels = torch.bernoulli(torch.full((3, 5), 0.5, dtype=D), generator=g)
    cw = uniform(0.5, 2.0, 5)
    cases = [
        # name, loss, descent options, PyTorch module kwargs, inputs, which inputs need grad
        ("l1", "L1Loss", {}, {}, [x, y], [0, 1]),
        ("smooth_l1", "SmoothL1Loss", {}, {}, [x, y], [0, 1]),
        ("smooth_l1_beta", "SmoothL1Loss", {"beta": 0.5}, {"beta": 0.5}, [x, y], [0, 1]),
        ("smooth_l1_beta0", "SmoothL1Loss", {"beta": 0}, {"beta": 0.0}, [x, y], [0, 1]),
        ("huber", "HuberLoss", {}, {}, [x, y], [0, 1]),
        ("huber_delta", "HuberLoss", {"delta": 2.5}, {"delta": 2.5}, [x, y], [0, 1]),
        ("kl_div", "KLDivLoss", {}, {}, [logp, p], [0, 1]),
        ("kl_div_log_target", "KLDivLoss", {"logTarget": True}, {"log_target": True}, [logp, logq], [0, 1]),
        ("kl_div_zero_target", "KLDivLoss", {}, {}, [logp, torch.tensor([[0.5, 0.0, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0]], dtype=D)], [0]),
        ("margin_ranking", "MarginRankingLoss", {}, {}, [x1, x2, ys], [0, 1]),
        ("margin_ranking_margin", "MarginRankingLoss", {"margin": 0.5}, {"margin": 0.5}, [x1, x2, ys], [0, 1]),
        ("multilabel_soft_margin", "MultiLabelSoftMarginLoss", {}, {}, [logits, labels], [0]),
        ("multilabel_soft_margin_weight", "MultiLabelSoftMarginLoss", {"weight": lst(cw)}, {"weight": cw}, [logits, uniform(0, 1, 3, 5)], [0]),
    ]
    out = []
    for name, loss, opts, kw, inputs, grad_of in cases:
        reductions = ["mean", "sum", "none"] + (["batchmean"] if loss == "KLDivLoss" else [])
        for reduction in reductions:
            crit = getattr(nn, loss)(reduction=reduction, **kw)
            ins = [t.clone().requires_grad_(i in grad_of) for i, t in enumerate(inputs)]
            y_ = crit(*ins)
            go = None
            if reduction == "none":
                go = uniform(0.5, 1.5, *y_.shape)
                y_.backward(go)
            else:
                y_.backward()
            out.append({
                "name": f"{name}/{reduction}", "loss": loss, "reduction": reduction, "options": opts,
                "inputs": [lst(t) for t in inputs], "gradOutput": None if go is None else lst(go),
                "output": lst(y_), "grads": [lst(t.grad) if i in grad_of else None for i, t in enumerate(ins)],
            })
    return out


# ---- init gains and nn.utils ----------------------------------------------------------------


def gains():
    names = ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]
    out = {n: nn.init.calculate_gain(n) for n in names}
    out["leaky_relu(0.2)"] = nn.init.calculate_gain("leaky_relu", 0.2)
    out["leaky_relu(sqrt5)"] = nn.init.calculate_gain("leaky_relu", 5**0.5)
    return out


def utils():
    g = torch.Generator().manual_seed(13)
    grads = [(torch.randn(3, 4, generator=g) * 2).round(decimals=4), (torch.randn(5, generator=g)).round(decimals=4)]
    out = {"grads": [lst(x) for x in grads], "clipNorm": [], "clipValue": {}}
    for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (2.0, 1.0), (0.5, float("inf")), (3.0, 3.0)]:
        ps = [torch.zeros_like(x, requires_grad=True) for x in grads]
        for p_, x in zip(ps, grads):
            p_.grad = x.clone()
        total = nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        out["clipNorm"].append({"maxNorm": max_norm, "normType": "inf" if norm_type == float("inf") else norm_type, "total": total.item(), "clipped": [lst(p_.grad) for p_ in ps]})
    ps = [torch.zeros_like(x, requires_grad=True) for x in grads]
    for p_, x in zip(ps, grads):
        p_.grad = x.clone()
    nn.utils.clip_grad_value_(ps, 0.75)
    out["clipValue"] = {"clipValue": 0.75, "clipped": [lst(p_.grad) for p_ in ps]}
    out["vector"] = lst(nn.utils.parameters_to_vector(grads))
    return out


# ---- tied parameters ------------------------------------------------------------------------


def tied_model():
    shared = nn.Linear(8, 8)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))


def tied():
    torch.manual_seed(5)
    net = tied_model()
    X = torch.rand(2, 4)
    return net, X, {
        "stateDictKeys": list(net.state_dict().keys()),
        "namedParameters": [k for k, _ in net.named_parameters()],
        "numParameters": len(list(net.parameters())),
        "state": {k: lst(v) for k, v in net.state_dict().items()},
        "input": lst(X),
        "output": lst(net(X)),
        "repr": str(net),
    }


def check_descent_file(fixture_path, X, expected):
    """descent writes the tied model's safetensors (from the fixture's state); PyTorch loads it."""
    path = os.path.join(OUT, "tied_from_descent.safetensors")
    subprocess.run(["node", "--import", "tsx", os.path.join(HERE, "tied_write.ts"), fixture_path, path], cwd=ROOT, check=True)
    with open(path, "rb") as f:
        _, order, tensors, _ = decode(f.read(), path)
    net = tied_model()
    result = net.load_state_dict(tensors, strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    assert torch.equal(net[2].weight, net[4].weight)
    out = net(X)
    assert torch.equal(out, torch.tensor(expected)), (out, expected)
    os.remove(path)
    return {"keys": sorted(name for name, _ in order), "loadedStrict": True, "outputEqual": True}


def main():
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "layers.json")
    net, X, tied_fx = tied()
    fx = {"torch": torch.__version__, "activations": activations(), "reprs": reprs(), "losses": losses(), "tied": tied_fx, "gains": gains(), "utils": utils()}
    with open(path, "w") as f:
        json.dump(fx, f, separators=(",", ":"))
    if "--no-descent" not in sys.argv:
        fx["tied"]["descentFile"] = check_descent_file(path, X, tied_fx["output"])
        with open(path, "w") as f:
            json.dump(fx, f, separators=(",", ":"))
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
