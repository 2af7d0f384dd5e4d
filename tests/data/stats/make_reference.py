#!/usr/bin/python3
"""Reference values for tests/unit/test_stats.c, computed with SciPy, NumPy
and scikit-learn (Debian: python3-scipy python3-sklearn), written to
reference.json beside this script.  The data sets are drawn from a seeded
generator, so running the script again gives the same file.  Only this
script needs SciPy; the C tests read the JSON.

    tests/data/stats/make_reference.py   (then tests/data/stats/make_reference.R)

NaN (a missing value) is written as null."""

import json
import math
import os

import numpy as np
from scipy import special, stats
from sklearn.metrics import cohen_kappa_score

rng = np.random.default_rng(20240607)
LEVEL = 0.95


def num(v):
    v = float(v)
    return None if math.isnan(v) else v


def vec(a):
    return [num(v) for v in a]


def hedges_j(df):
    # Exact correction (Hedges 1981): Γ(df/2) / (√(df/2) Γ((df−1)/2)).
    return math.exp(special.gammaln(df / 2) - 0.5 * math.log(df / 2) - special.gammaln((df - 1) / 2))


def summary(x):
    x = np.asarray(x, dtype=float)
    v = x[~np.isnan(x)]
    n = len(v)
    out = {"n": n, "n_missing": int(np.isnan(x).sum())}
    out["mean"] = num(v.mean()) if n else None
    out["median"] = num(np.median(v)) if n else None
    out["sd"] = num(v.std(ddof=1)) if n >= 2 else None
    if n >= 2 and v.std(ddof=1) == 0:
        out["ci_low"] = out["ci_high"] = num(v.mean())    # no spread: a point
    elif n >= 2:
        lo, hi = interval(n - 1, v.mean(), stats.sem(v))
        out["ci_low"], out["ci_high"] = num(lo), num(hi)
    else:
        out["ci_low"] = out["ci_high"] = None
    return out


def with_missing(x, share):
    x = np.array(x, dtype=float)
    x[rng.random(len(x)) < share] = np.nan
    return x


ref = {"generator": "tests/data/stats/make_reference.py",
       "versions": {"scipy": __import__("scipy").__version__, "numpy": np.__version__,
                    "sklearn": __import__("sklearn").__version__}}

# ---- The t distribution and the incomplete beta function ---------------------------------
ps = [1e-10, 1e-6, 0.0005, 0.005, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.9995,
      1 - 1e-6]
dfs = [1, 1.5, 2, 3, 4, 5, 7.5, 10, 30, 100, 1000, 1e5, 1e6]


def t_upper(t, df):
    # P(T > t), t ≥ 0, from SciPy's incomplete beta function (Cephes'
    # incbet).  scipy.stats.t.sf itself is off by up to 1e-8 relative for
    # fractional df in SciPy 1.10, so it is not used as the reference.
    return 0.5 * float(special.betainc(df / 2, 0.5, df / (df + t * t)))


def t_cdf(t, df):
    return 1 - t_upper(t, df) if t >= 0 else t_upper(-t, df)


def t_quantile(p, df):
    # Closed forms for df = 1 (Cauchy) and df = 2; otherwise SciPy's ppf
    # (which can be off by 1e-9 relative in the tails) polished by Newton
    # steps on the upper tail above.
    if df == 1:
        return -1 / math.tan(math.pi * p) if p < 0.5 else 1 / math.tan(math.pi * (1 - p))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    if p == 0.5:
        return 0.0
    q = min(p, 1 - p)
    t = abs(float(stats.t.ppf(p, df)))
    for _ in range(5):
        t += (t_upper(t, df) - q) / float(stats.t.pdf(t, df))
    return t if p > 0.5 else -t


def interval(df, mean, se):
    # The 95 % t interval, with the polished quantile above rather than
    # scipy.stats.t.interval (whose ppf is off by up to 1e-9).
    h = t_quantile(0.5 + LEVEL / 2, df) * se
    return mean - h, mean + h


ref["t_quantile"] = [{"p": p, "df": df, "t": t_quantile(p, df)} for df in dfs for p in ps]
ts = [-40.0, -5.0, -2.0, -0.5, 0.0, 0.3, 1.0, 1.96, 2.5, 4.0, 12.0, 300.0]
ref["t_cdf"] = [{"t": t, "df": df, "cdf": t_cdf(t, df), "p2": min(1.0, 2 * t_upper(abs(t), df))}
                for df in dfs for t in ts]
ref["normal_quantile"] = [{"p": p, "z": float(stats.norm.ppf(p))} for p in ps]
abx = [(0.5, 0.5, 0.2), (1, 1, 0.37), (2, 3, 0.4), (5, 0.5, 0.9), (0.5, 5, 0.05), (10, 10, 0.5),
       (30, 2, 0.99), (0.1, 0.1, 0.999), (100, 300, 0.25), (2.5, 7.25, 0.6), (500, 0.5, 0.999),
       (5e5, 0.5, 1 - 3e-6)]
ref["beta_inc"] = [{"a": a, "b": b, "x": x, "i": float(special.betainc(a, b, x))} for a, b, x in abx]

# ---- Summaries --------------------------------------------------------------------------
summ = []
for n, share in [(0, 0), (1, 0), (2, 0), (3, 0), (5, 0.2), (12, 0.25), (40, 0.1), (250, 0.05),
                 (2000, 0.3)]:
    x = np.round(rng.normal(20, 6, n), 3)
    x = with_missing(x, share)
    summ.append({"x": vec(x), **summary(x)})
summ.append({"x": [7.0] * 6, **summary([7.0] * 6)})               # no spread
summ.append({"x": vec([np.nan] * 3), **summary([np.nan] * 3)})     # only missing
summ.append({"x": [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4], **summary([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4])})
ref["summary"] = summ

# ---- Paired change ----------------------------------------------------------------------
paired = []
for n, share in [(3, 0), (8, 0), (15, 0.1), (60, 0.15), (400, 0.05)]:
    before = np.round(rng.normal(30, 8, n), 2)
    after = np.round(before + rng.normal(4, 5, n), 2)
    before, after = with_missing(before, share), with_missing(after, share)
    ok = ~np.isnan(before) & ~np.isnan(after)
    b, a = before[ok], after[ok]
    d = a - b
    m = len(d)
    res = stats.ttest_rel(a, b)
    lo, hi = interval(m - 1, d.mean(), stats.sem(d))
    s_av = (b.std(ddof=1) + a.std(ddof=1)) / 2
    paired.append({"before": vec(before), "after": vec(after), "n": m,
                   "n_incomplete": int(len(before) - m), "mean_diff": float(d.mean()),
                   "sd_diff": float(d.std(ddof=1)), "ci_low": float(lo), "ci_high": float(hi),
                   "t": float(res.statistic), "p": float(res.pvalue),
                   "d_z": float(d.mean() / d.std(ddof=1)),
                   "g_av": float(hedges_j(m - 1) * d.mean() / s_av)})
ref["paired"] = paired

# ---- Two independent groups -------------------------------------------------------------
groups = []
for na, nb, share in [(2, 2, 0), (5, 7, 0), (20, 14, 0.1), (150, 90, 0.05)]:
    a = with_missing(np.round(rng.normal(12, 3, na), 2), share)
    b = with_missing(np.round(rng.normal(10, 4, nb), 2), share)
    va, vb = a[~np.isnan(a)], b[~np.isnan(b)]
    df = len(va) + len(vb) - 2
    res = stats.ttest_ind(va, vb, equal_var=True)
    sp = math.sqrt(((len(va) - 1) * va.var(ddof=1) + (len(vb) - 1) * vb.var(ddof=1)) / df)
    diff = va.mean() - vb.mean()
    half = t_quantile(0.975, df) * sp * math.sqrt(1 / len(va) + 1 / len(vb))
    groups.append({"a": vec(a), "b": vec(b), "diff": float(diff), "sd_pooled": sp,
                   "ci_low": diff - half, "ci_high": diff + half, "t": float(res.statistic),
                   "p": float(res.pvalue), "df": df,
                   "g": float(hedges_j(df) * diff / sp) if df >= 2 else None})
ref["two_groups"] = groups
ref["hedges_j"] = [{"df": df, "j": hedges_j(df)} for df in [2, 3, 5, 9, 18, 50, 400]]

# ---- Reliable change --------------------------------------------------------------------
rci = []
for x1, x2, sd1, r in [(32, 19, 7.5, 0.8), (10, 14, 3.2, 0.9), (50, 50, 10, 0.7),
                       (21.5, 30.25, 6.1, 0.0), (70, 98, 17.5, 0.95)]:
    sdiff = math.sqrt(2 * (sd1 * math.sqrt(1 - r)) ** 2)
    rci.append({"x1": x1, "x2": x2, "sd1": sd1, "r": r, "sdiff": sdiff, "rci": (x2 - x1) / sdiff})
ref["rci"] = rci

# ---- Weighted kappa ---------------------------------------------------------------------
kap = []
for n, c, agree, miss in [(10, 3, 0.6, 0), (30, 5, 0.5, 0.1), (80, 4, 0.8, 0.05),
                          (200, 7, 0.3, 0), (25, 5, 0.0, 0)]:
    a = rng.integers(0, c, n)
    b = np.where(rng.random(n) < agree, a, rng.integers(0, c, n))
    b = np.clip(b + rng.integers(-1, 2, n) * (rng.random(n) < 0.3), 0, c - 1)
    a_m = np.where(rng.random(n) < miss, -1, a)
    b_m = np.where(rng.random(n) < miss, -1, b)
    ok = (a_m >= 0) & (b_m >= 0)
    entry = {"a": a_m.tolist(), "b": b_m.tolist(), "categories": c, "n": int(ok.sum())}
    for w in ("linear", "quadratic"):
        entry[w] = float(cohen_kappa_score(a_m[ok], b_m[ok], weights=w, labels=list(range(c))))
    kap.append(entry)
ref["kappa"] = kap

# Several raters: the mean of the pairwise weighted kappas on the targets
# rated by all.
multi = []
for n, raters, c in [(12, 3, 4), (40, 5, 5)]:
    truth = rng.integers(0, c, n)
    m = np.clip(truth[:, None] + rng.integers(-1, 2, (n, raters)) * (rng.random((n, raters)) < 0.4),
                0, c - 1)
    m[rng.random((n, raters)) < 0.05] = -1
    ok = (m >= 0).all(axis=1)
    entry = {"m": m.tolist(), "raters": raters, "categories": c, "n": int(ok.sum())}
    for w in ("linear", "quadratic"):
        ks = [cohen_kappa_score(m[ok, i], m[ok, j], weights=w, labels=list(range(c)))
              for i in range(raters) for j in range(i + 1, raters)]
        entry[w] = float(np.mean(ks))
    multi.append(entry)
ref["kappa_raters"] = multi

# ---- GAS aggregates ---------------------------------------------------------------------
gas = []
for n, share in [(0, 0), (1, 0), (9, 0.1), (64, 0.1)]:
    t = with_missing(np.round(rng.normal(51, 9, n), 2), share)
    v = t[~np.isnan(t)]
    gas.append({"t": vec(t), "n": len(v), "mean": num(v.mean()) if len(v) else None,
                "at_least_50": int((v >= 50).sum()),
                "share": float((v >= 50).mean()) if len(v) else None})
gas.append({"t": [50.0, 49.999, 50.0, 61.2], "n": 4, "mean": float(np.mean([50.0, 49.999, 50.0, 61.2])),
            "at_least_50": 3, "share": 0.75})
ref["gas"] = gas

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1, allow_nan=False)
    f.write("\n")
