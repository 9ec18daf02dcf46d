"""Golden fixtures for descent's optimizers and learning-rate schedulers, exported from PyTorch.

Run with the system Python that has PyTorch (Debian python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_optim.py

It writes JSON to test/fixtures/torch/:
  optimizers.json     for every optimizer and option set, 50 full-batch steps of an MLP 4 -> 8 -> 3
                      in float64 (tanh, cross-entropy on three Gaussian blobs, the data of
                      torch_nn.py) from PyTorch's initial weights: the loss at every step and the
                      final weights (float64, so that the update rules are compared to 1e-9, not
                      float32's rounding, which 50 steps amplify past 1e-5 in places);
                      PyTorch's forms of the arguments (lr positionally, flat param groups with
                      their own options, betas); and the tutorial's DynamicNet (its parameter e
                      unused in some steps, in an exported order) trained with SGD + momentum after
                      zero_grad(set_to_none=True) and after zero_grad(set_to_none=False)
  lr_schedulers.json  the lr of two param groups after each of 50 scheduler.step() calls for the
                      schedulers beyond torch_nn.py's (and ReduceLROnPlateau on an exported
                      sequence of metrics)

Option names are descent's (camelCase); the script maps them to PyTorch's. Floats are written by
json (Python's repr: shortest round-trip), so they parse back exactly.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

from torch_nn import blobs, lst, mlp, state

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "torch")
STEPS = 50

KW = {
    "weightDecay": "weight_decay",
    "lrDecay": "lr_decay",
    "initialAccumulatorValue": "initial_accumulator_value",
    "momentumDecay": "momentum_decay",
}


def torch_kw(opts):
    kw = {KW.get(k, k): v for k, v in opts.items() if k not in ("beta1", "beta2")}
    if "beta1" in opts:
        kw["betas"] = (opts["beta1"], opts["beta2"])
    return kw


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


# ---- optimizers -----------------------------------------------------------------------------

CONFIGS = [
    # name, optimizer, descent options, param-group options (None: one group)
    ("rmsprop", "RMSprop", {"lr": 0.01}, None),
    ("rmsprop_centered_momentum", "RMSprop", {"lr": 0.005, "alpha": 0.9, "centered": True, "momentum": 0.8, "weightDecay": 1e-3}, None),
    ("rmsprop_momentum_maximize", "RMSprop", {"lr": 0.003, "momentum": 0.5, "eps": 1e-6, "maximize": True}, None),
    ("adagrad", "Adagrad", {"lr": 0.1}, None),
    ("adagrad_decay", "Adagrad", {"lr": 0.2, "lrDecay": 0.05, "weightDecay": 1e-2, "initialAccumulatorValue": 0.1, "eps": 1e-8}, None),
    ("adadelta", "Adadelta", {"lr": 1.0}, None),
    ("adadelta_rho", "Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weightDecay": 1e-3}, None),
    ("adamax", "Adamax", {"lr": 0.02}, None),
    ("adamax_betas", "Adamax", {"lr": 0.01, "beta1": 0.8, "beta2": 0.95, "weightDecay": 1e-2}, None),
    ("nadam", "NAdam", {"lr": 0.01}, None),
    ("nadam_decay", "NAdam", {"lr": 0.005, "beta1": 0.85, "beta2": 0.99, "momentumDecay": 0.01, "weightDecay": 1e-3}, None),
    ("radam", "RAdam", {"lr": 0.01}, None),
    ("radam_betas", "RAdam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.9, "weightDecay": 1e-3}, None),
    # PyTorch's flat param groups: a group's own options over the optimizer's
    ("sgd_flat_groups", "SGD", {"lr": 0.05, "momentum": 0.9}, [{"lr": 0.1, "weightDecay": 1e-2}, {"momentum": 0.5}]),
    ("adam_flat_groups_betas", "Adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99}, [{"beta1": 0.5, "beta2": 0.9}, {"lr": 0.002}]),
    ("rmsprop_groups", "RMSprop", {"lr": 0.01}, [{"centered": True}, {"lr": 0.002, "momentum": 0.9}]),
]


def optimizer_runs():
    X_np, y_np = blobs()
    X = torch.from_numpy(X_np).double()
    y = torch.from_numpy(y_np).long()
    runs = {}
    for name, opt_name, opts, groups in CONFIGS:
        torch.manual_seed(2)
        model = mlp("tanh").double()
        init = state(model)
        if groups:
            params = [
                {"params": model[0].parameters(), **torch_kw(groups[0])},
                {"params": model[2].parameters(), **torch_kw(groups[1])},
            ]
        else:
            params = model.parameters()
        optimizer = getattr(optim, opt_name)(params, **torch_kw(opts))
        criterion = nn.CrossEntropyLoss()
        losses = []
        for _ in range(STEPS):
            loss = criterion(model(X), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        runs[name] = {
            "optimizer": opt_name,
            "options": opts,
            "groups": groups,
            "initial": init,
            "losses": losses,
            "final": state(model),
        }
    return {"data": {"X": X_np.tolist(), "y": y_np.tolist()}, "runs": runs}


class DynamicNet(nn.Module):
    """The tutorial's DynamicNet, with the number of e terms given instead of drawn."""

    def __init__(self):
        super().__init__()
        self.a = nn.Parameter(torch.randn(()))
        self.b = nn.Parameter(torch.randn(()))
        self.c = nn.Parameter(torch.randn(()))
        self.d = nn.Parameter(torch.randn(()))
        self.e = nn.Parameter(torch.randn(()))

    def forward(self, x, extra):
        y = self.a + self.b * x + self.c * x**2 + self.d * x**3
        for exp in range(4, 4 + extra):
            y = y + self.e * x**exp
        return y


def dynamic_net():
    x = torch.linspace(-math.pi, math.pi, 200)
    y = torch.sin(x)
    rs = np.random.RandomState(5)
    extras = rs.randint(0, 3, size=STEPS).tolist()  # as random.randint(4, 6) - 4
    out = {"x": lst(x), "y": lst(y), "extras": extras, "lr": 1e-6, "momentum": 0.9, "runs": {}}
    for set_to_none in (True, False):
        torch.manual_seed(3)
        model = DynamicNet()
        init = state(model)
        optimizer = optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
        criterion = nn.MSELoss(reduction="sum")
        losses = []
        for extra in extras:
            loss = criterion(model(x, extra), y)
            optimizer.zero_grad(set_to_none=set_to_none)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        out["runs"]["setToNone" if set_to_none else "zeroFilled"] = {"initial": init, "losses": losses, "final": state(model)}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    write("optimizers.json", {"torch": torch.__version__, "mlp": optimizer_runs(), "dynamicNet": dynamic_net()})


if __name__ == "__main__":
    main()
