"""PyTorch's runs of the seed's two programs, for descent's CLI parity tests.

The seed (shared/seed) trains, on make_classification(n_samples=1000, n_features=4,
n_informative=2, n_redundant=0, random_state=42):
  - LinearNet: fc1 = Linear(4, 10), sigmoid, fc2 = Linear(10, 1), sigmoid; BCELoss; SGD lr 0.1;
  - SoftmaxNet: fc = Linear(4, 3), softmax; CrossEntropyLoss (on the softmax, as the seed does);
    SGD lr 0.1;
full batch, one step per epoch. This script exports each model's initial weights (torch.manual_seed
0) as safetensors with PyTorch's key names, and the loss of each of the first EPOCHS epochs (the
loss of that epoch's forward pass, before the step), the accuracy the seed prints (softmax: from
that epoch's outputs) and the final accuracy.

Usage (with the system Python that has torch 1.13 and scikit-learn 1.2):

  /usr/bin/python3 scripts/golden/torch_seed_runs.py
      writes packages/cli/test/fixtures/seed_mlp_init.safetensors, seed_softmax_init.safetensors and
      seed_runs.json.

  /usr/bin/python3 scripts/golden/torch_seed_runs.py verify MODEL FILE
      MODEL is seed-mlp or seed-softmax. Reads FILE (written by descent) as PyTorch would, loads it
      strictly into the model, and checks every tensor is bit for bit the one in the init file.
      Exits 1 with the reason on any difference.

The safetensors format is written with scripts/golden/torch_safetensors.py's `encode` (no
`safetensors` package needed).
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.optim as optim
from sklearn.datasets import make_classification

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from seed_models import LinearNet, SoftmaxNet  # noqa: E402
from torch_safetensors import decode, encode, raw_bytes  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "..", "cli", "test", "fixtures")
EPOCHS = 300
LR = 0.1


def data():
    X, y = make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0,
                               random_state=42)
    return torch.from_numpy(X).float(), torch.from_numpy(y)


def run_mlp(X, y):
    torch.manual_seed(0)
    model = LinearNet()
    init = {k: v.clone() for k, v in model.state_dict().items()}
    y = y.float().view(-1, 1)
    criterion = nn.BCELoss()
    optimizer = optim.SGD(model.parameters(), lr=LR)
    epochs = []
    for epoch in range(EPOCHS):
        outputs = model(X)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epochs.append({"epoch": epoch + 1, "loss": loss.item()})
    with torch.no_grad():
        predicted = (model(X) >= 0.5).float()
        accuracy = (predicted == y).float().mean().item()
    return init, {"epochs": epochs, "final_accuracy": accuracy}


def run_softmax(X, y):
    torch.manual_seed(0)
    model = SoftmaxNet()
    init = {k: v.clone() for k, v in model.state_dict().items()}
    y = y.long()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LR)
    epochs = []
    for epoch in range(EPOCHS):
        outputs = model(X)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        _, predicted = torch.max(outputs.data, 1)
        accuracy = (predicted == y).sum().item() / len(y)
        epochs.append({"epoch": epoch + 1, "loss": loss.item(), "accuracy": accuracy})
    with torch.no_grad():
        _, predicted = torch.max(model(X).data, 1)
        accuracy = (predicted == y).sum().item() / len(y)
    return init, {"epochs": epochs, "final_accuracy": accuracy}


RUNS = {"seed-mlp": ("seed_mlp_init.safetensors", LinearNet, run_mlp),
        "seed-softmax": ("seed_softmax_init.safetensors", SoftmaxNet, run_softmax)}


def write():
    X, y = data()
    os.makedirs(OUT, exist_ok=True)
    side = {"about": "written by scripts/golden/torch_seed_runs.py; see its docstring",
            "torch": torch.__version__, "epochs": EPOCHS, "lr": LR}
    for name, (fname, _, run) in RUNS.items():
        init, result = run(X, y)
        with open(os.path.join(OUT, fname), "wb") as f:
            f.write(encode(init, {"format": "pt"}))
        side[name] = {"init": fname, **result}
    with open(os.path.join(OUT, "seed_runs.json"), "w") as f:
        json.dump(side, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT))


def verify(name, path):
    fname, cls, _ = RUNS[name]
    with open(os.path.join(OUT, fname), "rb") as f:
        _, _, expected, _ = decode(f.read(), fname)
    with open(path, "rb") as f:
        _, _, got, _ = decode(f.read(), path)
    model = cls()
    model.load_state_dict(got, strict=True)
    for k, t in model.state_dict().items():
        e = expected[k]
        if t.dtype != e.dtype or list(t.shape) != list(e.shape) or raw_bytes(t) != raw_bytes(e):
            print(f"torch_seed_runs verify: FAILED: {path}: {k} differs from {fname}",
                  file=sys.stderr)
            sys.exit(1)
    print(f"torch_seed_runs verify: OK: {path} loads into {cls.__name__}, bit for bit")


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        write()
    elif args[0] == "verify" and len(args) == 3 and args[1] in RUNS:
        verify(args[1], args[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
