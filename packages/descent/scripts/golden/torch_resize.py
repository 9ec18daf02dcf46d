"""Golden fixtures for descent's resizeBilinear (used by loadFashionMnist's `resize`).

Run: /usr/bin/python3 scripts/golden/torch_resize.py

Writes test/fixtures/torch/resize.json: an input batch [2, 1, 5, 7] and, for several output
sizes, torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False) in float32.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch", "resize.json")

x = torch.from_numpy(np.random.RandomState(0).rand(2, 1, 5, 7).astype(np.float32))
cases = []
for size in [(3, 4), (10, 14), (5, 7), (8, 3), (1, 1), (28, 28)]:
    y = F.interpolate(x, size=size, mode="bilinear", align_corners=False)
    cases.append({"size": list(size), "out": y.flatten().tolist()})
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "shape": list(x.shape), "input": x.flatten().tolist(), "cases": cases}, f)
print("wrote", OUT)
