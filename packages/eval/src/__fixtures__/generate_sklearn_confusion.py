"""Writes sklearn-1.2.1-confusion.json: scikit-learn's confusion_matrix on the inputs of confusion.test.ts.

Run with Debian's scikit-learn (bookworm: `apt-get install python3-sklearn`):
    /usr/bin/python3 packages/eval/src/__fixtures__/generate_sklearn_confusion.py

The multiclass and binary predictions are `make_prediction()` of sklearn/metrics/tests/test_classification.py
(iris with noise features, a linear SVC), imported from the installed test module so the published values of
`test_confusion_matrix_binary` and `test_confusion_matrix_multiclass_subset_labels` hold on the same labels.
Per-class recall and precision are scikit-learn's `recall_score` / `precision_score` with `average=None`
(zero_division=0), the numbers `perClassScores` derives from the matrix.
"""
import json
import os
from itertools import chain, permutations

import numpy as np
import sklearn
from sklearn.metrics import confusion_matrix, precision_score, recall_score
from sklearn.metrics.tests.test_classification import make_prediction

HERE = os.path.dirname(os.path.abspath(__file__))


def ints(a):
    return [int(v) for v in a]


def matrix(cm):
    return [[float(v) if cm.dtype.kind == "f" else int(v) for v in row] for row in cm]


out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": []}


def case(name, y_true, y_pred, labels=None, sample_weight=None, normalize=None):
    cm = confusion_matrix(y_true, y_pred, labels=labels, sample_weight=sample_weight, normalize=normalize)
    entry = {"name": name, "yTrue": ints(y_true), "yPred": ints(y_pred), "matrix": matrix(cm)}
    if labels is not None:
        entry["labels"] = ints(labels)
    if sample_weight is not None:
        entry["sampleWeight"] = [float(w) for w in sample_weight]
    if normalize is not None:
        entry["normalize"] = normalize
    if normalize is None and (labels is None or list(labels) == list(range(max(max(y_true), max(y_pred)) + 1))):
        # Only over every class: with a subset of labels, recall_score still counts the samples predicted as
        # a class outside the subset as false negatives, which the sub-matrix does not hold.
        kw = dict(labels=labels, sample_weight=sample_weight, average=None, zero_division=0)
        entry["recall"] = [float(v) for v in recall_score(y_true, y_pred, **kw)]
        entry["precision"] = [float(v) for v in precision_score(y_true, y_pred, **kw)]
    out["cases"].append(entry)


yt, yp, _ = make_prediction(binary=False)
ybt, ybp, _ = make_prediction(binary=True)
rng = np.random.RandomState(0)
weights = rng.uniform(0, 3, size=len(yt))
weights[::7] = 0.0

case("multiclass", yt, yp)
case("binary", ybt, ybp)
case("multiclass-labels-01", yt, yp, labels=[0, 1])
case("multiclass-labels-21", yt, yp, labels=[2, 1])
case("multiclass-labels-2-extra", yt, yp, labels=[2, int(np.max(yt)) + 1])
case("multiclass-weighted", yt, yp, sample_weight=weights)
case("multiclass-weighted-labels-20", yt, yp, labels=[2, 0], sample_weight=weights)
for normalize in ["true", "pred", "all"]:
    case("multiclass-" + normalize, yt, yp, normalize=normalize)
    case("multiclass-weighted-" + normalize, yt, yp, sample_weight=weights, normalize=normalize)
    case("permutations-" + normalize, [0, 1, 2] * 6, list(chain(*permutations([0, 1, 2]))), normalize=normalize)
    case("single-class-" + normalize, [0, 0, 0, 0, 1, 1, 1, 1], [0] * 8, normalize=normalize)
    case("labels-21-" + normalize, yt, yp, labels=[2, 1], normalize=normalize)
# A class that is never predicted and one that never occurs: 0/0 recall and precision become 0.
# initlab's default class set is 0 … largest label (class indices), scikit-learn's the labels present, so
# the case names every class.
case("missing-classes", [0, 0, 1, 3, 3], [0, 1, 1, 1, 0], labels=[0, 1, 2, 3])

with open(os.path.join(HERE, "sklearn-1.2.1-confusion.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
