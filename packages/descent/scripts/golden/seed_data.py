"""Exports the seed's data set, make_classification(n_samples=1000, n_features=4,
n_informative=2, n_redundant=0, random_state=42), as JSON for descent's tests and examples.

Run: /usr/bin/python3 scripts/golden/seed_data.py
"""
import json
import os

from sklearn.datasets import make_classification

X, y = make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0, random_state=42)
out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "seed", "data.json")
with open(out, "w") as f:
    json.dump({"X": X.tolist(), "y": y.tolist()}, f)
print("wrote", out)
