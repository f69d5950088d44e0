"""Slow, obviously-correct reference implementations used by the tests (pure Python + dense numpy)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np


def states_of(path: tuple[str, ...], order: int) -> list[tuple[str, ...]]:
    """ChannelAttribution's states: windows of ``order`` touches, short path = one state,
    consecutive identical states merged."""
    if len(path) < order:
        windows = [tuple(path)]
    else:
        windows = [tuple(path[i:i + order]) for i in range(len(path) - order + 1)]
    merged = [windows[0]]
    for w in windows[1:]:
        if w != merged[-1]:
            merged.append(w)
    return merged


def dense_markov(rows, order: int = 1):
    """Removal effects and credits by dense solves. ``rows``: (path, conversions, nulls, value)."""
    counts: dict = defaultdict(lambda: defaultdict(float))
    value_out: dict = defaultdict(float)
    for path, conv, null, value in rows:
        if conv + null == 0:
            continue
        seq = ["(start)", *states_of(tuple(path), order)]
        for a, b in zip(seq[:-1], seq[1:], strict=True):
            counts[a][b] += conv + null
        counts[seq[-1]]["(conversion)"] += conv
        counts[seq[-1]]["(null)"] += null
        value_out[seq[-1]] += value
    states = sorted({s for s in counts if s != "(start)"} | {t for d in counts.values() for t in d
                                                            if isinstance(t, tuple)})
    ix = {s: i for i, s in enumerate(states)}
    n = len(states)
    q = np.zeros((n, n))
    b = np.zeros(n)
    r = np.zeros(n)
    for s in states:
        out = sum(counts[s].values())
        for t, c in counts[s].items():
            if t == "(conversion)":
                b[ix[s]] = c / out
            elif t != "(null)":
                q[ix[s], ix[t]] = c / out
        r[ix[s]] = value_out[s] / out
    start_total = sum(counts["(start)"].values())
    pi = np.zeros(n)
    for t, c in counts["(start)"].items():
        pi[ix[t]] = c / start_total

    def absorb(keep):
        k = np.flatnonzero(keep)
        if len(k) == 0:
            return np.zeros(2)
        a = np.eye(len(k)) - q[np.ix_(k, k)]
        return pi[k] @ np.linalg.solve(a, np.column_stack([b[k], r[k]]))

    base = absorb(np.ones(n, dtype=bool))
    channels = sorted({c for path, *_ in rows for c in path})
    re = {}
    for c in channels:
        keep = np.array([c not in s for s in states], dtype=bool)
        re[c] = 1 - absorb(keep) / base if n else np.zeros(2)
    tot_conv = sum(r_[1] for r_ in rows)
    tot_val = sum(r_[3] for r_ in rows)
    s = np.sum(list(re.values()), axis=0)
    credits = {c: (tot_conv * re[c][0] / s[0] if s[0] else 0.0,
                   tot_val * re[c][1] / s[1] if s[1] else 0.0) for c in channels}
    return re, credits, base
