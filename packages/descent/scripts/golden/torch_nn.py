"""Golden fixtures for descent's nn and optim, exported from PyTorch.

Run with the system Python that has PyTorch (Debian python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_nn.py

It writes JSON to test/fixtures/torch/:
  losses.json    every loss module with reduction mean/sum/none: forward values and input
                 gradients (float64), incl. BCE's -100 log clamp, BCEWithLogits with large logits,
                 weight and pos_weight, CrossEntropy with indices, probabilities, weight,
                 ignore_index (the default -100 present in the targets), label smoothing,
                 1-D and [N, C, d] inputs, NLL
  training.json  whole training runs (float32): PyTorch's initial weights, the loss at every
                 step and the final weights, for the seed's two programs (300 full-batch epochs
                 on test/fixtures/seed/data.json) and for an MLP trained in mini-batches of a
                 fixed, exported order with SGD (momentum, nesterov, weight decay, param groups),
                 Adam, Adam with amsgrad and AdamW
  modules.json   str(model) of a few models and their state_dict keys and shapes
  schedulers.json  the lr after each scheduler.step() of StepLR, ExponentialLR,
                 CosineAnnealingLR, with two param groups

Floats are written by json (Python's repr: shortest round-trip), so they parse back exactly.
Option names are descent's (camelCase); the script maps them to PyTorch's.
"""

import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

from seed_models import LinearNet, SoftmaxNet

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "torch")


def lst(t):
    return t.detach().tolist()


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


# ---- losses ---------------------------------------------------------------------------------

# descent option name -> PyTorch keyword
TORCH_KW = {
    "weight": "weight",
    "posWeight": "pos_weight",
    "ignoreIndex": "ignore_index",
    "labelSmoothing": "label_smoothing",
}
MODULES = {
    "MSELoss": nn.MSELoss,
    "BCELoss": nn.BCELoss,
    "BCEWithLogitsLoss": nn.BCEWithLogitsLoss,
    "CrossEntropyLoss": nn.CrossEntropyLoss,
    "NLLLoss": nn.NLLLoss,
}


def loss_cases():
    g = torch.Generator().manual_seed(1234)
    d = torch.float64

    def randn(*s, scale=1.0):
        return (torch.randn(tuple(s), generator=g, dtype=d) * scale).round(decimals=6)

    def uniform(lo, hi, *s):
        return (torch.rand(tuple(s), generator=g, dtype=d) * (hi - lo) + lo).round(decimals=6)

    def probs(*s):
        return torch.softmax(randn(*s), dim=1 if len(s) > 1 else 0).round(decimals=6)

    def idx(*vals):
        return torch.tensor(vals, dtype=torch.long)

    w4 = torch.tensor([0.5, 2.0, 1.0, 0.25], dtype=d)
    w3 = torch.tensor([1.5, 0.5, 1.0], dtype=d)
    cases = []

    def add(name, loss, x, t, options=None, edge=False):
        cases.append((name, loss, x, t, options or {}, edge))

    add("mse", "MSELoss", randn(3, 4), randn(3, 4))
    add("mse_1d", "MSELoss", randn(5), randn(5))

    add("bce", "BCELoss", uniform(0.05, 0.95, 3, 4), torch.bernoulli(torch.full((3, 4), 0.5, dtype=d), generator=g))
    add("bce_soft_target", "BCELoss", uniform(0.05, 0.95, 3, 4), uniform(0, 1, 3, 4))
    # inputs exactly 0 and 1: each log is clamped at -100 and the gradient's denominator at 1e-12
    edge_x = torch.tensor([[0.0, 1.0, 0.0, 1.0], [0.0, 1.0, 0.5, 0.25]], dtype=d)
    edge_y = torch.tensor([[0.0, 1.0, 1.0, 0.0], [0.25, 0.75, 1.0, 0.0]], dtype=d)
    add("bce_edges", "BCELoss", edge_x, edge_y, edge=True)
    # tiny inputs: PyTorch takes log1p(-x), which keeps ln(1 - x) ~ -x where 1 - x rounds to 1
    tiny = torch.tensor([[1e-20, 2.0**-30, 1e-5, 1 - 2.0**-20]], dtype=d)
    add("bce_tiny", "BCELoss", tiny, torch.tensor([[0.0, 0.0, 0.5, 1.0]], dtype=d), edge=True)
    add("bce_weight", "BCELoss", uniform(0.05, 0.95, 3, 4), torch.bernoulli(torch.full((3, 4), 0.5, dtype=d), generator=g), {"weight": w4})

    add("bcel", "BCEWithLogitsLoss", randn(3, 4, scale=3.0), torch.bernoulli(torch.full((3, 4), 0.5, dtype=d), generator=g))
    big = torch.tensor([[-1000.0, -100.0, -50.0, -20.0], [20.0, 50.0, 100.0, 1000.0]], dtype=d)
    add("bcel_large", "BCEWithLogitsLoss", big, torch.tensor([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.3, 0.0]], dtype=d))
    add("bcel_weight", "BCEWithLogitsLoss", randn(3, 4, scale=2.0), uniform(0, 1, 3, 4), {"weight": w4})
    add("bcel_pos_weight", "BCEWithLogitsLoss", randn(3, 4, scale=2.0), torch.bernoulli(torch.full((3, 4), 0.5, dtype=d), generator=g), {"posWeight": torch.tensor([1.0, 3.0, 0.5, 2.0], dtype=d)})
    add("bcel_weight_pos_weight", "BCEWithLogitsLoss", torch.cat([big, randn(1, 4, scale=2.0)]), torch.tensor([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0], [1.0, 0.5, 0.0, 1.0]], dtype=d), {"weight": w4, "posWeight": torch.tensor([2.0, 0.5, 4.0, 1.0], dtype=d)})

    t5 = idx(0, 3, 1, 1, 2)
    add("ce", "CrossEntropyLoss", randn(5, 4, scale=2.0), t5)
    add("ce_weight", "CrossEntropyLoss", randn(5, 4, scale=2.0), t5, {"weight": w4})
    add("ce_ignore_default", "CrossEntropyLoss", randn(5, 4, scale=2.0), idx(0, -100, 3, -100, 2))
    add("ce_ignore_custom_weight", "CrossEntropyLoss", randn(5, 4, scale=2.0), idx(1, 0, 1, 3, 2), {"ignoreIndex": 1, "weight": w4})
    add("ce_smoothing", "CrossEntropyLoss", randn(5, 4, scale=2.0), t5, {"labelSmoothing": 0.1})
    add("ce_smoothing_ignore", "CrossEntropyLoss", randn(5, 4, scale=2.0), idx(2, -100, 0, 3, 3), {"labelSmoothing": 0.25})
    add("ce_smoothing_weight_ignore", "CrossEntropyLoss", randn(5, 4, scale=2.0), idx(2, -100, 0, 3, 1), {"labelSmoothing": 0.2, "weight": w4})
    add("ce_probs", "CrossEntropyLoss", randn(5, 4, scale=2.0), probs(5, 4))
    add("ce_probs_weight_smoothing", "CrossEntropyLoss", randn(5, 4, scale=2.0), probs(5, 4), {"weight": w4, "labelSmoothing": 0.15})
    add("ce_1d", "CrossEntropyLoss", randn(4, scale=2.0), torch.tensor(2))
    add("ce_1d_probs", "CrossEntropyLoss", randn(4, scale=2.0), probs(4))
    add("ce_nd", "CrossEntropyLoss", randn(2, 3, 4, scale=2.0), torch.tensor([[0, 2, 1, -100], [2, 2, 0, 1]]))
    add("ce_nd_weight_smoothing", "CrossEntropyLoss", randn(2, 3, 4, scale=2.0), torch.tensor([[0, 2, 1, 1], [2, -100, 0, 1]]), {"weight": w3, "labelSmoothing": 0.1})
    add("ce_1d_smoothing", "CrossEntropyLoss", randn(4, scale=2.0), torch.tensor(1), {"labelSmoothing": 0.3})
    add("ce_4d", "CrossEntropyLoss", randn(2, 3, 2, 2, scale=2.0), torch.tensor([[[0, 2], [1, 1]], [[2, -100], [0, 1]]]), {"weight": w3})
    add("ce_nd_probs", "CrossEntropyLoss", randn(2, 3, 4, scale=2.0), probs(2, 3, 4))

    add("nll", "NLLLoss", torch.log_softmax(randn(5, 4, scale=2.0), 1).round(decimals=6), t5)
    add("nll_weight_ignore", "NLLLoss", torch.log_softmax(randn(5, 4, scale=2.0), 1).round(decimals=6), idx(2, 0, 2, 3, 1), {"weight": w4, "ignoreIndex": 2})
    add("nll_ignore_default", "NLLLoss", torch.log_softmax(randn(5, 4, scale=2.0), 1).round(decimals=6), idx(-100, 0, 2, 3, -100))
    add("nll_nd", "NLLLoss", torch.log_softmax(randn(2, 3, 4, scale=2.0), 1).round(decimals=6), torch.tensor([[0, 2, -100, 1], [2, 2, 0, 1]]), {"weight": w3})
    add("nll_1d", "NLLLoss", torch.log_softmax(randn(4, scale=2.0), 0).round(decimals=6), torch.tensor(3))

    out = []
    for name, loss, x, t, options, edge in cases:
        for reduction in ("mean", "sum", "none"):
            kw = {TORCH_KW[k]: v for k, v in options.items()}
            crit = MODULES[loss](reduction=reduction, **kw)
            xi = x.clone().requires_grad_(True)
            y = crit(xi, t)
            go = None
            if reduction == "none":
                go = uniform(0.5, 1.5, *y.shape)
                y.backward(go)
            else:
                y.backward()
            out.append(
                {
                    "name": f"{name}/{reduction}",
                    "loss": loss,
                    "reduction": reduction,
                    "options": {k: (lst(v) if torch.is_tensor(v) else v) for k, v in options.items()},
                    "input": lst(x),
                    "target": lst(t),
                    "targetDtype": "int32" if t.dtype == torch.long else "float",
                    "gradOutput": None if go is None else lst(go),
                    "output": lst(y),
                    "inputGrad": lst(xi.grad),
                    "edge": edge,
                }
            )
    return out


# ---- modules (LinearNet and SoftmaxNet: seed_models.py) -------------------------------------


def mlp(act):
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh() if act == "tanh" else nn.ReLU(), nn.Linear(8, 3))


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.body = nn.Sequential(nn.Linear(6, 5, bias=False), nn.ReLU(), nn.Identity())
        self.head = nn.Linear(5, 2)
        self.out = nn.LogSoftmax(dim=1)

    def forward(self, x):
        return self.out(self.head(self.body(self.flatten(x))))


def module_fixtures():
    models = {
        "LinearNet": LinearNet(),
        "SoftmaxNet": SoftmaxNet(),
        "MLP": mlp("tanh"),
        "Nested": Nested(),
        "SoftmaxSeq": nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1)),
    }
    out = {}
    for k, m in models.items():
        out[k] = {
            "repr": str(m),
            "keys": list(m.state_dict().keys()),
            "shapes": [list(v.shape) for v in m.state_dict().values()],
        }
    out["losses"] = {name: str(cls()) for name, cls in MODULES.items()}
    return out


# ---- training -------------------------------------------------------------------------------


def state(model):
    return {k: lst(v) for k, v in model.state_dict().items()}


def seed_data():
    with open(os.path.join(ROOT, "test", "fixtures", "seed", "data.json")) as f:
        d = json.load(f)
    return torch.tensor(d["X"]).float(), torch.tensor(d["y"])


def seed_runs(epochs=300):
    X, labels = seed_data()
    runs = {}

    torch.manual_seed(0)
    model = LinearNet()
    init = state(model)
    y = labels.float().view(-1, 1)
    criterion = nn.BCELoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(epochs):
        outputs = model(X)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        acc = ((model(X) >= 0.5).float() == y).float().mean().item()
    runs["seed_linearnet"] = {"model": "LinearNet", "epochs": epochs, "lr": 0.1, "initial": init, "losses": losses, "final": state(model), "accuracy": acc}

    torch.manual_seed(0)
    model = SoftmaxNet()
    init = state(model)
    y = labels.long()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(epochs):
        outputs = model(X)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        _, predicted = torch.max(model(X).data, 1)
        acc = (predicted == y).sum().item() / len(y)
    runs["seed_softmaxnet"] = {"model": "SoftmaxNet", "epochs": epochs, "lr": 0.1, "initial": init, "losses": losses, "final": state(model), "accuracy": acc}
    return runs


def blobs(n_per=30, seed=7):
    """Three Gaussian blobs in 4-D, float32 (exported, so no RNG parity is needed)."""
    rs = np.random.RandomState(seed)
    centers = np.array([[1.5, 0.0, -1.0, 0.5], [-1.0, 1.5, 0.5, -0.5], [0.0, -1.5, 1.0, 1.0]])
    X = np.concatenate([rs.randn(n_per, 4) * 0.8 + c for c in centers]).astype(np.float32)
    y = np.repeat(np.arange(3), n_per)
    return X, y


def mlp_runs():
    X_np, y_np = blobs()
    X = torch.from_numpy(X_np)
    y = torch.from_numpy(y_np).long()
    n = len(y)
    rs = np.random.RandomState(3)
    epochs, batch = 6, 32
    batches = []
    for _ in range(epochs):
        perm = rs.permutation(n)
        batches += [perm[i : i + batch].tolist() for i in range(0, n, batch)]

    configs = [
        # name, activation, optimizer, descent options, param-group lrs (None: one group)
        ("sgd_nesterov", "tanh", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 1e-3}, None),
        ("sgd_dampening_groups", "relu", "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.1}, [0.1, 0.02]),
        ("adam", "relu", "Adam", {"lr": 0.01}, None),
        ("adam_amsgrad", "tanh", "Adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "weightDecay": 1e-3, "amsgrad": True}, None),
        ("adamw", "relu", "AdamW", {"lr": 0.01, "weightDecay": 0.05}, None),
    ]
    runs = {}
    for name, act, opt_name, opts, groups in configs:
        torch.manual_seed(1)
        model = mlp(act)
        init = state(model)
        kw = {{"weightDecay": "weight_decay"}.get(k, k): v for k, v in opts.items() if k not in ("beta1", "beta2")}
        if "beta1" in opts:
            kw["betas"] = (opts["beta1"], opts["beta2"])
        if groups:
            params = [{"params": model[0].parameters(), "lr": groups[0]}, {"params": model[2].parameters(), "lr": groups[1]}]
        else:
            params = model.parameters()
        optimizer = getattr(optim, opt_name)(params, **kw)
        criterion = nn.CrossEntropyLoss()
        losses = []
        for b in batches:
            idx = torch.tensor(b)
            loss = criterion(model(X[idx]), y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        runs[name] = {
            "model": "MLP",
            "activation": act,
            "optimizer": opt_name,
            "options": opts,
            "groupLrs": groups,
            "initial": init,
            "losses": losses,
            "final": state(model),
        }
    return {"data": {"X": X_np.tolist(), "y": y_np.tolist(), "batches": batches}, "runs": runs}


# ---- schedulers -----------------------------------------------------------------------------


def scheduler_fixtures(steps=16):
    cases = [
        ("StepLR", {"stepSize": 3, "gamma": 0.5}, lambda o: optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
        ("ExponentialLR", {"gamma": 0.9}, lambda o: optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
        ("CosineAnnealingLR", {"tMax": 5, "etaMin": 0.001}, lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001)),
        ("CosineAnnealingLR", {"tMax": 4}, lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=4)),
    ]
    out = []
    for name, opts, make in cases:
        a = torch.zeros(2, requires_grad=True)
        b = torch.zeros(2, requires_grad=True)
        o = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1)
        s = make(o)
        lrs = [s.get_last_lr()]
        for _ in range(steps):
            o.step()
            s.step()
            lrs.append(s.get_last_lr())
        out.append({"scheduler": name, "options": opts, "groupLrs": [0.1, 0.01], "lrs": lrs})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_printoptions(precision=8)
    write("losses.json", {"torch": torch.__version__, "cases": loss_cases()})
    write("modules.json", {"torch": torch.__version__, **module_fixtures()})
    write("training.json", {"torch": torch.__version__, "seed": seed_runs(), "mlp": mlp_runs()})
    write("schedulers.json", {"torch": torch.__version__, "cases": scheduler_fixtures()})


if __name__ == "__main__":
    main()
