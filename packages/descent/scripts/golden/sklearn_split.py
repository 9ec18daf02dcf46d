"""Golden fixtures for descent's trainTestSplit (scikit-learn's train_test_split).

Run with the system Python that has numpy and scikit-learn 1.2:

    /usr/bin/python3 scripts/golden/sklearn_split.py

It writes test/fixtures/sklearn/train_test_split.json: for each case, the number of samples,
the keyword arguments (snake_case, as sklearn spells them), the stratify labels if any, and the
train and test indices that train_test_split(np.arange(n), **kwargs) returns. A second list holds
the ValueError messages of bad arguments.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

OUT = os.path.join(
    os.path.dirname(__file__), "..", "..", "test", "fixtures", "sklearn", "train_test_split.json"
)


def case(n, y=None, **kw):
    kwargs = dict(kw)
    if y is not None:
        kwargs["stratify"] = np.asarray(y)
    train, test = train_test_split(np.arange(n), **kwargs)
    return {
        "n": n,
        "kwargs": kw,
        "stratify": None if y is None else np.asarray(y).tolist(),
        "train": train.tolist(),
        "test": test.tolist(),
    }


def error(n, **kw):
    try:
        train_test_split(np.arange(n), **kw)
    except ValueError as e:
        return {"n": n, "kwargs": kw, "message": str(e)}
    raise AssertionError(f"no error for n={n} {kw}")


rng = np.random.RandomState(7)
cases = [
    case(10, random_state=0),
    case(10, random_state=42),
    case(7, random_state=1),
    case(100, random_state=42, test_size=0.2),
    case(101, random_state=3, test_size=0.33),
    case(50, random_state=5, train_size=0.6),
    case(50, random_state=5, train_size=0.6, test_size=0.3),
    case(50, random_state=11, test_size=7),
    case(50, random_state=11, train_size=20),
    case(50, random_state=11, train_size=20, test_size=5),
    case(1000, random_state=123, test_size=0.1),
    case(3, random_state=0, test_size=1),
    case(20, shuffle=False),
    case(20, shuffle=False, test_size=0.3, train_size=0.5),
    # stratified
    case(10, y=[0, 0, 0, 0, 0, 0, 1, 1, 1, 1], random_state=0),
    case(20, y=rng.randint(0, 3, 20), random_state=42, test_size=0.25),
    case(100, y=rng.randint(0, 4, 100), random_state=1, test_size=0.2),
    case(37, y=rng.randint(0, 3, 37), random_state=9, test_size=0.3, train_size=0.5),
    case(12, y=[2, 2, 2, 1, 1, 1, 0, 0, 0, 5, 5, 5], random_state=4, test_size=5),
    case(9, y=["b", "a", "c", "a", "b", "c", "a", "b", "c"], random_state=2, test_size=3),
    case(12, y=[[0, 1], [1, 0], [1, 1], [0, 1]] * 3, random_state=6, test_size=4),
]

errors = [
    error(10, test_size=0.0),
    error(10, test_size=1.5),
    error(10, test_size=10),
    error(10, train_size=0.7, test_size=0.5),
    error(10, train_size=8, test_size=5),
    error(10, shuffle=False, stratify=np.arange(10) % 2),
]

with open(OUT, "w") as f:
    json.dump(
        {
            "generator": "scripts/golden/sklearn_split.py",
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "cases": cases,
            "errors": [
                {**e, "kwargs": {k: np.asarray(v).tolist() for k, v in e["kwargs"].items()}}
                for e in errors
            ],
        },
        f,
    )
print("wrote", OUT, len(cases), "cases")
