"""W1-W5 in PyTorch eager, written as the seed and d2l write them, with PyTorch's defaults
(no set_num_threads). A worker of bench/run.ts: reads a task name per line on stdin ("W1".."W5",
"memory", "exit") and answers with one line "@@bench {json}" (see bench/common.ts, Reply).

Run: /usr/bin/python3 bench/workloads/torch_bench.py --data DIR --plan FILE
"""

import argparse
import ctypes
import gc
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn, optim

MARK = "@@bench "
BATCH = 256
LR = 0.1


def send(reply):
    sys.stdout.write(MARK + json.dumps(reply) + "\n")
    sys.stdout.flush()


parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--plan", required=True)
args = parser.parse_args()
with open(os.path.join(args.data, "manifest.json")) as f:
    manifest = json.load(f)
with open(args.plan) as f:
    plan = json.load(f)


def array(name):
    e = manifest[name]
    dtype = np.float32 if e["dtype"] == "float32" else np.int32
    return np.fromfile(os.path.join(args.data, e["file"]), dtype=dtype).reshape(e["shape"])


def linear(workload, name):
    """nn.Linear holding the workload's initial weights for `name` (fc, fc1, fc2)."""
    w = torch.from_numpy(array(f"{workload}.{name}.weight"))
    b = torch.from_numpy(array(f"{workload}.{name}.bias"))
    layer = nn.Linear(w.shape[1], w.shape[0])
    layer.load_state_dict({"weight": w, "bias": b})
    return layer


# ---- data and models (the seed's and d2l's code) ---------------------------------------------

_seed = {}


def seed():
    if not _seed:
        _seed["X"] = torch.from_numpy(array("seed_X"))
        y = torch.from_numpy(array("seed_y"))
        _seed["y_float"] = y.float().view(-1, 1)
        _seed["y_long"] = y.long()
    return _seed


_fashion = {}


def fashion():
    if not _fashion:
        _fashion["X"] = torch.from_numpy(array("fashion_X"))
        _fashion["y"] = torch.from_numpy(array("fashion_y")).long()
    return _fashion


class LinearNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = linear("W1", "fc1")
        self.fc2 = linear("W1", "fc2")
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.fc1(x)
        x = self.sigmoid(x)
        x = self.fc2(x)
        x = self.sigmoid(x)
        return x


class SoftmaxNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = linear("W2", "fc")

    def forward(self, x):
        x = self.fc(x)
        x = nn.functional.softmax(x, dim=1)  # the seed's softmax before CrossEntropyLoss
        return x


def softmax_regression():
    return nn.Sequential(linear("W3", "fc"))


def mlp():
    return nn.Sequential(linear("W4", "fc1"), nn.ReLU(), linear("W4", "fc2"))


# ---- training loops ---------------------------------------------------------------------------


def full_batch(workload, epochs, on_epoch=None):
    d = seed()
    X = d["X"]
    if workload == "W1":
        model, criterion, y = LinearNet(), nn.BCELoss(), d["y_float"]
    else:
        model, criterion, y = SoftmaxNet(), nn.CrossEntropyLoss(), d["y_long"]
    optimizer = optim.SGD(model.parameters(), lr=LR)
    last = float("nan")
    t0 = time.perf_counter()
    for epoch in range(epochs):
        outputs = model(X)
        loss = criterion(outputs, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (epoch + 1) % 100 == 0 or epoch == epochs - 1:
            last = loss.item()
        if on_epoch:
            on_epoch(epoch + 1)
    return time.perf_counter() - t0, last


def mini_batch(workload, batches):
    d = fashion()
    X, y = d["X"], d["y"]
    model = softmax_regression() if workload == "W3" else mlp()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LR)
    n = X.shape[0]
    done = samples = 0
    loss = None
    t0 = time.perf_counter()
    while done < batches:
        perm = torch.randperm(n)
        for i in range(0, n, BATCH):
            if done == batches:
                break
            idx = perm[i : i + BATCH]
            xb, yb = X[idx], y[idx]
            loss = criterion(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            samples += idx.shape[0]
            done += 1
    last = loss.item() if loss is not None else float("nan")
    return time.perf_counter() - t0, samples, last


# ---- the tasks --------------------------------------------------------------------------------

warmed_up = set()


def once(task, warmup):
    if task not in warmed_up:
        warmup()
    warmed_up.add(task)


def full_batch_task(w):
    once(w, lambda: full_batch(w, plan["warmupEpochs"]))
    seconds, loss = full_batch(w, plan["epochs"])
    return {"results": {w: {"unit": "s", "value": seconds * 1000 / plan["epochs"], "loss": loss}}}


def mini_batch_task(w):
    once(w, lambda: mini_batch(w, plan["warmupBatches"]))
    seconds, samples, loss = mini_batch(w, plan["batches"][w])
    return {"results": {w: {"unit": "samples/s", "value": samples / seconds, "loss": loss}}}


def blas_threads():
    """OpenBLAS's thread count, where torch's BLAS is OpenBLAS (Debian: libblas.so.3)."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        return int(lib.openblas_get_num_threads())
    except (OSError, AttributeError):
        return None


def matmul_task():
    threads = blas_threads()
    key_threads = 1 if threads == 1 else 2
    g = torch.Generator().manual_seed(0)
    results = {}
    for m, k, n in plan["matmulShapes"]:
        a = torch.rand(m, k, generator=g) * 2 - 1
        b = torch.rand(k, n, generator=g) * 2 - 1
        if plan["matmulWarmup"] and "W5" not in warmed_up:
            a @ b
        calls = 0
        t0 = t = time.perf_counter()
        while True:
            a @ b
            calls += 1
            t = time.perf_counter()
            if t - t0 >= plan["matmulMinSeconds"]:
                break
        note = f"OpenBLAS, {threads} thread{'s' if threads != 1 else ''}" if threads else "torch defaults"
        value = 2 * m * k * n * calls / (t - t0) / 1e9
        results[f"W5 {m}x{k}x{n} t{key_threads}"] = {"unit": "GFLOP/s", "value": value, "note": note}
    warmed_up.add("W5")
    return {"results": results}


def memory_point():
    gc.collect()
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return {"rss": rss, "heapUsed": None, "external": None}


def memory_task():
    last = plan["memoryEpochs"]
    points = {}

    def on_epoch(epoch):
        if epoch in (10, last):
            points[epoch] = memory_point()

    full_batch("W1", last, on_epoch)
    return {"memory": {"gc": True, "epochs": last, "after10": points[10], "afterLast": points[last]}}


def info():
    out = {
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
    }
    threads = blas_threads()
    if threads is not None:
        out["openblasThreads"] = threads
        try:
            lib = ctypes.CDLL("libblas.so.3")
            lib.openblas_get_config.restype = ctypes.c_char_p
            out["blas"] = lib.openblas_get_config().decode()
        except (OSError, AttributeError):
            pass
    return out


TASKS = {
    "W1": lambda: full_batch_task("W1"),
    "W2": lambda: full_batch_task("W2"),
    "W3": lambda: mini_batch_task("W3"),
    "W4": lambda: mini_batch_task("W4"),
    "W5": matmul_task,
    "memory": memory_task,
}

send({"task": "hello", "framework": "torch", "version": torch.__version__, "info": info()})
for line in sys.stdin:
    task = line.strip()
    if not task:
        continue
    if task == "exit":
        break
    try:
        if task not in TASKS:
            raise ValueError(f"unknown task '{task}'")
        send({"task": task, **TASKS[task]()})
    except Exception as e:  # noqa: BLE001 - reported to the orchestrator, which goes on
        send({"task": task, "error": f"{type(e).__name__}: {e}"})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
send({"task": "exit", "peakRss": peak, "info": info()})
