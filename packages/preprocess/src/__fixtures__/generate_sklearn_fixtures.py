"""Writes sklearn-1.2.1.json: reference outputs of scikit-learn 1.2.1 / NumPy for the tests.

Run with a Python that has scikit-learn 1.2.x (Debian bookworm: `apt-get install python3-sklearn`):
    /usr/bin/python3 packages/preprocess/src/__fixtures__/generate_sklearn_fixtures.py
A JavaScript integer is passed to scikit-learn as a Python int, any other number as a float,
which is the rule `@initlab/preprocess` uses to tell counts from fractions.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.utils import _approximate_mode

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("INITLAB_DATA_DIR", os.path.join(HERE, "../../../../../shared/datasets"))


def split(n, test, train, seed, shuffle=True, stratify=None):
    idx = np.arange(n)
    tr, te = train_test_split(idx, test_size=test, train_size=train, random_state=seed,
                              shuffle=shuffle, stratify=stratify)
    return [int(i) for i in tr], [int(i) for i in te]


def checksum(indices):
    # Position-weighted sum, to pin long index lists without storing them.
    return int(sum((k + 1) * int(v) for k, v in enumerate(indices)) % 2147483647)


out = {"sklearn": sklearn.__version__, "numpy": np.__version__}

# 1. Plain shuffled splits, full index lists.
cases = []
for n, test, train, seed in [
    (10, 0.2, None, 42), (10, None, None, 0), (10, 3, None, 1), (10, None, 0.55, 7), (10, 0.3, 0.5, 123),
    (10, 2, 5, 4294967295), (2, 1, None, 5), (3, 0.5, None, 99), (7, 0.01, None, 3), (25, 0.95, None, 11),
    (100, 0.25, None, 2024), (100, 30, 60, 8), (150, 0.33, 0.1, 31337), (489, 0.2, None, 42),
    (1599, 0.2, None, 42), (257, None, 200, 65537), (1000, 0.1, 0.2, 2**31),
]:
    tr, te = split(n, test, train, seed)
    cases.append({"n": n, "testSize": test, "trainSize": train, "randomState": seed, "train": tr, "test": te})
out["shuffle"] = cases

# 2. Large splits (checksums only): exercises long permutations and many bounded-int rejections.
big = []
for n, seed in [(70000, 42), (100003, 4294967295)]:
    tr, te = split(n, 0.2, None, seed)
    big.append({"n": n, "testSize": 0.2, "randomState": seed, "nTrain": len(tr), "nTest": len(te),
                "trainHead": tr[:10], "testHead": te[:10], "trainSum": checksum(tr), "testSum": checksum(te)})
out["large"] = big

# 3. shuffle=False.
out["noShuffle"] = []
for n, test, train in [(10, 0.25, None), (10, 0.3, 0.5), (7, None, 3)]:
    tr, te = split(n, test, train, None, shuffle=False)
    out["noShuffle"].append({"n": n, "testSize": test, "trainSize": train, "train": tr, "test": te})

# 4. Which sizes scikit-learn accepts, and the resulting lengths.
grid_values = [None, -1, 0, 1, 2, 3, 4, 5, 9, 10, 11, 488, 489, 490, -0.5, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.5]
grid = []
for n in [0, 1, 2, 3, 5, 10, 489]:
    for test in grid_values:
        for train in grid_values:
            try:
                tr, te = split(n, test, train, 0)
                grid.append([n, test, train, len(tr), len(te)])
            except ValueError:
                grid.append([n, test, train, None, None])
out["sizeGrid"] = grid

# 5. _approximate_mode, including ties broken by rng.choice.
modes = []
for counts, draws, seed in [
    ([4, 2], 3, 0), ([5, 2], 4, 0), ([2, 2, 2, 1], 2, 0), ([2, 2, 2, 1], 2, 42), ([3, 3, 3, 3, 3], 7, 1),
    ([10, 10, 10], 10, 5), ([855, 744], 1279, 42), ([1, 1, 1, 1, 1, 1], 3, 9), ([7, 0, 7], 5, 2),
]:
    rng = np.random.RandomState(seed)
    modes.append({"classCounts": counts, "nDraws": draws, "seed": seed,
                  "result": [int(v) for v in _approximate_mode(np.array(counts), draws, rng)]})
out["approximateMode"] = modes

# 6. Stratified splits, full index lists.
strat = []
label_rng = np.random.RandomState(2024)
for n, k, test, train, seed in [
    (20, 2, 0.25, None, 42), (30, 3, 0.2, None, 0), (31, 3, 0.3, 0.5, 7), (50, 5, 10, None, 1),
    (12, 4, 4, 8, 3), (100, 3, 0.1, None, 4294967295), (60, 6, 0.5, None, 17), (9, 3, 3, None, 2),
]:
    # Skewed class sizes (geometric), redrawn until every class present has 2 or more members.
    while True:
        labels = np.minimum(label_rng.geometric(0.35, size=n) - 1, k - 1)
        if np.bincount(labels).max() > 0 and np.min(np.bincount(labels)[np.bincount(labels) > 0]) >= 2:
            break
    # Relabel to spread, negative and non-contiguous values, to check np.unique ordering.
    labels = np.array([-3, 10, 2, 7, 0, 5])[labels]
    tr, te = split(n, test, train, seed, stratify=labels)
    strat.append({"labels": [int(v) for v in labels], "testSize": test, "trainSize": train,
                  "randomState": seed, "train": tr, "test": te})
# Imbalanced with ties in the remainders.
for labels, test, seed in [([0] * 5 + [1] * 5 + [2] * 5 + [3] * 2, 6, 8), ([1] * 2 + [0] * 40, 0.5, 42)]:
    tr, te = split(len(labels), test, None, seed, stratify=np.array(labels))
    strat.append({"labels": labels, "testSize": test, "trainSize": None, "randomState": seed, "train": tr, "test": te})
out["stratified"] = strat

# 7. Real data: the wine stratified split, and the Boston scaler statistics.
wine = np.loadtxt(os.path.join(DATA, "winequality-red.csv"), delimiter=";", skiprows=1)
good = (wine[:, -1] >= 6).astype(int)
tr, te = split(len(good), 0.2, None, 42, stratify=good)
out["wineStratified"] = {"nTrain": len(tr), "nTest": len(te), "testGood": int(good[te].sum()),
                         "trainHead": tr[:10], "testHead": te[:10], "trainSum": checksum(tr), "testSum": checksum(te)}

boston = np.loadtxt(os.path.join(DATA, "housing.csv"), delimiter=",", skiprows=1)
X = boston[:, :3]
tr, te = split(len(X), 0.2, None, 42)
sc = StandardScaler().fit(X[tr])
out["bostonStandardScaler"] = {"mean": sc.mean_.tolist(), "var": sc.var_.tolist(), "scale": sc.scale_.tolist(),
                               "testRow0": sc.transform(X[te])[0].tolist()}
mm = MinMaxScaler(feature_range=(-1, 1)).fit(X[tr])
out["bostonMinMaxScaler"] = {"scale": mm.scale_.tolist(), "min": mm.min_.tolist(),
                             "testRow0": mm.transform(X[te])[0].tolist()}

# 8. StandardScaler on awkward columns: constant, near-constant, large offset, one row.
awkward = np.array([[1.0, 0.1, 1e9 + 1, 3.0], [1.0, 0.1, 1e9 + 2, -2.0], [1.0, 0.1 + 1e-17, 1e9 + 4, 0.5]])
for rows in (awkward, awkward[:1]):
    s = StandardScaler().fit(rows)
    out.setdefault("standardScalerCases", []).append(
        {"X": rows.tolist(), "mean": s.mean_.tolist(), "var": s.var_.tolist(), "scale": s.scale_.tolist(),
         "transformed": s.transform(rows).tolist()})

# 9. One-column StandardScaler: NumPy sums an (n, 1) column pairwise (numpy/core/src/umath/loops_utils.h.src),
# not row after row. The data are remade in JavaScript from the same RandomState stream with the same float64
# operations (only * and +, which round identically everywhere), so only the results are stored.
def column_family(kind, seed, n):
    u = np.random.RandomState(seed).random_sample(n)
    if kind == "offset":
        return u * 1000.0 + 100000.0
    return (u - 0.5) * (u - 0.5) * 1000000.0  # "square": skewed, many magnitudes


def scaler_stats(x):
    s = StandardScaler().fit(x[:, None])
    t = s.transform(x[:, None])[:, 0]
    return {"mean": float(s.mean_[0]), "var": float(s.var_[0]), "scale": float(s.scale_[0]),
            "first": float(t[0]), "last": float(t[-1])}


one_column = []
for kind in ("offset", "square"):
    for n in list(range(1, 301)) + [10000]:
        stats = scaler_stats(column_family(kind, n, n))
        one_column.append({"kind": kind, "seed": n, "n": n, **stats})
out["oneColumnStandardScaler"] = one_column

# The Boston training target (MEDV of the 0.2 / 42 split) through a one-column StandardScaler.
out["bostonTargetScaler"] = scaler_stats(boston[tr, 3])

# 10. Scalers beyond fit: partial_fit batches, NaN, sample_weight, float32, with_mean/with_std off.
# Matrices are remade in JavaScript by `matrix_family`: RandomState(seed).random_sample((n, d)) in row-major
# order through the same float64 operations; NaN where a second stream RandomState(seed + 1) draws < nan_share;
# float32 data is the float64 data rounded (astype(np.float32), Math.fround in JavaScript).
def matrix_family(kind, seed, n, d, nan_share=0.0, f32=False):
    u = np.random.RandomState(seed).random_sample((n, d))
    X = u * 1000.0 + 100000.0 if kind == "offset" else (u - 0.5) * (u - 0.5) * 1000000.0
    if nan_share > 0:
        X[np.random.RandomState(seed + 1).random_sample((n, d)) < nan_share] = np.nan
    return X.astype(np.float32) if f32 else X


def weights_family(seed, n):
    # Weights in (0, 3): RandomState(seed + 2).random_sample(n) * 3.
    return np.random.RandomState(seed + 2).random_sample(n) * 3.0


def num(v):
    # JSON has no NaN: null stands for it (the tests read null back as NaN).
    return None if np.isnan(v) else float(v)


def nums(a):
    return None if a is None else [num(v) for v in np.ravel(a)]


def scaler_state(s):
    n = s.n_samples_seen_
    return {"mean": nums(s.mean_), "var": nums(s.var_), "scale": nums(s.scale_),
            "nSamplesSeen": float(n) if np.ndim(n) == 0 else [float(v) for v in n]}


scaler_cases = []
for case in [
    # name, kind, seed, batch sizes, d, nan share, float32, weighted, with_mean, with_std
    ("batches, 3 columns", "offset", 11, [1, 7, 130, 50], 3, 0.0, False, False, True, True),
    ("batches, 1 column", "square", 12, [5, 129, 300, 9000], 1, 0.0, False, False, True, True),
    ("NaN, 3 columns", "offset", 13, [40], 3, 0.2, False, False, True, True),
    ("NaN, 1 column", "square", 14, [300], 1, 0.3, False, False, True, True),
    ("NaN batches, 2 columns", "offset", 15, [3, 20, 60], 2, 0.25, False, False, True, True),
    ("float32, 3 columns", "square", 16, [50, 25], 3, 0.0, True, False, True, True),
    ("float32, 1 column", "square", 17, [10000], 1, 0.0, True, False, True, True),
    ("float32 with NaN, 1 column", "offset", 18, [200, 9000], 1, 0.1, True, False, True, True),
    ("weighted, 3 columns", "offset", 19, [30, 12], 3, 0.0, False, True, True, True),
    ("weighted, 1 column", "square", 20, [300], 1, 0.0, False, True, True, True),
    ("weighted with NaN, 2 columns", "offset", 21, [50], 2, 0.2, False, True, True, True),
    ("weighted float32, 2 columns", "square", 22, [40, 9], 2, 0.0, True, True, True, True),
    ("withMean off", "offset", 23, [20, 5], 2, 0.1, False, False, False, True),
    ("withStd off", "offset", 24, [20, 5], 2, 0.1, False, False, True, False),
    ("both off", "offset", 25, [20, 5], 2, 0.1, False, False, False, False),
]:
    name, kind, seed, batches, d, nan_share, f32, weighted, with_mean, with_std = case
    X = matrix_family(kind, seed, sum(batches), d, nan_share, f32)
    w = weights_family(seed, sum(batches)) if weighted else None
    s = StandardScaler(with_mean=with_mean, with_std=with_std)
    states, start = [], 0
    for b in batches:
        s.partial_fit(X[start:start + b], sample_weight=None if w is None else w[start:start + b])
        states.append(scaler_state(s))
        start += b
    T = s.transform(X)
    rows = sorted({0, 1, len(X) // 2, len(X) - 1})
    scaler_cases.append({
        "name": name, "kind": kind, "seed": seed, "batches": batches, "d": d, "nanShare": nan_share,
        "float32": f32, "weighted": weighted, "withMean": with_mean, "withStd": with_std, "states": states,
        "transformDtype": str(T.dtype), "rows": rows, "transformed": [nums(T[r]) for r in rows],
        "inverse": [nums(s.inverse_transform(T[r:r + 1])[0]) for r in rows],
    })
    # One fit of all rows equals the batches (scikit-learn's own claim, pinned here for unweighted data).
    if not weighted:
        one = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
        scaler_cases[-1]["fitAll"] = scaler_state(one)
out["standardScalerPartial"] = scaler_cases

minmax_cases = []
for name, kind, seed, batches, d, nan_share, f32, feature_range, clip in [
    ("batches, 3 columns", "offset", 31, [1, 9, 40], 3, 0.0, False, (0, 1), False),
    ("NaN batches", "square", 32, [10, 30], 2, 0.3, False, (-1, 1), False),
    ("float32", "square", 33, [25, 25], 3, 0.0, True, (0, 1), False),
    ("float32 with NaN, range (0.1, 0.9), clip", "offset", 34, [30], 2, 0.2, True, (0.1, 0.9), True),
]:
    X = matrix_family(kind, seed, sum(batches), d, nan_share, f32)
    m = MinMaxScaler(feature_range=feature_range, clip=clip)
    start = 0
    for b in batches:
        m.partial_fit(X[start:start + b])
        start += b
    # Rows outside the fitted range (clip matters): the data shifted by half its spread.
    shifted = (X * 1.5).astype(X.dtype)
    T = m.transform(X)
    Ts = m.transform(shifted)
    rows = sorted({0, 1, len(X) // 2, len(X) - 1})
    minmax_cases.append({
        "name": name, "kind": kind, "seed": seed, "batches": batches, "d": d, "nanShare": nan_share,
        "float32": f32, "featureRange": list(feature_range), "clip": clip,
        "dataMin": nums(m.data_min_), "dataMax": nums(m.data_max_), "dataRange": nums(m.data_range_),
        "scale": nums(m.scale_), "min": nums(m.min_), "nSamplesSeen": int(m.n_samples_seen_),
        "transformDtype": str(T.dtype), "rows": rows, "transformed": [nums(T[r]) for r in rows],
        "shifted": [nums(Ts[r]) for r in rows], "inverse": [nums(m.inverse_transform(T[r:r + 1])[0]) for r in rows],
    })
out["minMaxScalerPartial"] = minmax_cases

# test_standard_scaler_numerical_stability's constant 1e100 column: StandardScaler (unlike scale(), which
# re-centres) leaves the rounding error of the mean, scaled by 1 since the column counts as constant.
out["bigConstantTransformed"] = float(StandardScaler().fit_transform(np.full((10, 1), 1e100))[0, 0])

# A column that is all NaN in the first partial_fit batch: its mean stays NaN (last_sum = NaN * 0) while its
# variance restarts from the next batch (the last_sample_count == 0 overwrite), as scikit-learn 1.2.1 does.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    first_nan = StandardScaler().partial_fit(np.array([[1.0, np.nan]])).partial_fit(np.array([[3.0, 10.0], [5.0, 20.0]]))
out["nanFirstBatch"] = scaler_state(first_nan)

with open(os.path.join(HERE, "sklearn-1.2.1.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print("wrote", os.path.join(HERE, "sklearn-1.2.1.json"))
