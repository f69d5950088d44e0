"""Which purchase model the data identify: BG/NBD first, then its limits.

BG/NBD (or Pareto/NBD) needs two things in the data: customers who seem to have left, and
variety in how likely they are to leave. When the variety is missing, its likelihood has no
proper maximum (``a`` and ``b`` grow together) and the fit raises
:class:`~roianalysis.clv.ConvergenceError`; which way it fails can depend on round-off, hence on
the numpy/scipy versions installed. :func:`fit_purchase_model` then fits what the data do
identify, in this order, and says which:

1. the model asked for (``bgnbd`` or ``pareto_nbd``);
2. :class:`GeometricNBDModel`: one dropout probability for everyone (the BG/NBD limit without
   heterogeneity);
3. :class:`NBDModel`: no dropout at all (the limit of both when nobody seems to leave).
"""

from __future__ import annotations

from roianalysis.clv.base import ConvergenceError

__all__ = ["MODEL_ORDER", "fit_named_model", "fit_purchase_model"]

#: The fallbacks after the model asked for.
MODEL_ORDER = ("geometric_nbd", "nbd")


def _classes():
    from roianalysis.clv.bgnbd import BetaGeoModel
    from roianalysis.clv.geometric_nbd import GeometricNBDModel
    from roianalysis.clv.nbd import NBDModel
    from roianalysis.clv.pareto_nbd import ParetoNBDModel

    return {"bgnbd": BetaGeoModel, "pareto_nbd": ParetoNBDModel,
            "geometric_nbd": GeometricNBDModel, "nbd": NBDModel}


#: Beyond this, both parameters of a Beta (or Gamma) mixing distribution "grow together": the
#: mixing distribution is a point mass, and the limit model is the one the data identify.
_DEGENERATE = 1e4


def _at_limit(name: str, params: dict) -> str | None:
    """Why a converged fit is really its limit (None when it is a proper fit)."""
    if name == "bgnbd" and min(params["a"], params["b"]) > _DEGENERATE:
        return (f"a = {params['a']:.3g} and b = {params['b']:.3g} grow together: one dropout "
                "probability for everyone, the BG/NBD limit without heterogeneity")
    if name == "pareto_nbd" and min(params["s"], params["beta"]) > _DEGENERATE:
        return (f"s = {params['s']:.3g} and beta = {params['beta']:.3g} grow together: one dropout "
                "rate for everyone")
    if name == "geometric_nbd" and params["p"] < 1e-8:
        return "the dropout probability tends to 0: nobody seems to leave"
    return None


def fit_purchase_model(frequency, recency, T, weights=None, *, model: str = "bgnbd"):
    """Fit ``model``, or the first of its limits the data identify.

    Parameters
    ----------
    frequency, recency, T, weights
        As :meth:`BetaGeoModel.fit`.
    model : {"bgnbd", "pareto_nbd"}
        The model to try first.

    Returns
    -------
    fitted model
        Its ``model_name_`` attribute is ``bgnbd``, ``pareto_nbd``, ``geometric_nbd`` or ``nbd``;
        ``fallback_reasons_`` lists why the models before it were not used (empty when the model
        asked for fitted).

    Raises
    ------
    ConvergenceError
        Not even the NBD model fits (e.g. every customer bought exactly once).
    """
    classes = _classes()
    if model not in ("bgnbd", "pareto_nbd"):
        raise ValueError(f"model must be 'bgnbd' or 'pareto_nbd', got {model!r}")
    reasons: list[str] = []
    for name in (model, *MODEL_ORDER):
        try:
            fitted = classes[name]().fit(frequency, recency, T, weights)
        except ConvergenceError as exc:
            reasons.append(f"{name}: {exc}")
            continue
        limit = _at_limit(name, fitted.params_)
        if limit:
            reasons.append(f"{name}: {limit}")
            continue
        fitted.model_name_ = name
        fitted.fallback_reasons_ = reasons
        return fitted
    raise ConvergenceError("no purchase model fits these data:\n  " + "\n  ".join(reasons))


def fit_named_model(name: str, frequency, recency, T, weights=None):
    """Fit the purchase model ``name`` (``bgnbd``, ``pareto_nbd``, ``geometric_nbd`` or ``nbd``)
    with no fallback, e.g. the model the whole history identified, on a shorter history; when it
    does not converge, :func:`fit_purchase_model`'s choice. ``model_name_`` says which."""
    classes = _classes()
    if name not in classes:
        raise ValueError(f"unknown purchase model {name!r}: choose among {sorted(classes)}")
    try:
        fitted = classes[name]().fit(frequency, recency, T, weights)
    except ConvergenceError:
        return fit_purchase_model(frequency, recency, T, weights)
    fitted.model_name_ = name
    return fitted
