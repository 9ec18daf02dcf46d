"""PyTorch's runs of the seed's softmax program with every optimizer the CLI's --optimizer takes.

From the seed's SoftmaxNet with the initial weights of torch_seed_runs.py (torch.manual_seed(0),
the same as packages/cli/test/fixtures/seed_softmax_init.safetensors), full batch, one step per
epoch, each configuration below (the CLI's flags --optimizer, --lr, --momentum, --weight-decay;
every other option at PyTorch's default) for EPOCHS epochs; writes the loss of each epoch to
packages/cli/test/fixtures/optimizer_runs.json, which packages/cli/test/optimizers.test.ts compares
with `descent run seed-softmax --init ... --optimizer NAME ...`.

Usage: /usr/bin/python3 scripts/golden/torch_cli_optimizers.py
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.optim as optim

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from seed_models import SoftmaxNet  # noqa: E402
from torch_seed_runs import OUT, data  # noqa: E402

EPOCHS = 25

# (CLI name, torch class, CLI flags as torch keyword arguments)
CONFIGS = [
    ("sgd", optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    ("sgd", optim.SGD, {"lr": 0.1, "weight_decay": 0.01}),
    ("adam", optim.Adam, {"lr": 0.01}),
    ("adamw", optim.AdamW, {"lr": 0.01}),
    ("adamw", optim.AdamW, {"lr": 0.01, "weight_decay": 0.1}),
    ("rmsprop", optim.RMSprop, {"lr": 0.01}),
    ("rmsprop", optim.RMSprop, {"lr": 0.01, "momentum": 0.5}),
    ("adagrad", optim.Adagrad, {"lr": 0.1}),
    ("adadelta", optim.Adadelta, {"lr": 1.0, "weight_decay": 0.001}),
    ("adamax", optim.Adamax, {"lr": 0.02}),
    ("nadam", optim.NAdam, {"lr": 0.02}),
    ("radam", optim.RAdam, {"lr": 0.01}),
]


def run(cls, kwargs, X, y):
    torch.manual_seed(0)
    model = SoftmaxNet()
    criterion = nn.CrossEntropyLoss()
    optimizer = cls(model.parameters(), **kwargs)
    losses = []
    for _ in range(EPOCHS):
        loss = criterion(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main():
    X, y = data()
    y = y.long()
    runs = []
    for name, cls, kwargs in CONFIGS:
        flags = {"lr": kwargs["lr"]}
        if "momentum" in kwargs:
            flags["momentum"] = kwargs["momentum"]
        if "weight_decay" in kwargs:
            flags["weightDecay"] = kwargs["weight_decay"]
        runs.append({"optimizer": name, "flags": flags, "losses": run(cls, kwargs, X, y)})
    path = os.path.join(OUT, "optimizer_runs.json")
    with open(path, "w") as f:
        json.dump({"about": "written by scripts/golden/torch_cli_optimizers.py; see its docstring",
                   "torch": torch.__version__, "epochs": EPOCHS, "runs": runs}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path), len(runs), "runs")


if __name__ == "__main__":
    main()
