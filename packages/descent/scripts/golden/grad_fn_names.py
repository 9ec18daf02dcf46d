"""Golden fixture for descent's gradFn names: the class of PyTorch's grad_fn for each call.

Run with the system Python that has PyTorch (Debian python3-torch 1.13), from anywhere:

    /usr/bin/python3 scripts/golden/grad_fn_names.py

It writes test/fixtures/torch/grad_fn_names.json: one row per call, `{ id, gradFn, next }`, where
gradFn is `type(y.grad_fn).__name__` and next the names of the nodes one level down
(`y.grad_fn.next_functions`, inputs without a gradient left out; a leaf is `AccumulateGrad`).
The calls: every loss of descent's nn with each reduction (and the options that change the
graph), then issue 12's functions: elementwise, activations as F.*, reductions and scans,
the matmul family and the shape ops. Inputs are float32; their values do not change the names.
test/nn/grad_fn_names.test.ts makes the same calls in descent, keyed by id.
"""

import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "torch", "grad_fn_names.json")


def leaf(*shape):
    return torch.randn(*shape).requires_grad_()


def pos(*shape):
    return (torch.rand(*shape) + 0.5).requires_grad_()


def unit(*shape):
    return (torch.rand(*shape) * 0.8 + 0.1).requires_grad_()


# Plain inputs: x [4, 3], a target of the same shape, class indices [4].
def target():
    return torch.rand(4, 3)


def idx():
    return torch.tensor([0, 2, 1, 0])


LOSSES = {
    "MSELoss": lambda r: nn.MSELoss(reduction=r)(leaf(4, 3), target()),
    "L1Loss": lambda r: nn.L1Loss(reduction=r)(leaf(4, 3), target()),
    "SmoothL1Loss": lambda r: nn.SmoothL1Loss(reduction=r)(leaf(4, 3), target()),
    "SmoothL1Loss.beta0": lambda r: nn.SmoothL1Loss(reduction=r, beta=0.0)(leaf(4, 3), target()),
    "HuberLoss": lambda r: nn.HuberLoss(reduction=r, delta=0.5)(leaf(4, 3), target()),
    "BCELoss": lambda r: nn.BCELoss(reduction=r)(unit(4, 3), target()),
    "BCELoss.weight": lambda r: nn.BCELoss(reduction=r, weight=torch.rand(3))(unit(4, 3), target()),
    "BCEWithLogitsLoss": lambda r: nn.BCEWithLogitsLoss(reduction=r)(leaf(4, 3), target()),
    "BCEWithLogitsLoss.posWeight": lambda r: nn.BCEWithLogitsLoss(
        reduction=r, weight=torch.rand(3), pos_weight=torch.rand(3)
    )(leaf(4, 3), target()),
    "NLLLoss": lambda r: nn.NLLLoss(reduction=r)(leaf(4, 3), idx()),
    "NLLLoss.weight": lambda r: nn.NLLLoss(reduction=r, weight=torch.rand(3), ignore_index=1)(
        leaf(4, 3), idx()
    ),
    "NLLLoss.4d": lambda r: nn.NLLLoss(reduction=r)(leaf(2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2))),
    "NLLLoss.3d": lambda r: nn.NLLLoss(reduction=r)(leaf(2, 3, 4), torch.randint(0, 3, (2, 4))),
    "CrossEntropyLoss": lambda r: nn.CrossEntropyLoss(reduction=r)(leaf(4, 3), idx()),
    "CrossEntropyLoss.weight": lambda r: nn.CrossEntropyLoss(reduction=r, weight=torch.rand(3))(
        leaf(4, 3), idx()
    ),
    "CrossEntropyLoss.4d": lambda r: nn.CrossEntropyLoss(reduction=r)(
        leaf(2, 3, 2, 2), torch.randint(0, 3, (2, 2, 2))
    ),
    "CrossEntropyLoss.3d": lambda r: nn.CrossEntropyLoss(reduction=r)(
        leaf(2, 3, 4), torch.randint(0, 3, (2, 4))
    ),
    "CrossEntropyLoss.probs": lambda r: nn.CrossEntropyLoss(reduction=r)(
        leaf(4, 3), torch.rand(4, 3).softmax(1)
    ),
    "CrossEntropyLoss.smoothing": lambda r: nn.CrossEntropyLoss(reduction=r, label_smoothing=0.1)(
        leaf(4, 3), idx()
    ),
    "KLDivLoss": lambda r: nn.KLDivLoss(reduction=r)(leaf(4, 3), target()),
    "KLDivLoss.logTarget": lambda r: nn.KLDivLoss(reduction=r, log_target=True)(leaf(4, 3), target()),
    "MarginRankingLoss": lambda r: nn.MarginRankingLoss(reduction=r, margin=0.1)(
        leaf(4), leaf(4), torch.tensor([1.0, -1.0, 1.0, -1.0])
    ),
    "MultiLabelSoftMarginLoss": lambda r: nn.MultiLabelSoftMarginLoss(reduction=r)(
        leaf(4, 3), target().round()
    ),
}

# Issue 12's functions (and the basics beside them), by descent's name.
FUNCTIONS = {
    # elementwise
    "add": lambda: leaf(4, 3) + leaf(4, 3),
    "addScalar": lambda: leaf(4, 3) + 2,
    "sub": lambda: leaf(4, 3) - leaf(4, 3),
    "rsub": lambda: 1 - leaf(4, 3),
    "mul": lambda: leaf(4, 3) * leaf(4, 3),
    "mulScalar": lambda: leaf(4, 3) * 2,
    "div": lambda: leaf(4, 3) / pos(4, 3),
    "divScalar": lambda: leaf(4, 3) / 2,
    "pow": lambda: pos(4, 3) ** 2.5,
    "powTensor": lambda: pos(4, 3) ** leaf(4, 3),
    "neg": lambda: -leaf(4, 3),
    "exp": lambda: leaf(4, 3).exp(),
    "log": lambda: pos(4, 3).log(),
    "sqrt": lambda: pos(4, 3).sqrt(),
    "abs": lambda: leaf(4, 3).abs(),
    "sigmoid": lambda: leaf(4, 3).sigmoid(),
    "tanh": lambda: leaf(4, 3).tanh(),
    "relu": lambda: leaf(4, 3).relu(),
    "clamp": lambda: leaf(4, 3).clamp(-0.5, 0.5),
    "clampMin": lambda: leaf(4, 3).clamp(min=0),
    "sin": lambda: leaf(4, 3).sin(),
    "cos": lambda: leaf(4, 3).cos(),
    "tan": lambda: leaf(4, 3).tan(),
    "asin": lambda: unit(4, 3).asin(),
    "acos": lambda: unit(4, 3).acos(),
    "atan": lambda: leaf(4, 3).atan(),
    "atan2": lambda: torch.atan2(leaf(4, 3), leaf(4, 3)),
    "sinh": lambda: leaf(4, 3).sinh(),
    "cosh": lambda: leaf(4, 3).cosh(),
    "log2": lambda: pos(4, 3).log2(),
    "log10": lambda: pos(4, 3).log10(),
    "log1p": lambda: pos(4, 3).log1p(),
    "expm1": lambda: leaf(4, 3).expm1(),
    "sign": lambda: leaf(4, 3).sign(),
    "floor": lambda: leaf(4, 3).floor(),
    "ceil": lambda: leaf(4, 3).ceil(),
    "round": lambda: leaf(4, 3).round(),
    "trunc": lambda: leaf(4, 3).trunc(),
    "frac": lambda: leaf(4, 3).frac(),
    "reciprocal": lambda: pos(4, 3).reciprocal(),
    "rsqrt": lambda: pos(4, 3).rsqrt(),
    "square": lambda: leaf(4, 3).square(),
    "maximum": lambda: torch.maximum(leaf(4, 3), leaf(4, 3)),
    "minimum": lambda: torch.minimum(leaf(4, 3), leaf(4, 3)),
    "fmod": lambda: torch.fmod(leaf(4, 3), 0.7),
    "fmodTensor": lambda: torch.fmod(leaf(4, 3), pos(4, 3)),
    "remainder": lambda: torch.remainder(leaf(4, 3), 0.7),
    "remainderTensor": lambda: torch.remainder(leaf(4, 3), pos(4, 3)),
    "lerp": lambda: torch.lerp(leaf(4, 3), leaf(4, 3), 0.3),
    "lerpTensor": lambda: torch.lerp(leaf(4, 3), leaf(4, 3), leaf(4, 3)),
    "erf": lambda: leaf(4, 3).erf(),
    "where": lambda: torch.where(torch.rand(4, 3) > 0.5, leaf(4, 3), leaf(4, 3)),
    # activations as F.*
    "F.relu": lambda: F.relu(leaf(4, 3)),
    "F.sigmoid": lambda: torch.sigmoid(leaf(4, 3)),
    "F.leakyRelu": lambda: F.leaky_relu(leaf(4, 3), 0.2),
    "F.elu": lambda: F.elu(leaf(4, 3)),
    "F.gelu": lambda: F.gelu(leaf(4, 3)),
    "F.geluTanh": lambda: F.gelu(leaf(4, 3), approximate="tanh"),
    "F.silu": lambda: F.silu(leaf(4, 3)),
    "F.softplus": lambda: F.softplus(leaf(4, 3)),
    "F.mish": lambda: F.mish(leaf(4, 3)),
    "F.hardtanh": lambda: F.hardtanh(leaf(4, 3)),
    "F.relu6": lambda: F.relu6(leaf(4, 3)),
    "F.logsigmoid": lambda: F.logsigmoid(leaf(4, 3)),
    "F.softsign": lambda: F.softsign(leaf(4, 3)),
    "F.softmax": lambda: F.softmax(leaf(4, 3), 1),
    "F.logSoftmax": lambda: F.log_softmax(leaf(4, 3), 1),
    "F.dropout": lambda: F.dropout(leaf(4, 3), 0.5),
    "F.linear": lambda: F.linear(leaf(4, 3), leaf(2, 3), leaf(2)),
    "F.linearNoBias": lambda: F.linear(leaf(4, 3), leaf(2, 3)),
    # reductions and scans
    "sum": lambda: leaf(4, 3).sum(),
    "sumDim": lambda: leaf(4, 3).sum(1),
    "mean": lambda: leaf(4, 3).mean(),
    "meanDim": lambda: leaf(4, 3).mean(1),
    "max": lambda: leaf(4, 3).max(),
    "maxDim": lambda: leaf(4, 3).max(1).values,
    "min": lambda: leaf(4, 3).min(),
    "minDim": lambda: leaf(4, 3).min(1).values,
    "std": lambda: leaf(4, 3).std(),
    "stdDim": lambda: leaf(4, 3).std(1, correction=0),
    "var": lambda: leaf(4, 3).var(),
    "varDim": lambda: leaf(4, 3).var(1, correction=0),
    "norm": lambda: leaf(4, 3).norm(),
    "norm1": lambda: leaf(4, 3).norm(p=1),
    "normInf": lambda: leaf(4, 3).norm(p=float("inf")),
    "normFro": lambda: leaf(4, 3).norm(p="fro"),
    "normDim": lambda: leaf(4, 3).norm(dim=1),
    "prod": lambda: leaf(4, 3).prod(),
    "prodDim": lambda: leaf(4, 3).prod(1),
    "cumsum": lambda: leaf(4, 3).cumsum(1),
    "cumprod": lambda: leaf(4, 3).cumprod(1),
    "logsumexp": lambda: leaf(4, 3).logsumexp(1),
    "sort": lambda: leaf(4, 3).sort(1).values,
    "topk": lambda: leaf(4, 3).topk(2, 1).values,
    "kthvalue": lambda: leaf(4, 3).kthvalue(2, 1).values,
    "median": lambda: leaf(4, 3).median(),
    "medianDim": lambda: leaf(4, 3).median(1).values,
    # matmul family
    "matmul": lambda: leaf(4, 3) @ leaf(3, 2),
    "mm": lambda: leaf(4, 3).mm(leaf(3, 2)),
    "bmm": lambda: leaf(2, 4, 3).bmm(leaf(2, 3, 2)),
    "dot": lambda: leaf(3).dot(leaf(3)),
    "mv": lambda: leaf(4, 3).mv(leaf(3)),
    "outer": lambda: torch.outer(leaf(4), leaf(3)),
    "trace": lambda: leaf(3, 3).trace(),
    "tril": lambda: leaf(3, 3).tril(),
    "triu": lambda: leaf(3, 3).triu(),
    "einsum": lambda: torch.einsum("ij,jk->ik", leaf(4, 3), leaf(3, 2)),
    # shape ops
    "view": lambda: leaf(4, 3).view(3, 4),
    "reshape": lambda: leaf(4, 3).reshape(12),
    "transpose": lambda: leaf(4, 3).transpose(0, 1),
    "t": lambda: leaf(4, 3).t(),
    "permute": lambda: leaf(2, 4, 3).permute(2, 0, 1),
    "squeeze": lambda: leaf(4, 1, 3).squeeze(1),
    "unsqueeze": lambda: leaf(4, 3).unsqueeze(1),
    "expand": lambda: leaf(1, 3).expand(4, 3),
    "cat": lambda: torch.cat([leaf(4, 3), leaf(2, 3)], 0),
    "stack": lambda: torch.stack([leaf(4, 3), leaf(4, 3)], 0),
    "narrow": lambda: leaf(4, 3).narrow(0, 1, 2),
    "select": lambda: leaf(4, 3)[1],
    "clone": lambda: leaf(4, 3).clone(),
    "repeat": lambda: leaf(4, 3).repeat(2, 1),
    "tile": lambda: leaf(4, 3).tile((2, 2)),
    "flip": lambda: leaf(4, 3).flip(0),
    "roll": lambda: leaf(4, 3).roll(1, 0),
    "chunk": lambda: leaf(4, 3).chunk(2, 0)[0],
    "split": lambda: leaf(4, 3).split(2, 0)[0],
    "unbind": lambda: leaf(4, 3).unbind(0)[0],
    "movedim": lambda: leaf(2, 4, 3).movedim(0, 2),
    "flatten": lambda: leaf(2, 4, 3).flatten(),
    "flattenRange": lambda: leaf(2, 4, 3).flatten(1, 2),
    "unflatten": lambda: leaf(4, 6).unflatten(1, (2, 3)),
    "broadcastTo": lambda: leaf(1, 3).broadcast_to((4, 3)),
    "meshgrid": lambda: torch.meshgrid(leaf(4), leaf(3), indexing="ij")[0],
}


def names(y):
    nxt = [type(f).__name__ for f, _ in y.grad_fn.next_functions if f is not None]
    return {"gradFn": type(y.grad_fn).__name__, "next": nxt}


def main():
    torch.manual_seed(0)
    rows = []
    for name, make in LOSSES.items():
        for r in ("mean", "sum", "none"):
            rows.append({"id": f"{name}.{r}", **names(make(r))})
    for name, make in FUNCTIONS.items():
        rows.append({"id": name, **names(make())})
    fx = {"torch": torch.__version__, "rows": rows}
    with open(OUT, "w") as f:
        json.dump(fx, f, indent=1)
        f.write("\n")
    print(f"wrote {len(rows)} rows to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
