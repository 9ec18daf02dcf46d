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


# ---- schedulers -----------------------------------------------------------------------------

LAMBDAS = {
    # descent's test has the same functions by name
    "pow095": lambda e: 0.95**e,
    "inverseDecade": lambda e: 1 / (1 + e // 10),
}
S = optim.lr_scheduler


def scheduler_cases():
    return [
        # name, descent options, optimizer ("SGD" with momentum 0.9 or "Adam"), factory
        ("MultiStepLR", {"milestones": [5, 12, 12, 30], "gamma": 0.5}, "SGD", lambda o: S.MultiStepLR(o, [5, 12, 12, 30], gamma=0.5)),
        ("LinearLR", {}, "SGD", lambda o: S.LinearLR(o)),
        ("LinearLR", {"startFactor": 1.0, "endFactor": 0.2, "totalIters": 20}, "SGD", lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.2, total_iters=20)),
        ("LambdaLR", {"lrLambda": "pow095"}, "SGD", lambda o: S.LambdaLR(o, LAMBDAS["pow095"])),
        ("LambdaLR", {"lrLambda": ["pow095", "inverseDecade"]}, "SGD", lambda o: S.LambdaLR(o, [LAMBDAS["pow095"], LAMBDAS["inverseDecade"]])),
        ("OneCycleLR", {"maxLr": 0.5, "totalSteps": 50}, "SGD", lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=50)),
        ("OneCycleLR", {"maxLr": [0.4, 0.04], "epochs": 5, "stepsPerEpoch": 10, "annealStrategy": "linear", "pctStart": 0.25, "divFactor": 10.0, "finalDivFactor": 100.0}, "Adam", lambda o: S.OneCycleLR(o, max_lr=[0.4, 0.04], epochs=5, steps_per_epoch=10, anneal_strategy="linear", pct_start=0.25, div_factor=10.0, final_div_factor=100.0)),
        ("OneCycleLR", {"maxLr": 0.3, "totalSteps": 50, "threePhase": True, "cycleMomentum": False}, "SGD", lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=50, three_phase=True, cycle_momentum=False)),
        ("CosineAnnealingWarmRestarts", {"t0": 10}, "SGD", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10)),
        ("CosineAnnealingWarmRestarts", {"t0": 4, "tMult": 2, "etaMin": 0.001}, "SGD", lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2, eta_min=0.001)),
        ("SequentialLR", {"schedulers": [["LinearLR", {"startFactor": 0.1, "totalIters": 5}], ["ExponentialLR", {"gamma": 0.9}]], "milestones": [5]}, "SGD",
         lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.ExponentialLR(o, gamma=0.9)], milestones=[5])),
        ("SequentialLR", {"schedulers": [["LinearLR", {"startFactor": 0.5, "totalIters": 4}], ["CosineAnnealingLR", {"tMax": 20}], ["MultiStepLR", {"milestones": [3, 8], "gamma": 0.5}]], "milestones": [6, 30]}, "SGD",
         lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, total_iters=4), S.CosineAnnealingLR(o, T_max=20), S.MultiStepLR(o, [3, 8], gamma=0.5)], milestones=[6, 30])),
    ]


def plateau_cases():
    rs = np.random.RandomState(8)
    # a loss that falls, stalls and falls again, with noise
    metrics = [float(round(2.0 * math.exp(-i / 8) + (0.3 if 20 <= i < 35 else 0) + rs.rand() * 0.05, 6)) for i in range(STEPS)]
    return metrics, [
        ({}, {}),
        ({"mode": "min", "factor": 0.5, "patience": 3, "threshold": 0.01, "cooldown": 2, "minLr": 0.004}, dict(mode="min", factor=0.5, patience=3, threshold=0.01, cooldown=2, min_lr=0.004)),
        ({"mode": "max", "factor": 0.3, "patience": 2, "thresholdMode": "abs", "threshold": 0.05}, dict(mode="max", factor=0.3, patience=2, threshold_mode="abs", threshold=0.05)),
        ({"patience": 1, "minLr": [0.05, 0.0001]}, dict(patience=1, min_lr=[0.05, 0.0001])),
    ]


def two_groups(kind):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    if kind == "Adam":
        return optim.Adam([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1)
    return optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1, momentum=0.9)


def momentum_of(o):
    return [g["betas"][0] if "betas" in g else g["momentum"] for g in o.param_groups]


def scheduler_runs():
    out = []
    for name, opts, kind, make in scheduler_cases():
        o = two_groups(kind)
        s = make(o)
        lrs, moms = [s.get_last_lr()], [momentum_of(o)]
        for _ in range(STEPS if name != "OneCycleLR" else STEPS - 1):
            o.step()
            s.step()
            lrs.append(s.get_last_lr())
            moms.append(momentum_of(o))
        out.append({"scheduler": name, "options": opts, "optimizer": kind, "lrs": lrs, "momentum": moms})
    metrics, cases = plateau_cases()
    for opts, kw in cases:
        o = two_groups("SGD")
        s = S.ReduceLROnPlateau(o, **kw)
        lrs = [[g["lr"] for g in o.param_groups]]
        for m in metrics:
            o.step()
            s.step(m)
            lrs.append([g["lr"] for g in o.param_groups])
        out.append({"scheduler": "ReduceLROnPlateau", "options": opts, "optimizer": "SGD", "metrics": metrics, "lrs": lrs})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    write("optimizers.json", {"torch": torch.__version__, "mlp": optimizer_runs(), "dynamicNet": dynamic_net()})
    write("lr_schedulers.json", {"torch": torch.__version__, "groupLrs": [0.1, 0.01], "cases": scheduler_runs()})


if __name__ == "__main__":
    main()
