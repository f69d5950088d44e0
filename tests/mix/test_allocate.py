"""Budget allocator against brute force on the model's own response curves."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from roianalysis import mix


@pytest.fixture(scope="module")
def model3():
    channels = dict(mix.DEFAULT_CHANNELS)
    channels["social"] = {"mean_spend": 600.0, "cv": 0.8, "alpha": 0.3, "lam": 0.8,
                          "beta": 3000.0}
    df, _ = mix.simulate_mix(seed=11, noise_sd=100, channels=channels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mix.IdentifiabilityWarning)
        return mix.fit(df, target="revenue", channels=list(channels), controls=["price_index"])


def _total(m, x):
    return sum(float(m.response(ch, [v])["response"].iloc[0]) for ch, v in zip(m.channels, x,
                                                                                strict=True))


def test_two_channels_against_a_fine_grid(model3):
    m = model3
    cur = m.current_spend()
    budget = float(cur["tv"] + cur["search"])
    # social is held at its current spend: tv and search share ``budget``
    plan = m.optimize(budget=budget + cur["social"],
                      bounds={"tv": (0.0, budget), "search": (0.0, budget),
                              "social": (cur["social"], cur["social"])})
    assert plan["optimal"].sum() == pytest.approx(budget + cur["social"], rel=1e-12)
    tv = np.linspace(0.0, budget, 200_001)
    resp_tv = m.response("tv", tv)["response"].to_numpy()
    resp_search = m.response("search", budget - tv)["response"].to_numpy()
    brute = (resp_tv + resp_search).max()
    ours = float(plan.loc[["tv", "search"], "expected"].sum())
    assert ours >= brute - 1e-9 * brute  # never worse than the grid
    assert ours - brute < 1e-6 * brute  # and the grid (step 0.01 currency) is next to it
    # KKT: equal marginal returns for the two channels inside their bounds
    assert plan.loc["tv", "marginal_roas"] == pytest.approx(plan.loc["search", "marginal_roas"],
                                                            rel=1e-7)


def test_three_channels_with_bounds_against_brute_force(model3):
    m = model3
    cur = m.current_spend().to_numpy()
    budget = float(cur.sum()) * 1.1
    plan = m.optimize(budget=budget, bounds=0.3)
    x = plan["optimal"].to_numpy()
    assert x.sum() == pytest.approx(budget, rel=1e-12)
    assert (x >= cur * 0.7 - 1e-9).all() and (x <= cur * 1.3 + 1e-9).all()
    lo, hi = cur * 0.7, cur * 1.3
    g0 = np.linspace(lo[0], hi[0], 601)
    g1 = np.linspace(lo[1], hi[1], 601)
    a, b = np.meshgrid(g0, g1, indexing="ij")
    c = budget - a - b
    ok = (c >= lo[2]) & (c <= hi[2])
    r0 = m.response(m.channels[0], g0)["response"].to_numpy()[:, None]
    r1 = m.response(m.channels[1], g1)["response"].to_numpy()[None, :]
    r2 = m.response(m.channels[2], np.clip(c, lo[2], hi[2]).ravel())["response"].to_numpy()
    total = np.where(ok, r0 + r1 + r2.reshape(c.shape), -np.inf)
    brute = total.max()
    ours = _total(m, x)
    assert ours >= brute * (1 - 1e-9)
    assert ours <= brute * (1 + 1e-3)  # within 0.1 % of the grid optimum (grid step ~0.5)
    assert plan.attrs["gain"] == pytest.approx(ours - _total(m, cur), rel=1e-9)
    assert plan.attrs["gain_lower"] < plan.attrs["gain"] < plan.attrs["gain_upper"]
    assert "raises the modelled revenue" in plan.attrs["message"]
    assert list(plan.columns[:5]) == ["current", "optimal", "change", "expected_current",
                                      "expected"]


def test_already_optimal_is_said_plainly(model3):
    m = model3
    best = m.optimize(bounds=None)
    assert not best.attrs["already_optimal"]
    again = m.optimize(bounds=None, current=best["optimal"])
    assert again.attrs["already_optimal"]
    assert again.attrs["message"].startswith("The current split is already optimal")
    np.testing.assert_allclose(again["optimal"], best["optimal"], rtol=1e-7)
    assert m.optimize(bounds=0.0).attrs["already_optimal"]


def test_roas_target_spends_until_the_marginal_return_falls_to_it(model3):
    plan = model3.optimize(objective="roas_target", roas_target=1.0, bounds=None)
    np.testing.assert_allclose(plan["marginal_roas"], 1.0, rtol=1e-9)
    assert plan.attrs["budget"] == pytest.approx(plan["optimal"].sum())


def test_bad_requests(model3):
    with pytest.raises(ValueError, match="below the sum of the lower bounds"):
        model3.optimize(budget=10.0, bounds=0.3)
    with pytest.raises(ValueError, match="unknown objective"):
        model3.optimize(objective="profit")
    with pytest.raises(ValueError, match="unknown channel"):
        model3.optimize(bounds={"radio": 0.2})


def test_a_channel_the_model_credits_with_nothing_takes_what_the_others_cannot_use():
    """A channel whose effect is zero has a flat curve: the channels that earn go to their upper
    bound, and the rest of the budget stays on the flat one (found on the demo clients, where the
    solver's bracket had no sign change)."""
    channels = dict(mix.DEFAULT_CHANNELS)
    channels["noise"] = {"mean_spend": 3000.0, "cv": 0.6, "alpha": 0.3, "lam": 0.8, "beta": 0.0}
    df, _ = mix.simulate_mix(seed=5, noise_sd=100, channels=channels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mix.IdentifiabilityWarning)
        m = mix.fit(df, target="revenue", channels=list(channels), controls=["price_index"])
    plan = m.optimize(bounds=0.3)
    assert plan["optimal"].sum() == pytest.approx(plan["current"].sum())
    assert (plan["optimal"] >= plan["low"] - 1e-9).all() and (plan["optimal"] <= plan["high"] + 1e-9).all()
    # no split of the same budget within the bounds does better (coarse brute force)
    best = _total(m, plan["optimal"].to_numpy())
    rng = np.random.default_rng(0)
    lo, hi, budget = plan["low"].to_numpy(), plan["high"].to_numpy(), plan["current"].sum()
    for _ in range(300):
        x = lo + rng.random(len(lo)) * (hi - lo)
        x = lo + (x - lo) * (budget - lo.sum()) / (x - lo).sum()
        if (x <= hi).all():
            assert _total(m, x) <= best + 1e-6 * abs(best)


def test_the_budget_solver_with_a_flat_curve():
    """Two channels with returns b / (1 + x) and one the model credits with nothing (slope 0):
    the first two go to their upper bounds, the flat one takes the rest of the budget."""
    from roianalysis.mix.allocate import _argmax, _solve_budget

    b = [3.0, 2.0, 0.0]

    def slope(c, x):
        return b[c] / (1.0 + x)

    lo, hi = np.array([0.0, 0.0, 0.0]), np.array([1.0, 1.0, 10.0])

    def split(lam):
        return np.array([_argmax(lambda x, c=c: slope(c, x), lam, lo[c], hi[c]) for c in range(3)])

    x = _solve_budget(split, slope, lo, hi, 6.0, 3)
    assert x.tolist() == pytest.approx([1.0, 1.0, 4.0])
    x = _solve_budget(split, slope, lo, hi, 1.0, 3)  # enough budget only for the two that earn
    assert x[2] == pytest.approx(0.0) and x.tolist()[:2] == pytest.approx([0.8, 0.2])
    assert b[0] / (1 + x[0]) == pytest.approx(b[1] / (1 + x[1]))  # equal marginal returns
