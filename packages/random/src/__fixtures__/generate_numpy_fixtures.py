"""Writes numpy-1.24.2.json: reference outputs of NumPy's legacy RandomState for the tests.

Run with Debian bookworm's NumPy (`apt-get install python3-numpy`, package 1:1.24.2-1+deb12u1):
    /usr/bin/python3 packages/random/src/__fixtures__/generate_numpy_fixtures.py

The polar-method normals call the C library's `log`; the "libmLog" section records glibc's `log` itself
(called through ctypes) on inputs the normal sampler produces, near 1 and across the exponent range.
glibc picks its FMA variant of `log` on CPUs with FMA and AVX2 (as the machines this project runs on):
the script refuses to run without them, since the reference could then differ in the last bit.

Long outputs are pinned by the SHA-256 of their little-endian float64 / int64 bytes, with a few values
kept in clear so a mismatch is easy to read.
"""
import ctypes
import hashlib
import json
import os
import platform
import random as pyrandom
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def dpkg_version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], check=True,
                              capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


with open("/proc/cpuinfo") as f:
    flags = f.read()
    if " fma " not in flags or " avx2 " not in flags:
        raise SystemExit("this CPU lacks FMA or AVX2: glibc would use another log variant and the reference could differ")


def sha(array, dtype):
    return hashlib.sha256(np.ascontiguousarray(array, dtype=dtype).astype(dtype.newbyteorder("<")).tobytes()).hexdigest()


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


SEEDS = [0, 1, 42, 12345, 123456789, 1234567890, 2**31, 2**32 - 1]
ARRAY_SEEDS = [[0], [1, 2, 3], [4294967295], list(range(10)), [0x123, 0x234, 0x345, 0x456],
               # a 64-bit seed as two 32-bit words (low first), and keys longer than the 624-word state
               [2**40 % 2**32, 2**40 // 2**32], [0xDEADBEEF, 0xCAFEBABE, 7], list(range(700)),
               [(i * 2654435761) % 2**32 for i in range(1000)]]
ALL_SEEDS = SEEDS + ARRAY_SEEDS


def seed_ref(s):
    # Entries name a seed by its index in out["seeds"], so the long array seeds are written once.
    return ALL_SEEDS.index(s)

out = {
    "numpy": np.__version__,
    "debianPackage": {"python3-numpy": dpkg_version("python3-numpy"), "libc6": dpkg_version("libc6")},
    "python": platform.python_version(),
    "machine": platform.machine(),
    "seeds": ALL_SEEDS,
}

# 1. Seeding: the first raw 32-bit words (randint over the full uint32 range returns them unmasked).
out["seeding"] = [{"seed": seed_ref(s), "words": [int(v) for v in np.random.RandomState(s).randint(0, 2**32, size=8, dtype=np.uint32)]}
                  for s in ALL_SEEDS]

# 2. standard_normal / randn: clear values for short runs, hashes for long ones.
normals = []
for s in ALL_SEEDS:
    for n in [1, 2, 3, 8] + ([33] if s in (0, 1234567890, [1, 2, 3]) else []):
        normals.append({"seed": seed_ref(s), "size": n, "values": floats(np.random.RandomState(s).standard_normal(n))})
out["standardNormal"] = normals
long_normals = []
for s in [0, 42, 1234567890, 2**32 - 1, [1, 2, 3]]:
    v = np.random.RandomState(s).standard_normal(200001)
    long_normals.append({"seed": seed_ref(s), "size": int(v.size), "head": floats(v[:4]), "last": float(v[-1]),
                         "sha256": sha(v, np.dtype(np.float64))})
out["standardNormalLong"] = long_normals

# 3. The cached second normal (has_gauss / gauss) across methods: one call sequence, every output in order.
rs = np.random.RandomState(2024)
seq = []
for kind, args in [("randn", []), ("standardNormal", [3]), ("normal", [1.5, 2.0, 2]), ("uniform", []),
                   ("randn", [2, 2]), ("normal", [-3.0, 0.5]), ("randomSample", []), ("standardNormal", []),
                   ("normal", [0.0, 0.0, 3]), ("tomaxint", []), ("standardNormal", [1])]:
    if kind == "randn":
        r = rs.randn(*args)
    elif kind == "standardNormal":
        r = rs.standard_normal(*args) if args else rs.standard_normal()
    elif kind == "normal":
        r = rs.normal(*args)
    elif kind == "uniform":
        r = rs.uniform()
    elif kind == "randomSample":
        r = rs.random_sample()
    else:
        r = str(rs.tomaxint())
    state = rs.get_state(legacy=False)
    seq.append({"call": kind, "args": args, "result": r if isinstance(r, str) else floats(r),
                "hasGauss": int(state["has_gauss"]), "gauss": float(state["gauss"])})
out["gaussSequence"] = seq

# 4. normal(loc, scale, size) and uniform(low, high, size).
out["normal"] = [{"seed": seed_ref(s), "loc": loc, "scale": scale, "size": n,
                  "values": floats(np.random.RandomState(s).normal(loc, scale, n))}
                 for s in [0, 42, 1234567890, [1, 2, 3]]
                 for loc, scale, n in [(0.0, 1.0, 5), (0.123456789, 2.0, 6), (-10.0, 0.001, 4), (1e6, 1e-3, 3), (3.0, 0.0, 3)]]
out["uniform"] = [{"seed": seed_ref(s), "low": low, "high": high, "size": n,
                   "values": floats(np.random.RandomState(s).uniform(low, high, n))}
                  for s in [0, 42, 1234567890, [1, 2, 3]]
                  for low, high, n in [(0.0, 1.0, 5), (1.23, 10.54, 6), (5.0, -5.0, 4), (-1e300, 1e300, 3), (2.0, 2.0, 2)]]

# 5. choice: every branch (replace or not, with or without p), many seeds and sizes.
P_CASES = {
    "none": None,
    "skewed": [0.4, 0.4, 0.1, 0.1],
    "zeros": [0.0, 0.5, 0.0, 0.25, 0.25, 0.0],
    "ten": [0.01, 0.02, 0.03, 0.04, 0.1, 0.2, 0.25, 0.15, 0.12, 0.08],
    "almost": [0.3, 0.3, 0.4 + 1e-9],  # sums to 1 within sqrt(eps)
}
choices = []
for s in [0, 1, 42, 1234567890, 2**32 - 1, [1, 2, 3]]:
    for pname, p in P_CASES.items():
        n = 20 if p is None else len(p)
        for replace in [True, False]:
            nonzero = n if p is None else int(np.count_nonzero(np.asarray(p) > 0))
            for size in [None, 0, 1, 3, 7, 50]:
                k = 1 if size is None else size
                if not replace and k > nonzero:
                    continue
                r = np.random.RandomState(s).choice(n, size=size, replace=replace, p=p)
                choices.append({"seed": seed_ref(s), "a": n, "size": size, "replace": replace, "p": p,
                                "result": int(r) if size is None else [int(v) for v in r]})
# a float32 p that sums to 1 only within float32's sqrt(eps) tolerance
p32 = np.array([0.2, 0.3, 0.5001], dtype=np.float32)
r = np.random.RandomState(1).choice(3, size=6, p=p32)
choices.append({"seed": seed_ref(1), "a": 3, "size": 6, "replace": True, "p": [float(v) for v in p32], "float32": True,
                "result": [int(v) for v in r]})
# a large population without replacement (the permutation branch) and with p (the loop, many rounds)
big_p = np.random.RandomState(99).random_sample(500) ** 4
big_p /= big_p.sum()
for s in [0, 42]:
    r = np.random.RandomState(s).choice(500, size=200, replace=False, p=big_p)
    choices.append({"seed": seed_ref(s), "a": 500, "size": 200, "replace": False, "p": floats(big_p), "result": [int(v) for v in r]})
    r = np.random.RandomState(s).choice(10**5, size=10, replace=False)
    choices.append({"seed": seed_ref(s), "a": 10**5, "size": 10, "replace": False, "p": None, "result": [int(v) for v in r]})
    r = np.random.RandomState(s).choice(2**40, size=5)
    choices.append({"seed": seed_ref(s), "a": 2**40, "size": 5, "replace": True, "p": None, "result": [int(v) for v in r]})
out["choice"] = choices

# 6. shuffle (legacy Fisher-Yates with random_interval) and permutation.
shuffles = []
for s in ALL_SEEDS:
    for n in [0, 1, 2, 3, 10, 97, 1000]:
        x = list(range(n))
        np.random.RandomState(s).shuffle(x)
        if n <= 97:
            shuffles.append({"seed": seed_ref(s), "n": n, "result": x})
        else:
            shuffles.append({"seed": seed_ref(s), "n": n, "head": x[:5], "sha256": sha(x, np.dtype(np.int64))})
out["shuffle"] = shuffles
big = np.arange(300000)
np.random.RandomState(8).shuffle(big)
out["shuffleLong"] = {"seed": 8, "n": int(big.size), "head": [int(v) for v in big[:5]], "sha256": sha(big, np.dtype(np.int64))}

# 7. tomaxint (C long is 64 bits here).
out["tomaxint"] = [{"seed": seed_ref(s), "values": [str(v) for v in np.random.RandomState(s).tomaxint(6)]} for s in SEEDS + [[1, 2, 3]]]

# 8. glibc's log itself on the inputs the polar method feeds it.
libm = ctypes.CDLL("libm.so.6")
libm.log.restype = ctypes.c_double
libm.log.argtypes = [ctypes.c_double]
gen = pyrandom.Random(20240612)
inputs = []
for _ in range(700):
    x1, x2 = 2 * gen.random() - 1, 2 * gen.random() - 1
    r2 = x1 * x1 + x2 * x2
    if 0 < r2 < 1:
        inputs.append(r2)
inputs += [gen.uniform(1 - 2**-4, 1 + 0x109 / 2**12) for _ in range(150)]
inputs += [gen.uniform(0.5, 2.0) * 2.0 ** gen.randint(-1074, 1023) for _ in range(150)]
inputs += [5e-324, 1e-310, 2.2250738585072014e-308, 1.0, 1 - 2**-53, 1 + 2**-52, 0.9375, 1.0646972656249998,
           1.064697265625, 0.5, 2.0, 1.7976931348623157e308]
out["libmLog"] = [[x, libm.log(x)] for x in inputs]
# 400000 more inputs a test can make itself: u = RandomState(7).random_sample(200000), then u * 2**-40.
many = np.random.RandomState(7).random_sample(200000)
many = np.concatenate([many, many * 2.0**-40])
out["libmLogLong"] = {"seed": 7, "size": 200000, "scales": [1, 2**-40],
                      "sha256": sha(np.array([libm.log(float(x)) for x in many]), np.dtype(np.float64))}

path = os.path.join(HERE, f"numpy-{np.__version__}.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(path, os.path.getsize(path))
