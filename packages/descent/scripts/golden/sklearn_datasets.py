"""Golden fixtures for descent's RandomState and dataset generators.

Run with the system Python that has numpy and scikit-learn 1.2:

    /usr/bin/python3 scripts/golden/sklearn_datasets.py

It writes JSON to test/fixtures/sklearn/:
  random_state.json  sequences of legacy np.random.RandomState calls on one state per case
  datasets.json      sklearn.datasets.make_* outputs for many parameter combinations
  errors.json        the ValueError messages sklearn raises for bad arguments

Floats are written by json (Python's repr: shortest round-trip), so they parse back exactly.
Parameters are stored with sklearn's snake_case names; the tests map them to camelCase.
"""

import json
import os

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.utils.random import sample_without_replacement

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "sklearn")


def tolist(a):
    return np.asarray(a).ravel().tolist()


def stream_case(seed, ops):
    """Runs `ops` in order on one RandomState(seed); records each op's flat output."""
    rs = np.random.RandomState(seed)
    out = []
    for op in ops:
        name, kw = op[0], dict(op[1]) if len(op) > 1 else {}
        if name == "rand":
            res = rs.rand(*kw["dims"])
        elif name == "randn":
            res = rs.randn(*kw["dims"])
        elif name == "random_sample":
            res = rs.random_sample(kw["size"])
        elif name == "uniform":
            res = rs.uniform(kw["low"], kw["high"], kw["size"])
        elif name == "normal":
            res = rs.normal(kw["loc"], kw["scale"], kw["size"])
        elif name == "randint":
            res = rs.randint(kw["low"], kw.get("high"), kw["size"])
        elif name == "shuffle":
            arr = np.arange(int(np.prod(kw["shape"]))).reshape(kw["shape"])
            rs.shuffle(arr)
            res = arr
        elif name == "permutation":
            res = rs.permutation(kw["x"])
        elif name == "choice":
            res = rs.choice(kw["a"], kw["size"], kw.get("replace", True), kw.get("p"))
        elif name == "sample_without_replacement":
            res = sample_without_replacement(kw["n_population"], kw["n_samples"], random_state=rs)
        else:
            raise KeyError(name)
        out.append({"op": name, "args": kw, "out": tolist(res)})
    return {"seed": seed, "ops": out}


def random_state_cases():
    seeds = [0, 1, 42, 12345, 2**32 - 1]
    ops = [
        ("rand", {"dims": [7]}),
        ("randn", {"dims": [3]}),  # odd: leaves a cached gauss
        ("rand", {"dims": [2]}),  # the cache survives other draws
        ("randn", {"dims": [2, 2]}),
        ("random_sample", {"size": [3]}),
        ("uniform", {"low": -2.0, "high": 5.0, "size": [5]}),
        ("normal", {"loc": [0.0, 10.0, -5.0], "scale": 2.0, "size": [3, 3]}),
        ("normal", {"loc": 1.0, "scale": [1.0, 0.5], "size": [2, 2]}),
        ("randint", {"low": 2, "size": [10]}),
        ("randint", {"low": 0, "high": 10, "size": [10]}),
        ("randint", {"low": -5, "high": 5, "size": [6]}),
        ("randint", {"low": 3, "high": 4, "size": [4]}),
        ("randint", {"low": 0, "high": 2**31 - 1, "size": [4]}),
        ("randint", {"low": -(2**31), "high": 2**31, "size": [4]}),
        ("randint", {"low": 0, "high": 2**32, "size": [4]}),
        ("randint", {"low": 0, "high": 2**32 + 1, "size": [4]}),
        ("randint", {"low": -(2**40), "high": 2**40, "size": [4]}),
        ("randint", {"low": 0, "high": 2**53, "size": [4]}),
        ("randint", {"low": 1000, "high": 1000 + 3 * 2**33 + 7, "size": [4]}),
        ("shuffle", {"shape": [10]}),
        ("shuffle", {"shape": [5, 3]}),
        ("shuffle", {"shape": [4, 2, 2]}),
        ("permutation", {"x": 12}),
        ("permutation", {"x": [3.5, -1.0, 7.25, 0.0, 2.0]}),
        ("choice", {"a": 10, "size": [5]}),
        ("choice", {"a": 10, "size": [5], "replace": False}),
        ("choice", {"a": 5, "size": [8], "p": [0.1, 0.2, 0.3, 0.15, 0.25]}),
        ("choice", {"a": 6, "size": [4], "replace": False, "p": [0.05, 0.4, 0.05, 0.2, 0.3, 0.0]}),
        ("choice", {"a": [10.5, 20.5, 30.5, 40.5], "size": [2, 3]}),
        ("sample_without_replacement", {"n_population": 1000, "n_samples": 5}),
        ("sample_without_replacement", {"n_population": 100, "n_samples": 1}),
        ("sample_without_replacement", {"n_population": 100, "n_samples": 30}),
        ("sample_without_replacement", {"n_population": 100, "n_samples": 99}),
        ("sample_without_replacement", {"n_population": 2**30, "n_samples": 8}),
        ("randn", {"dims": [1]}),
    ]
    cases = [stream_case(s, ops) for s in seeds]
    # A long stream: crosses several 624-word MT19937 blocks.
    cases.append(stream_case(7, [("randn", {"dims": [1501]}), ("rand", {"dims": [5]})]))
    return cases


CLASSIFICATION = [
    dict(n_samples=1000, n_features=4, n_informative=2, n_redundant=0, random_state=42),
    dict(random_state=0),
    dict(n_samples=30, n_features=40, n_informative=35, n_redundant=2, random_state=1),
    dict(n_samples=40, n_features=6, weights=[0.9], flip_y=0.2, random_state=2),
    dict(n_samples=50, n_features=5, n_informative=3, n_classes=3, n_clusters_per_class=1,
         weights=[0.5, 0.3, 0.2], random_state=3),
    dict(n_samples=40, n_features=5, hypercube=False, random_state=4),
    dict(n_samples=40, n_features=5, shuffle=False, random_state=5),
    dict(n_samples=30, n_features=5, shift=None, scale=None, random_state=6),
    dict(n_samples=30, n_features=5, shift=2.5, scale=3.0, class_sep=2.0, random_state=7),
    dict(n_samples=30, n_features=4, shift=[1.0, -2.0, 0.5, 0.0], scale=[1.0, 2.0, 3.0, 0.5],
         random_state=8),
    dict(n_samples=60, n_features=6, n_informative=4, n_redundant=1, n_classes=3,
         n_clusters_per_class=3, random_state=9),
    dict(n_samples=50, n_features=8, n_informative=4, n_classes=4, n_clusters_per_class=1,
         random_state=10),
    dict(n_samples=40, n_features=8, n_informative=3, n_redundant=1, n_repeated=2,
         random_state=11),
    dict(n_samples=25, n_features=10, n_informative=9, n_redundant=0, flip_y=0.0,
         random_state=12),
    dict(n_samples=25, n_features=10, n_informative=7, n_redundant=0, flip_y=-1.0,
         random_state=13),
    dict(n_samples=30, n_features=22, n_informative=20, n_redundant=0, random_state=14),
    dict(n_samples=33, n_features=5, n_informative=3, n_redundant=0, n_classes=4,
         n_clusters_per_class=2, weights=[0.1, 0.2, 0.3], random_state=15),
    dict(n_samples=20, n_features=33, n_informative=31, n_redundant=0, n_repeated=1,
         hypercube=False, shift=None, scale=None, random_state=16),
]

BLOBS = [
    dict(random_state=0),
    dict(n_samples=[10, 20, 5], random_state=1),
    dict(n_samples=[4, 6], centers=[[0.0, 1.0, 2.0], [5.0, 5.0, 5.0]], cluster_std=[0.5, 2.0],
         random_state=2),
    dict(n_samples=25, centers=[[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]], cluster_std=0.3,
         random_state=3),
    dict(n_samples=30, n_features=3, centers=5, center_box=[0.0, 1.0], random_state=4),
    dict(n_samples=20, shuffle=False, return_centers=True, random_state=5),
    dict(n_samples=17, centers=4, cluster_std=[1.0, 2.0, 0.5, 1.5], return_centers=True,
         random_state=6),
]

MOONS = [
    dict(random_state=0),
    dict(n_samples=40, noise=0.1, random_state=1),
    dict(n_samples=11, shuffle=False, random_state=2),
    dict(n_samples=[10, 15], noise=0.2, random_state=3),
    dict(n_samples=3, random_state=4),
    dict(n_samples=[0, 1], noise=0.5, random_state=5),
]

CIRCLES = [
    dict(random_state=0),
    dict(n_samples=40, noise=0.05, factor=0.3, random_state=1),
    dict(n_samples=11, shuffle=False, random_state=2),
    dict(n_samples=[10, 15], noise=0.1, factor=0.5, random_state=3),
    dict(n_samples=3, factor=0.0, random_state=4),
]

REGRESSION = [
    dict(n_samples=50, n_features=10, random_state=0),
    dict(n_samples=30, n_features=8, n_informative=3, noise=1.0, bias=3.0, random_state=1),
    dict(n_samples=20, n_features=5, n_targets=3, coef=True, random_state=2),
    dict(n_samples=25, n_features=6, shuffle=False, coef=True, noise=0.5, random_state=3),
    dict(n_samples=20, n_features=4, n_informative=10, coef=True, random_state=4),
    dict(n_samples=30, n_features=20, effective_rank=5, random_state=5),
    dict(n_samples=15, n_features=25, effective_rank=3, tail_strength=0.2, noise=0.1,
         coef=True, random_state=6),
    dict(n_samples=40, n_features=12, n_targets=2, effective_rank=4, shuffle=False,
         random_state=7),
]

LOW_RANK = [
    dict(n_samples=12, n_features=8, effective_rank=3, random_state=0),
    dict(n_samples=7, n_features=20, effective_rank=2, tail_strength=0.9, random_state=1),
]


def dataset_cases():
    cases = []
    for fn, table in [
        ("make_classification", CLASSIFICATION),
        ("make_blobs", BLOBS),
        ("make_moons", MOONS),
        ("make_circles", CIRCLES),
        ("make_regression", REGRESSION),
        ("make_low_rank_matrix", LOW_RANK),
    ]:
        for params in table:
            res = getattr(datasets, fn)(**params)
            if fn == "make_low_rank_matrix":
                res = (res,)
            X = np.asarray(res[0])
            case = {"fn": fn, "params": params, "X_shape": list(X.shape), "X": tolist(X)}
            if len(res) > 1:
                y = np.asarray(res[1])
                case["y_shape"] = list(y.shape)
                case["y"] = tolist(y)
            if len(res) > 2:
                key = "centers" if fn == "make_blobs" else "coef"
                case[key + "_shape"] = list(np.shape(res[2]))
                case[key] = tolist(res[2])
            cases.append(case)
    return cases


ERRORS = [
    ("make_classification", dict(n_features=4, n_informative=2, n_redundant=2, n_repeated=1)),
    ("make_classification", dict(n_features=4, n_informative=1, n_redundant=0)),
    ("make_classification", dict(n_features=10, n_informative=3, n_classes=3, n_clusters_per_class=3)),
    ("make_classification", dict(n_classes=3, n_informative=3, weights=[0.5])),
    ("make_blobs", dict(n_samples=[10, 20], centers=3)),
    ("make_blobs", dict(n_samples=[10, 20], centers=[[0.0, 0.0]])),
    ("make_blobs", dict(n_samples=10, centers=3, cluster_std=[1.0, 2.0])),
    ("make_circles", dict(factor=1.0)),
    ("make_circles", dict(factor=-0.5)),
    ("make_circles", dict(n_samples=[1, 2, 3])),
    ("make_moons", dict(n_samples=[1, 2, 3])),
]


def error_cases():
    cases = []
    for fn, params in ERRORS:
        try:
            getattr(datasets, fn)(**params)
        except ValueError as e:
            cases.append({"fn": fn, "params": params, "message": str(e)})
        else:
            raise AssertionError(f"{fn}({params}) did not raise")
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"numpy": np.__version__, "sklearn": sklearn.__version__}
    for name, data in [
        ("random_state.json", random_state_cases()),
        ("datasets.json", dataset_cases()),
        ("errors.json", error_cases()),
    ]:
        with open(os.path.join(OUT, name), "w") as f:
            json.dump({"versions": meta, "cases": data}, f, separators=(",", ":"))
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    main()
