"""The "Where the next euro earns most" report chapter (``notebooks/06_mix.ipynb``): its texts in
French and English, the client's model, and the tables and chart the notebook shows.

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

__all__ = ["MIN_WEEKS", "TEXTS", "ClientMix", "client_mix", "mix_text", "plan_table",
           "problem_text", "response_chart", "roas_table"]

#: Weeks of history under which the chapter shows no model.
MIN_WEEKS = 52

#: key -> (French, English).
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Où le prochain euro rapporte le plus", "Where the next euro earns most"),
    "intro": (
        "Ce chapitre estime, semaine par semaine, la part de {target} due à chaque canal, "
        "y compris ce que les clics ne voient pas (refus de cookies, hors ligne), à partir de "
        "{weeks} semaines d'historique jusqu'au {end}. Le modèle tient compte de l'effet "
        "retardé de chaque dépense et de ses rendements décroissants.",
        "This chapter estimates, week by week, the share of {target} each channel brings, "
        "including what clicks cannot see (consent refusals, offline), from {weeks} weeks of "
        "history up to {end}. The model accounts for each channel's delayed effect and its "
        "diminishing returns."),
    "target_revenue": ("chiffre d'affaires", "revenue"),
    "target_leads": ("leads", "leads"),
    "no_spend": ("Aucune dépense média n'a été fournie : ce chapitre a besoin des dépenses "
                 "par canal et par jour.",
                 "No media spend was provided: this chapter needs spend per channel and day."),
    "no_target": ("Ni commandes ni leads n'ont été fournis : il n'y a rien à relier aux "
                  "dépenses.", "Neither orders nor leads were provided: there is nothing to "
                  "relate the spend to."),
    "short": ("Il n'y a que {weeks} semaines complètes d'historique. Pour séparer l'effet des "
              "médias de celui des saisons, il faut au moins un an de données hebdomadaires : "
              "ce chapitre sera disponible dès que l'historique le permettra.",
              "There are only {weeks} complete weeks of history. Telling the media's effect "
              "from the seasons' takes at least a year of weekly data: this chapter will be "
              "available as soon as the history allows it."),
    "unusable": ("Les données ne permettent pas d'estimer le modèle : {why}",
                 "The data cannot support the model: {why}"),
    "roas_title": ("Contribution et retour par canal", "Contribution and return per channel"),
    "roas_caption": ("Sur les {weeks} semaines ; intervalle à 90 %",
                     "Over the {weeks} weeks; 90 % interval"),
    "col_spend": ("Dépense", "Spend"),
    "col_contribution": ("Contribution", "Contribution"),
    "col_roas": ("Retour par euro", "Return per unit spent"),
    "col_interval": ("Intervalle à 90 %", "90 % interval"),
    "col_marginal": ("Retour du prochain euro", "Return of the next unit"),
    "warnings_title": ("Ce que les données ne permettent pas de dire",
                       "What the data cannot tell"),
    "no_warning": ("Les dépenses ont assez varié, et indépendamment les unes des autres, pour "
                   "que l'effet de chaque canal soit mesuré.",
                   "Spend varied enough, and independently enough across channels, for each "
                   "channel's effect to be measured."),
    "p_stable": ("{channel} : sa dépense change à peine d'une semaine à l'autre ; on ne peut "
                 "pas distinguer son effet du reste. Faites-la varier quelques semaines, ou "
                 "menez un test, avant de vous fier à son retour.",
                 "{channel}: its spend barely changes from one week to the next, so its effect "
                 "cannot be told apart from the rest. Vary it for a few weeks, or run a test, "
                 "before trusting its return."),
    "p_collinear": ("{channel} : sa dépense évolue en même temps que celle de {other} "
                    "(corrélation {corr}) ; le modèle ne peut pas partager le mérite entre les "
                    "deux. Modifiez l'une sans l'autre pendant un temps, ou testez l'un des "
                    "deux.",
                    "{channel}: its spend moves together with {other}'s (correlation {corr}), "
                    "so the model cannot split the credit between the two. Change one without "
                    "the other for a while, or test one of them."),
    "p_confounded": ("{channel} : sa dépense suit la tendance ou les saisons ; son effet ne "
                     "peut pas en être distingué. Un test sur ce canal est nécessaire pour le "
                     "mesurer.",
                     "{channel}: its spend follows the trend or the seasons, so its effect "
                     "cannot be told apart from them. A test on this channel is needed to "
                     "measure it."),
    "p_vif": ("{channel} : sa dépense se déduit en grande partie des autres canaux et des "
              "saisons ; son effet propre est mal mesuré.",
              "{channel}: its spend is largely predictable from the other channels and the "
              "seasons, so its own effect is poorly measured."),
    "p_uncertain": ("{channel} : son retour est trop incertain pour décider (entre {lower} et "
                    "{upper} par euro).",
                    "{channel}: its return is too uncertain to act on (between {lower} and "
                    "{upper} per unit spent)."),
    "curves_title": ("Courbes de réponse", "Response curves"),
    "curves_chart": ("{target} par semaine selon la dépense hebdomadaire",
                     "Weekly {target} by weekly spend"),
    "curves_read": ("Chaque courbe donne l'effet attendu d'une dépense hebdomadaire régulière ; "
                    "la zone colorée est l'intervalle à 90 %, le rond la dépense actuelle, le "
                    "losange la dépense recommandée. Une courbe qui s'aplatit signale un canal "
                    "proche de la saturation.",
                    "Each curve is the expected effect of a steady weekly spend; the band is the "
                    "90 % interval, the dot today's spend, the diamond the recommended spend. A "
                    "flattening curve means the channel is close to saturation."),
    "legend_current": ("actuel", "current"),
    "legend_optimal": ("recommandé", "recommended"),
    "axis_spend": ("Dépense hebdomadaire", "Weekly spend"),
    "plan_title": ("Réallocation recommandée", "Recommended reallocation"),
    "plan_caption": ("Même budget hebdomadaire, chaque canal à ±30 % de sa dépense actuelle",
                     "Same weekly budget, each channel within ±30 % of its current spend"),
    "col_current": ("Dépense actuelle / sem.", "Current spend / wk"),
    "col_optimal": ("Dépense recommandée / sem.", "Recommended spend / wk"),
    "col_change": ("Écart", "Change"),
    "col_expected": ("Effet attendu / sem.", "Expected effect / wk"),
    "plan_gain": ("Déplacer {moved} par semaine entre canaux rapporterait {gain} de {target} "
                  "par semaine de plus (intervalle à 90 % : {lower} à {upper}).",
                  "Moving {moved} a week between channels would bring {gain} more {target} a "
                  "week (90 % interval: {lower} to {upper})."),
    "plan_uncertain": ("Ce gain reste dans la marge d'incertitude du modèle : testez le "
                       "changement avant de le généraliser.",
                       "This gain is within the model's uncertainty: test the change before "
                       "rolling it out."),
    "plan_optimal": ("La répartition actuelle est déjà la meilleure dans ces limites : "
                     "déplacer du budget n'augmenterait pas {target}.",
                     "The current split is already the best within these limits: moving budget "
                     "would not raise {target}."),
    "plan_flagged": ("Les canaux signalés plus haut pèsent sur cette recommandation : "
                     "mesurez-les par un test avant de déplacer le budget.",
                     "The channels flagged above weigh on this recommendation: measure them "
                     "with a test before moving budget."),
    "method": (
        "Modèle de mix média : {target} hebdomadaire = niveau de base (tendance, saisons) + "
        "pour chaque canal un effet retardé (adstock géométrique) et saturant (logistique) de "
        "sa dépense. Estimé par maximum de vraisemblance pénalisée, sans tirage aléatoire : "
        "les mêmes données donnent exactement les mêmes chiffres. Intervalles à 90 % par la "
        "méthode de Laplace ; sur des simulations, ils couvrent la vraie valeur 90 % du temps. "
        "La réallocation maximise l'effet attendu sur les courbes de réponse du modèle. "
        "Ajustement : R² {r2}, erreur moyenne {mape} ; sur les {holdout} dernières semaines "
        "prévues sans les avoir vues : {holdout_mape}.",
        "Media mix model: weekly {target} = baseline (trend, seasons) + for each channel a "
        "delayed (geometric adstock) and saturating (logistic) effect of its spend. Fitted by "
        "penalised maximum likelihood with no random draw: the same data give exactly the same "
        "figures. 90 % intervals by the Laplace method; on simulations they cover the true "
        "value 90 % of the time. The reallocation maximises the expected effect on the model's "
        "response curves. Fit: R² {r2}, mean error {mape}; on the last {holdout} weeks "
        "forecast without seeing them: {holdout_mape}."),
}


def mix_text(key: str, lang: str, **values: object) -> str:
    """Text of ``key`` in ``lang`` (``fr`` or ``en``), placeholders filled."""
    fr, en = TEXTS[key]
    return (fr if lang == "fr" else en).format(**values)


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
        out.append(mix_text(f"p_{code}", lang, **values))
    return out


def roas_table(model, lang: str, fmt_ratio) -> pd.DataFrame:
    """Per channel: spend, contribution, return per unit spent with its interval, marginal
    return (labels in ``lang``)."""
    r = model.roas()
    m = model.marginal_roas()
    return pd.DataFrame({
        mix_text("col_spend", lang): r["spend"],
        mix_text("col_contribution", lang): r["contribution"],
        mix_text("col_roas", lang): [fmt_ratio(v) for v in r["roas"]],
        mix_text("col_interval", lang): [f"{fmt_ratio(lo)} – {fmt_ratio(hi)}"
                                         for lo, hi in zip(r["lower"], r["upper"], strict=True)],
        mix_text("col_marginal", lang): [fmt_ratio(v) for v in m["marginal_roas"]],
    }, index=r.index)


def plan_table(plan: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The allocator's plan with headers in ``lang`` (spend and effects per week)."""
    return pd.DataFrame({
        mix_text("col_current", lang): plan["current"],
        mix_text("col_optimal", lang): plan["optimal"],
        mix_text("col_change", lang): plan["change"],
        mix_text("col_expected", lang): plan["expected"],
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
                    label=mix_text(key, lang))
        ax.set_title(str(ch), loc="left", fontsize=11)
        ax.xaxis.set_major_formatter(
            _formatter(lambda v: format_money(v, currency, lang, decimals=0)))
        ax.yaxis.set_major_formatter(_formatter(lambda v: format_number(v, lang)))
        ax.tick_params(labelsize=8)
    for ax in axes[len(chans):]:
        ax.set_visible(False)
    axes[0].legend(fontsize=8, loc="lower right")
    text = mix_text("curves_chart", lang, target=target_label)
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
    from roianalysis.report.i18n import period_dates, t

    sub = t("subtitle", rep.lang, client=_esc(rep.client_name), period=_esc(rep.period_text),
            dates=_esc(period_dates(rep.period, rep.lang)),
            comparison=_esc(rep.comparison_text))
    return _md(f"# {_esc(mix_text('title', rep.lang))}\n\n*{sub}*")


def heading(key: str, lang: str):
    return _md(f"## {_esc(mix_text(key, lang))}")


def target_label(cm: ClientMix, lang: str) -> str:
    return mix_text(f"target_{cm.target or 'revenue'}", lang)


def intro(rep, cm: ClientMix):
    """The chapter's first paragraph, or the polite note of why there is no model."""
    from roianalysis.report.format import format_number
    from roianalysis.report.i18n import format_date

    if cm.status != "ok":
        return _md("> " + _esc(mix_text(cm.status, rep.lang, weeks=cm.weeks, why=cm.why)))
    end = (cm.series["date"].iloc[-1] + pd.Timedelta(days=6)).date()
    return _md(_esc(mix_text("intro", rep.lang, target=target_label(cm, rep.lang),
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
            rep.table(table, caption=mix_text("roas_caption", lang, weeks=cm.weeks),
                      index_label=rep.t("col_channel"), units=units,
                      decimals={table.columns[0]: 0, table.columns[1]: 0})]


def warnings_section(rep, cm: ClientMix) -> list:
    """Heading and one sentence per channel the data cannot measure (or that all is well)."""
    from roianalysis.report.format import format_ratio

    lines = problem_text(cm.model, rep.lang, lambda v: format_ratio(v, rep.lang))
    body = "\n".join(f"- {_esc(x)}" for x in lines) if lines else _esc(
        mix_text("no_warning", rep.lang))
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
        verdict = mix_text("plan_optimal", lang, target=label)
    else:
        moved = format_money(float(plan["change"].abs().sum() / 2), rep.currency, lang,
                             decimals=0)
        verdict = mix_text("plan_gain", lang, moved=moved, gain=amount(a["gain"]),
                           target=label, lower=amount(a["gain_lower"]),
                           upper=amount(a["gain_upper"]))
        if a["gain_lower"] <= 0:
            verdict += " " + mix_text("plan_uncertain", lang)
    if m.warnings:
        verdict += " " + mix_text("plan_flagged", lang)
    table = plan_table(plan, lang)
    units = {c: "money" for c in table.columns[:3]}
    units[table.columns[3]] = "money" if cm.target == "revenue" else "number"
    return [heading("curves_title", lang), chart, _md(_esc(mix_text("curves_read", lang))),
            heading("plan_title", lang),
            rep.table(table, caption=mix_text("plan_caption", lang),
                      index_label=rep.t("col_channel"), units=units,
                      decimals={c: 0 for c in table.columns}),
            _md(_esc(verdict))]


def method_section(rep, cm: ClientMix) -> list:
    """The method in a paragraph, with the fit and holdout figures."""
    from roianalysis.report.format import format_percent, format_ratio

    lang = rep.lang
    d = cm.model.diagnostics()
    return [_md(f"## {_esc(rep.t('method_title'))}"),
            _md(_esc(mix_text("method", lang, target=target_label(cm, lang),
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
