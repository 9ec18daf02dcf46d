"""Golden fixture for the dtypes of the pointwise regression losses, exported from PyTorch.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 scripts/golden/torch_loss_dtypes.py

It writes test/fixtures/torch/loss_dtypes.json: for F.l1_loss, F.smooth_l1_loss, F.huber_loss
and F.mse_loss, each reduction, and each pair of input and target dtypes among float32, float64
and int32, the result (values, dtype) and the gradients of the float sides (values, dtype), or
that PyTorch refuses the pair. PyTorch's rules differ by loss: l1, smooth L1 and MSE compute in
the promoted dtype (float64 if either side is, an int side cast to the other's float type);
Huber keeps the input's float dtype and refuses an int input. Where PyTorch 1.13's backward fails
on a mixed pair ("Found dtype Double but expected Float"), the case records that, and the
gradients of the same loss with the casts written out (x.to(dtype), y.to(dtype)).
"""

import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "torch", "loss_dtypes.json")


def enc(t):
    return {"values": t.detach().reshape(-1).tolist(), "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}


X = [[1.5, -2.0, 0.25], [3.0, 0.5, -1.0]]
Y = [[1.0, -1.0, 2.0], [0.0, 1.0, -3.0]]
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32}
LOSSES = {
    "l1Loss": lambda x, y, r: F.l1_loss(x, y, reduction=r),
    "smoothL1Loss": lambda x, y, r: F.smooth_l1_loss(x, y, reduction=r, beta=1.0),
    "huberLoss": lambda x, y, r: F.huber_loss(x, y, reduction=r, delta=1.0),
    "mseLoss": lambda x, y, r: F.mse_loss(x, y, reduction=r),
}

cases = []
for loss, fn in LOSSES.items():
    for xd in DTYPES:
        for yd in DTYPES:
            if xd == yd and xd != "int32":
                continue  # same float dtype: covered by losses.json
            for red in ["mean", "sum", "none"]:
                x = torch.tensor(X, dtype=DTYPES[xd])
                y = torch.tensor(Y, dtype=DTYPES[yd])
                if x.is_floating_point():
                    x.requires_grad_(True)
                if y.is_floating_point():
                    y.requires_grad_(True)
                case = {"loss": loss, "input": xd, "target": yd, "reduction": red}
                try:
                    out = fn(x, y, red)
                except Exception as e:  # PyTorch refuses the pair
                    case["error"] = str(e).splitlines()[0]
                    cases.append(case)
                    continue
                case["out"] = enc(out)
                if out.requires_grad:
                    try:
                        out.backward(torch.ones_like(out))
                        case["gradInput"] = enc(x.grad) if x.grad is not None else None
                        case["gradTarget"] = enc(y.grad) if y.grad is not None else None
                    except Exception as e:  # PyTorch 1.13's backward of some mixed pairs fails
                        case["backwardError"] = str(e).splitlines()[0]
                        # What the pair means, with the casts written out: its gradients.
                        x2 = x.detach().clone().requires_grad_(x.is_floating_point())
                        y2 = y.detach().clone().requires_grad_(y.is_floating_point())
                        cast = out.dtype if loss != "huberLoss" else x.dtype
                        out2 = fn(x2.to(cast), y2.to(cast), red)
                        out2.backward(torch.ones_like(out2))
                        case["gradInput"] = enc(x2.grad) if x2.grad is not None else None
                        case["gradTarget"] = enc(y2.grad) if y2.grad is not None else None
                cases.append(case)

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "x": X, "y": Y, "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {OUT}; refused: {sum('error' in c for c in cases)}")
