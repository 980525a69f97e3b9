"""Facts about the image and scikit-learn data sets, read independently of initlab, for image-sets.test.ts.

Reads the IDX files with Python's gzip + numpy (the IDX layout: big-endian int32 header, then uint8 values)
and the three small sets with scikit-learn 1.2.1's own loaders (load_digits, load_iris, load_breast_cancer).
Run from the repository root:

    INITLAB_DATA_DIR=../shared/datasets /usr/bin/python3 packages/data/src/__fixtures__/generate_dataset_facts.py

It writes dataset-facts.json beside this script. The tests read only the JSON; neither they nor CI need Python.
"""
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris

DATA = os.environ.get("INITLAB_DATA_DIR", "../shared/datasets")


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    count = int.from_bytes(raw[4:8], "big")
    if magic == 2051:
        rows, cols = int.from_bytes(raw[8:12], "big"), int.from_bytes(raw[12:16], "big")
        return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return np.frombuffer(raw, dtype=np.uint8, offset=8)


def idx_set(folder):
    tri = idx(f"{DATA}/{folder}/train-images-idx3-ubyte.gz")
    trl = idx(f"{DATA}/{folder}/train-labels-idx1-ubyte.gz")
    tei = idx(f"{DATA}/{folder}/t10k-images-idx3-ubyte.gz")
    tel = idx(f"{DATA}/{folder}/t10k-labels-idx1-ubyte.gz")
    return {
        "trainLabelCounts": np.bincount(trl, minlength=10).tolist(),
        "testLabelCounts": np.bincount(tel, minlength=10).tolist(),
        "firstTrainLabels": trl[:10].tolist(),
        "firstTestLabels": tel[:10].tolist(),
        # Exact integer sums (uint64), so the test compares exactly.
        "trainImage0Sum": int(tri[0].astype(np.uint64).sum()),
        "testImageLastSum": int(tei[-1].astype(np.uint64).sum()),
        "trainPixelSum": int(tri.astype(np.uint64).sum()),
        "testPixelSum": int(tei.astype(np.uint64).sum()),
        "trainImage0Row14": tri[0].reshape(28, 28)[14].tolist(),
    }


def small(bunch):
    X, y = bunch.data, bunch.target
    return {
        "shape": list(X.shape),
        "firstRow": X[0].tolist(),
        "lastRow": X[-1].tolist(),
        "labelCounts": np.bincount(y).tolist(),
        "firstLabels": y[:10].tolist(),
        "featureNames": [str(n) for n in bunch.feature_names],
        "targetNames": [str(n) for n in bunch.target_names],
        # float64 sum in NumPy's pairwise order is not what a JS loop gives; compare with a tolerance.
        "columnSums": X.sum(axis=0).tolist(),
    }


facts = {
    "generatedWith": f"Python gzip + numpy {np.__version__}; scikit-learn {sklearn.__version__}",
    "mnist": idx_set("mnist"),
    "fashion-mnist": idx_set("fashion-mnist"),
    "digits": small(load_digits()),
    "iris": small(load_iris()),
    "breast-cancer": small(load_breast_cancer()),
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dataset-facts.json")
with open(out, "w") as f:
    json.dump(facts, f, indent=1)
    f.write("\n")
print("wrote", out)
