"""Golden fixture for the target gradients of the binary cross-entropies, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_bce_target_grad.py

It writes test/fixtures/torch/bce_target_grad.json: for F.binary_cross_entropy and
F.binary_cross_entropy_with_logits with input and target both requiring gradients, each
reduction, with and without a weight (and, with logits, with and without pos_weight), in float32
and float64, the loss and both gradients (non-finite values as strings). The probabilities
include 0, 1 and 1e-30, where the target's gradient, -logit(x), is infinite or large.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch", "bce_target_grad.json")


def enc(t):
    vals = []
    for v in t.detach().reshape(-1).tolist():
        vals.append(v if math.isfinite(v) else str(v))
    return {"values": vals, "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}


PROBS = [[0.2, 0.7, 0.9], [0.0, 1.0, 1e-30]]
LOGITS = [[0.2, -1.5, 3.0], [-0.5, 0.0, 12.0]]
TARGET = [[0.0, 0.5, 1.0], [0.25, 1.0, 0.75]]
WEIGHT = [[1.0, 2.0, 0.5], [3.0, 1.5, 1.0]]
POS_WEIGHT = [2.0, 0.5, 1.5]

cases = []
for dtype in [torch.float32, torch.float64]:
    for loss in ["binaryCrossEntropy", "binaryCrossEntropyWithLogits"]:
        for red in ["mean", "sum", "none"]:
            for weighted in [False, True]:
                for pos in [False, True] if loss == "binaryCrossEntropyWithLogits" else [False]:
                    x = torch.tensor(LOGITS if pos or loss.endswith("Logits") else PROBS, dtype=dtype, requires_grad=True)
                    y = torch.tensor(TARGET, dtype=dtype, requires_grad=True)
                    w = torch.tensor(WEIGHT, dtype=dtype) if weighted else None
                    if loss == "binaryCrossEntropy":
                        out = F.binary_cross_entropy(x, y, weight=w, reduction=red)
                    else:
                        pw = torch.tensor(POS_WEIGHT, dtype=dtype) if pos else None
                        out = F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw, reduction=red)
                    upstream = torch.tensor([[1.0, 2.0, -1.0], [0.5, 1.0, 3.0]], dtype=dtype) if red == "none" else None
                    out.backward(upstream)
                    cases.append({
                        "loss": loss, "reduction": red, "dtype": str(dtype).replace("torch.", ""),
                        "weighted": weighted, "posWeight": pos,
                        "x": enc(x), "out": enc(out), "gradInput": enc(x.grad), "gradTarget": enc(y.grad),
                        "upstream": enc(upstream) if upstream is not None else None,
                    })

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "target": TARGET, "weight": WEIGHT, "posWeight": POS_WEIGHT,
               "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {OUT}")
