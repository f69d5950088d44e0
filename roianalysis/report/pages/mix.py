"""The "Where the next euro earns most" report chapter (``notebooks/06_mix.ipynb``): the client's
model, and the tables, chart and sentences the notebook shows (texts: the ``mix_`` keys of
:mod:`roianalysis.report.texts`).

The model is fitted on every complete week of the client's history up to the end of the report
period (:func:`roianalysis.mix.modelling_series`): revenue when the client has orders, else
leads. Under :data:`MIN_WEEKS` weeks the chapter explains politely why it shows no model.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from roianalysis.errors import DataValidationError
from roianalysis.mix.data import modelling_series
from roianalysis.report import texts

__all__ = ["MIN_WEEKS", "ClientMix", "client_mix", "plan_table",
           "problem_text", "response_chart", "roas_table"]

#: Weeks of history under which the chapter shows no model.
MIN_WEEKS = 52

@dataclass
class ClientMix:
    """The client's model, or why there is none (``status``: ``ok``, ``no_spend``,
    ``no_target``, ``short``, ``unusable``)."""

    status: str
    target: str = ""
    weeks: int = 0
    series: pd.DataFrame | None = None
    model: object | None = None
    why: str = ""


def client_mix(data, period) -> ClientMix:
    """Fit the client's weekly model on its history up to the end of ``period`` (a Period)."""
    if not data.has("spend"):
        return ClientMix("no_spend")
    target = "revenue" if data.has("orders") else "leads" if data.has("leads") else ""
    if not target:
        return ClientMix("no_target")
    try:
        series = modelling_series(data, target)
    except DataValidationError as exc:
        return ClientMix("unusable", target, why=str(exc.problems[0].message))
    series = series[series["date"] + pd.Timedelta(days=6) <= pd.Timestamp(period.end)]
    weeks = len(series)
    if weeks < MIN_WEEKS:
        return ClientMix("short", target, weeks, series)
    channels = [c for c in series.columns if c not in ("date", target) and series[c].sum() > 0]
    from roianalysis.mix.model import fit

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = fit(series, target=target, channels=channels)
    except DataValidationError as exc:
        return ClientMix("unusable", target, weeks, series, why=str(exc.problems[0].message))
    return ClientMix("ok", target, weeks, series, model)


def problem_text(model, lang: str, fmt_ratio) -> list[str]:
    """The identifiability problems of ``model`` in ``lang`` (one sentence per flagged
    channel); ``fmt_ratio`` formats a ratio (the report's number formatting)."""
    out = []
    for ch, row in model.diagnostics().channels.iterrows():
        code = row["code"]
        if not code or row["calibrated"]:
            continue
        values = {"channel": ch}
        if code == "collinear":
            values.update(other=row["corr_with"], corr=fmt_ratio(row["max_corr"]))
        if code == "uncertain":
            r = model.roas().loc[ch]
            values.update(lower=fmt_ratio(r["lower"]), upper=fmt_ratio(r["upper"]))
        out.append(texts.text(lang, f"mix_p_{code}", **values))
    return out


def roas_table(model, lang: str, fmt_ratio) -> pd.DataFrame:
    """Per channel: spend, contribution, return per unit spent with its interval, marginal
    return (labels in ``lang``)."""
    r = model.roas()
    m = model.marginal_roas()
    return pd.DataFrame({
        texts.text(lang, "mix_col_spend"): r["spend"],
        texts.text(lang, "mix_col_contribution"): r["contribution"],
        texts.text(lang, "mix_col_roas"): [fmt_ratio(v) for v in r["roas"]],
        texts.text(lang, "mix_col_interval"): [f"{fmt_ratio(lo)} – {fmt_ratio(hi)}"
                                         for lo, hi in zip(r["lower"], r["upper"], strict=True)],
        texts.text(lang, "mix_col_marginal"): [fmt_ratio(v) for v in m["marginal_roas"]],
    }, index=r.index)


def plan_table(plan: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The allocator's plan with headers in ``lang`` (spend and effects per week)."""
    return pd.DataFrame({
        texts.text(lang, "mix_col_current"): plan["current"],
        texts.text(lang, "mix_col_optimal"): plan["optimal"],
        texts.text(lang, "mix_col_change"): plan["change"],
        texts.text(lang, "mix_col_expected"): plan["expected"],
    }, index=plan.index)


def response_chart(model, plan: pd.DataFrame, *, lang: str, currency: str, colors: dict,
                   target_label: str):
    """One panel per channel: the response curve with its 90 % band, current and recommended
    spend (a :class:`matplotlib.figure.Figure` from :func:`roianalysis.report.charts.new_figure`)."""
    from roianalysis.report.charts import lay_out, new_figure
    from roianalysis.report.format import format_money, format_number

    chans = list(model.channels)
    ncols = min(3, len(chans))
    nrows = int(np.ceil(len(chans) / ncols))
    fig, axes = new_figure(9.0, 3.0 * nrows, ncols=ncols, nrows=nrows)
    axes = np.atleast_1d(axes).ravel()
    for ax, ch in zip(axes, chans, strict=False):
        cur, opt = float(plan.loc[ch, "current"]), float(plan.loc[ch, "optimal"])
        x = np.linspace(0.0, max(cur, opt) * 2.0 or 1.0, 81)
        r = model.response(ch, x)
        color = colors.get(ch, "#3b6ea5")
        ax.fill_between(x, r["lower"], r["upper"], color=color, alpha=0.2, linewidth=0)
        ax.plot(x, r["response"], color=color, linewidth=2)
        for spend, marker, key in ((cur, "o", "legend_current"), (opt, "D", "legend_optimal")):
            y = float(model.response(ch, [spend])["response"].iloc[0])
            ax.plot([spend], [y], marker=marker, color="#1f2933", linestyle="none",
                    label=texts.text(lang, "mix_" + key))
        ax.set_title(str(ch), loc="left", fontsize=11)
        ax.xaxis.set_major_formatter(
            _formatter(lambda v: format_money(v, currency, lang, decimals=0)))
        ax.yaxis.set_major_formatter(_formatter(lambda v: format_number(v, lang)))
        ax.tick_params(labelsize=8)
    for ax in axes[len(chans):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=8, loc="lower right")
    text = texts.text(lang, "mix_curves_chart", target=target_label)
    fig.suptitle(text[:1].upper() + text[1:], x=0.01, ha="left",
                 fontsize=12, fontweight="bold")
    return lay_out(fig)


def _formatter(f):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f(v))


# ---------------------------------------------------------------------------- notebook sections
def _md(text: str):
    from roianalysis.report.context import Markdown

    return Markdown(text)


def _esc(text: object) -> str:
    from roianalysis.report.context import escape_markdown

    return escape_markdown(text)


def title(rep) -> object:
    """Level-1 title and the reports' subtitle line."""
    from roianalysis.report.format import period_dates

    sub = texts.text(rep.lang, "subtitle", client=_esc(rep.client_name), period=_esc(rep.period_text),
                     dates=_esc(period_dates(rep.period, rep.lang)),
                     comparison=_esc(rep.comparison_text))
    return _md(f"# {_esc(texts.text(rep.lang, 'mix_title'))}\n\n*{sub}*")


def heading(key: str, lang: str):
    return _md(f"## {_esc(texts.text(lang, 'mix_' + key))}")


def target_label(cm: ClientMix, lang: str) -> str:
    return texts.text(lang, f"mix_target_{cm.target or 'revenue'}")


def intro(rep, cm: ClientMix):
    """The chapter's first paragraph, or the polite note of why there is no model."""
    from roianalysis.report.format import format_date, format_number

    if cm.status != "ok":
        return _md("> " + _esc(texts.text(rep.lang, "mix_" + cm.status, weeks=cm.weeks, why=cm.why)))
    end = (cm.series["date"].iloc[-1] + pd.Timedelta(days=6)).date()
    return _md(_esc(texts.text(rep.lang, "mix_intro", target=target_label(cm, rep.lang),
                               weeks=format_number(cm.weeks, rep.lang),
                               end=format_date(end, rep.lang))))


def roas_section(rep, cm: ClientMix) -> list:
    """Heading and the per-channel contribution and return table."""
    from roianalysis.report.format import format_ratio

    lang = rep.lang
    table = roas_table(cm.model, lang, lambda v: format_ratio(v, lang))
    unit = "money" if cm.target == "revenue" else "number"
    units = {c: "formatted" for c in table.columns[2:]}
    units.update({table.columns[0]: "money", table.columns[1]: unit})
    return [heading("roas_title", lang),
            rep.table(table, caption=texts.text(lang, "mix_roas_caption", weeks=cm.weeks),
                      index_label=rep.t("col_channel"), units=units,
                      decimals={table.columns[0]: 0, table.columns[1]: 0})]


def warnings_section(rep, cm: ClientMix) -> list:
    """Heading and one sentence per channel the data cannot measure (or that all is well)."""
    from roianalysis.report.format import format_ratio

    lines = problem_text(cm.model, rep.lang, lambda v: format_ratio(v, rep.lang))
    body = "\n".join(f"- {_esc(x)}" for x in lines) if lines else _esc(
        texts.text(rep.lang, "mix_no_warning"))
    return [heading("warnings_title", rep.lang), _md(body)]


def plan_section(rep, cm: ClientMix) -> list:
    """Response curves with current and recommended spend, the plan table and its verdict."""
    from roianalysis.report.format import format_money, format_number

    lang, m = rep.lang, cm.model
    plan = m.optimize(bounds=0.3)
    a = plan.attrs
    label = target_label(cm, lang)

    def amount(v):
        return (format_money(v, rep.currency, lang, decimals=0) if cm.target == "revenue"
                else format_number(v, lang, decimals=1))

    chart = response_chart(m, plan, lang=lang, currency=rep.currency, colors=rep.colors,
                           target_label=label)
    if a["already_optimal"]:
        verdict = texts.text(lang, "mix_plan_optimal", target=label)
    else:
        moved = format_money(float(plan["change"].abs().sum() / 2), rep.currency, lang,
                             decimals=0)
        verdict = texts.text(lang, "mix_plan_gain", moved=moved, gain=amount(a["gain"]),
                             target=label, lower=amount(a["gain_lower"]),
                             upper=amount(a["gain_upper"]))
        if a["gain_lower"] <= 0:
            verdict += " " + texts.text(lang, "mix_plan_uncertain")
    if m.warnings:
        verdict += " " + texts.text(lang, "mix_plan_flagged")
    table = plan_table(plan, lang)
    units = {c: "money" for c in table.columns[:3]}
    units[table.columns[3]] = "money" if cm.target == "revenue" else "number"
    return [heading("curves_title", lang), chart, _md(_esc(texts.text(lang, "mix_curves_read"))),
            heading("plan_title", lang),
            rep.table(table, caption=texts.text(lang, "mix_plan_caption"),
                      index_label=rep.t("col_channel"), units=units,
                      decimals={c: 0 for c in table.columns}),
            _md(_esc(verdict))]


def method_section(rep, cm: ClientMix) -> list:
    """The method in a paragraph, with the fit and holdout figures."""
    from roianalysis.report.format import format_percent, format_ratio

    lang = rep.lang
    d = cm.model.diagnostics()
    return [_md(f"## {_esc(rep.t('method_title'))}"),
            _md(_esc(texts.text(lang, "mix_method", target=target_label(cm, lang),
                                r2=format_ratio(d.r2, lang), mape=format_percent(d.mape, lang),
                                holdout=d.holdout["periods"],
                                holdout_mape=format_percent(d.holdout["mape"], lang))))]


def overview_plan(data, period) -> pd.DataFrame | None:
    """The mix model's budget plan for the overview's recommendations, or ``None`` when the model
    should not steer the budget.

    The plan is used only when the model is fitted (a year of weekly history or more), flags no
    channel (spend that does not vary, moves with another channel or with the seasons: the effects
    are then not identified) and its expected gain is above zero at the lower end of its interval
    (or the current split is already optimal). Otherwise the recommendations follow the verdict
    rule of :mod:`roianalysis.channel_roi`, and the overview says so.

    Returns
    -------
    DataFrame or None
        Index channel; ``current``, ``optimal`` (spend over the period), ``expected`` (modelled
        outcome at the optimal spend over the period) and ``expected_current`` (at the current
        spend): the weekly plan times the period's weeks (days / 7).
    """
    from roianalysis.periods import Period

    p = Period.parse(period) if isinstance(period, str) else period
    cm = client_mix(data, p)
    if cm.status != "ok" or cm.model is None or cm.model.warnings:
        return None
    plan = cm.model.optimize(bounds=0.3)
    a = plan.attrs
    if not (a.get("already_optimal") or a.get("gain_lower", 0) > 0):
        return None
    weeks = ((p.end_exclusive - p.start_ts).days) / 7.0
    current = plan["current"].astype(float)
    expected_current = pd.Series({ch: float(cm.model.response(ch, [current[ch]])["response"].iloc[0])
                                  for ch in plan.index})
    out = pd.DataFrame({"current": current, "optimal": plan["optimal"].astype(float),
                        "expected": plan["expected"].astype(float),
                        "expected_current": expected_current}) * weeks
    out.attrs = {"source": "mix", "weeks": weeks, "message": a.get("message", "")}
    return out
