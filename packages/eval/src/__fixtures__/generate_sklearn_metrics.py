"""Writes sklearn-1.2.1-metrics.json: scikit-learn's metrics on the inputs the @initlab/eval tests use.

Run with Debian's scikit-learn (bookworm: `apt-get install python3-sklearn`):
    /usr/bin/python3 packages/eval/src/__fixtures__/generate_sklearn_metrics.py

The multiclass predictions are those of `make_prediction()` in sklearn/metrics/tests/test_classification.py
(iris, 200 noise features per feature, a linear SVC trained on the first half), rebuilt here so the tests can
check their published values (`test_precision_recall_f1_score_multiclass`) against initlab on the same labels.
scikit-learn 1.2 renormalises log-loss rows that do not sum to 1; every row written here sums to 1 within
1e-12, so 1.2's value is also the value of scikit-learn >= 1.5, which does not renormalise.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import datasets, svm
from sklearn.metrics import (accuracy_score, log_loss, mean_absolute_error, mean_squared_error,
                             precision_recall_fscore_support, r2_score)
from sklearn.utils import check_random_state

HERE = os.path.dirname(os.path.abspath(__file__))


def make_prediction():
    # sklearn/metrics/tests/test_classification.py make_prediction(binary=False), verbatim in effect
    dataset = datasets.load_iris()
    X, y = dataset.data, dataset.target
    n_samples, n_features = X.shape
    p = np.arange(n_samples)
    rng = check_random_state(37)
    rng.shuffle(p)
    X, y = X[p], y[p]
    half = int(n_samples / 2)
    rng = np.random.RandomState(0)
    X = np.c_[X, rng.randn(n_samples, 200 * n_features)]
    clf = svm.SVC(kernel="linear", probability=True, random_state=0)
    proba = clf.fit(X[:half], y[:half]).predict_proba(X[half:])
    return y[half:], clf.predict(X[half:]), proba


def ints(a):
    return [int(v) for v in a]


def floats(a):
    return [float(v) for v in np.ravel(a)]


def prf(y_true, y_pred, **kw):
    out = {}
    for average in [None, "micro", "macro", "weighted"]:
        p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0, **kw)
        key = "perLabel" if average is None else average
        out[key] = {"precision": floats(p), "recall": floats(r), "f1": floats(f)}
        if average is None:
            out[key]["support"] = floats(s)
        else:
            out[key] = {k: v[0] for k, v in out[key].items()}
    return out


out = {"sklearn": sklearn.__version__, "numpy": np.__version__}

y_true, y_pred, proba = make_prediction()
assert np.all(np.abs(proba.sum(axis=1) - 1) < 1e-12)
weights = np.random.RandomState(0).randint(1, 10, size=len(y_true))  # as test_common's invariance checks
out["iris"] = {
    "yTrue": ints(y_true),
    "yPred": ints(y_pred),
    "proba": [floats(row) for row in proba],
    "sampleWeight": ints(weights),
    "prf": prf(y_true, y_pred),
    "prfLabels021": prf(y_true, y_pred, labels=[0, 2, 1]),
    "prfLabels02": prf(y_true, y_pred, labels=[0, 2]),
    "prfWeighted": prf(y_true, y_pred, sample_weight=weights),
    "prfLabels21Weighted": prf(y_true, y_pred, labels=[2, 1], sample_weight=weights),
    "accuracy": float(accuracy_score(y_true, y_pred)),
    "accuracyWeighted": float(accuracy_score(y_true, y_pred, sample_weight=weights)),
    "logLoss": float(log_loss(y_true, proba)),
    "logLossSum": float(log_loss(y_true, proba, normalize=False)),
    "logLossWeighted": float(log_loss(y_true, proba, sample_weight=weights)),
    "logLossWeightedSum": float(log_loss(y_true, proba, sample_weight=weights, normalize=False)),
}

# A label (3) that never occurs, given through `labels`, and labels that are not 0 … K-1.
lab_true = [5, 9, 9, 5, 9]
lab_proba = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.25, 0.5, 0.25], [0.05, 0.05, 0.9]]
out["logLossLabels"] = [
    {"yTrue": [2, 2], "proba": [[0.1, 0.9], [0.1, 0.9]], "labels": [1, 2],
     "value": float(log_loss([2, 2], [[0.1, 0.9], [0.1, 0.9]], labels=[1, 2]))},
    {"yTrue": lab_true, "proba": lab_proba, "labels": [5, 7, 9],
     "value": float(log_loss(lab_true, lab_proba, labels=[5, 7, 9]))},
    {"yTrue": lab_true, "proba": lab_proba, "labels": [9, 7, 5], "note": "columns follow the sorted labels",
     "value": float(log_loss(lab_true, lab_proba, labels=[9, 7, 5]))},
    {"yTrue": [0, 1, 1, 0], "proba": [0.2, 0.7, 0.9, 0.4], "labels": [0, 1], "sampleWeight": [1, 2, 0.5, 3],
     "value": float(log_loss([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4], labels=[0, 1], sample_weight=[1, 2, 0.5, 3]))},
]

# Regression with weights: sklearn's own test_regression_custom_weights inputs, one output column each, and
# random data.
rng = np.random.RandomState(42)
reg_true = rng.normal(10, 3, size=40)
reg_pred = reg_true + rng.normal(0, 1.5, size=40)
reg_w = rng.uniform(0, 4, size=40)
reg_w[::7] = 0
regression = []
for name, yt, yp, w in [
    ("random, uniform(0, 4) weights with zeros", reg_true, reg_pred, reg_w),
    ("test_regression_custom_weights column 0", [1, 2.5, 4.5, 5], [1, 2, 5, 5], [1, 2, 3, 4]),
    ("test_regression_custom_weights column 1", [2, -1, 3, 7], [1, -1, 4, 6.5], [0.5, 0.5, 2, 1]),
    ("constant target among the weighted samples", [3, 3, 8], [3, 3, 1], [1, 2, 0]),
]:
    regression.append({
        "name": name, "yTrue": floats(yt), "yPred": floats(yp), "sampleWeight": floats(w),
        "mse": float(mean_squared_error(yt, yp, sample_weight=w)),
        "rmse": float(mean_squared_error(yt, yp, sample_weight=w, squared=False)),
        "mae": float(mean_absolute_error(yt, yp, sample_weight=w)),
        "r2": float(r2_score(yt, yp, sample_weight=w)),
        "unweighted": {"mse": float(mean_squared_error(yt, yp)), "mae": float(mean_absolute_error(yt, yp)),
                       "r2": float(r2_score(yt, yp))},
    })
out["regression"] = regression

with open(os.path.join(HERE, "sklearn-1.2.1-metrics.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(json.dumps({k: out["iris"][k] for k in ["accuracy", "accuracyWeighted", "logLoss", "logLossWeighted"]}))
print(json.dumps(out["iris"]["prf"]["micro"]), json.dumps(out["iris"]["prfLabels02"]["micro"]))
print([c["value"] for c in out["logLossLabels"]])
print([(c["mse"], c["r2"]) for c in regression])
