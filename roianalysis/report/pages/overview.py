"""What the overview notebook (``notebooks/01_overview.ipynb``) shows: status table, bullet
charts, the things that need attention, pacing, leading indicators and the sales team, in French
or English.

Texts are in :mod:`roianalysis.report.texts`. Every function takes the
:class:`roianalysis.report.context.Report` context (language, currency) and
tables built by :mod:`roianalysis.scorecard.table`, :mod:`roianalysis.scorecard.pacing` and
:mod:`roianalysis.scorecard.forecast`, and returns a display object: :class:`HtmlBlock` (HTML) or
:class:`roianalysis.report.context.Markdown`. Every data-derived text (channel names, owners, numbers)
is HTML-escaped (and Markdown-escaped in Markdown), so a channel named ``<script>`` is shown as
typed.

Statuses are never told by colour alone: each carries an icon of its own shape (``✔`` on track,
``▲`` at risk, ``✖`` off track) and its name, so the table reads in greyscale and for readers who
do not tell red from green.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.periods import Period
from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.context import Markdown, Report, escape_markdown
from roianalysis.report.format import period_label
from roianalysis.report.texts import channel_label
from roianalysis.scorecard import significance as sig
from roianalysis.scorecard.objectives import STATUSES
from roianalysis.text import html_text

STATUS_ICON = {"on_track": "✔", "at_risk": "▲", "off_track": "✖", None: "–"}
STATUS_COLOURS = {  # background, text: dark text on light fills keeps contrast in greyscale
    "on_track": ("#d9f2e3", "#0b5d2a"),
    "at_risk": ("#fdebc8", "#7a4b00"),
    "off_track": ("#f9d6d5", "#8f1d18"),
    None: ("#eef0f3", "#3e4c59"),
}

#: AARRR stages and the KPIs shown for each.
AARRR = (
    ("stage_acquisition", ("visitors", "leads", "cpl")),
    ("stage_activation", ("visitor_to_lead", "lead_to_customer", "new_customers", "cac")),
    ("stage_retention", ("retention_rate",)),
    ("stage_revenue", ("revenue", "average_basket", "roi")),
    ("stage_referral", ("nps",)),
)


def esc(x: object) -> str:
    """HTML-escaped text of a value (:func:`roianalysis.text.html_text`)."""
    return html_text(str(x))


#: An HTML output (``text/html``) for ``display``: the same object as the formatted tables.
HtmlBlock = fmt.HtmlTable


# ------------------------------------------------------------------------------ words
def _finite(x) -> bool:
    try:
        return x is not None and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def status_text(status: str | None, lang: str) -> str:
    return texts.text(lang, f"status_{status or 'none'}")


def status_badge(status: str | None, lang: str) -> str:
    """HTML badge: icon (distinct shape) + word + colour."""
    bg, fg = STATUS_COLOURS.get(status, STATUS_COLOURS[None])
    return (f'<span class="roi-status roi-{esc(status or "none")}" style="background-color:{bg};'
            f'color:{fg};padding:1px 7px;border-radius:9px;white-space:nowrap;font-weight:600">'
            f'{STATUS_ICON.get(status, "–")} {esc(status_text(status, lang))}</span>')


def kpi_label(metric: str, channel: str | None, lang: str) -> str:
    """``Coût par lead (Paid Search)`` / ``Cost per lead`` (plain text, not escaped)."""
    base = fmt.metric_label(metric, lang)
    return base if channel is None else f"{base} ({channel_label(channel, lang)})"


def value(rep: Report, metric: str, x) -> str:
    return fmt.format_metric(metric, x, rep.currency, rep.lang)


def delta(rep: Report, metric: str, actual, ref) -> str:
    return fmt.format_delta(actual, ref, METRICS[metric].unit, rep.currency, rep.lang)


def percent(rep: Report, x, decimals: int = 0) -> str:
    return fmt.format_percent(x, rep.lang, decimals)


def _ref_label(rep: Report, sc: pd.DataFrame) -> str:
    """``T2 2026``, or ``T3 2026 à date`` when a running period is compared day for day."""
    label = period_label(rep.comparison_period, rep.lang)
    if sc.attrs.get("running"):
        label = texts.text(rep.lang, "ref_to_date", period=label)
    return label


def _ref_value(row: pd.Series, comparison: str) -> float:
    return row["previous"] if comparison == "previous" else row["year_ago"]


def short_verdict(p: float, lang: str) -> str:
    """``réel (p = 0,01)`` / ``bruit (p = 0,40)``: the table form of
    :func:`roianalysis.report.pages.common.significance_text`."""
    if not _finite(p):
        return ""
    word = "real" if p < sig.ALPHA else "trend" if p < 0.2 else "noise"
    return f"{texts.text(lang, 'verdict_short_' + word)} ({fmt.format_p(p, lang)})"


# ------------------------------------------------------------------------------ sparkline
def sparkline(values: Sequence[float], width: int = 90, height: int = 22, label: str = "") -> str:
    """A sparkline of ``values`` (missing values skipped, last point marked): an SVG polyline
    embedded as a ``data:image/svg+xml`` image, so the report stays self-contained and passes the
    renderer's HTML sanitizer."""
    pts = [(i, float(v)) for i, v in enumerate(values) if _finite(v)]
    if len(pts) < 2:
        return ""
    lo, hi = min(v for _, v in pts), max(v for _, v in pts)
    span = hi - lo or 1.0
    n = max(len(values) - 1, 1)

    def xy(i, v):
        return 2 + (width - 4) * i / n, height - 3 - (height - 6) * (v - lo) / span

    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in pts))
    lx, ly = xy(*pts[-1])
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}"><polyline points="{coords}" fill="none" '
           f'stroke="#3e4c59" stroke-width="1.5"/><circle cx="{lx:.1f}" cy="{ly:.1f}" r="2.4" '
           f'fill="#1f2933"/></svg>')
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return f'<img src="{uri}" width="{width}" height="{height}" alt="{esc(label)}">'


# ------------------------------------------------------------------------------ status table
def _header_cells(heads: Sequence[str], left: int = 1) -> str:
    """``<th>`` cells (escaped): the first ``left`` columns left-aligned, the others right."""
    return "".join(f'<th style="text-align:{"left" if i < left else "right"};padding:4px 8px;'
                   f'border-bottom:2px solid #3e4c59">{esc(h)}</th>' for i, h in enumerate(heads))


def _data_cells(cells: Sequence[str], nowrap: bool = True) -> str:
    """``<td>`` cells of the overview's compact tables: ``cells`` already escaped (or trusted
    markup such as status badges), the first one left-aligned, the others right-aligned."""
    wrap = ";white-space:nowrap" if nowrap else ""
    return "".join(f'<td style="text-align:{"left" if i == 0 else "right"};padding:3px 8px;'
                   f'border-bottom:1px solid #e4e7eb{wrap}">{c}</td>' for i, c in enumerate(cells))


def _number_table(css_class: str, th: str, rows: Sequence[Sequence[str]]) -> HtmlBlock:
    """A compact table of numbers under the header cells ``th``; ``rows`` hold cells already
    escaped (or trusted markup such as status badges), the first one left-aligned."""
    trs = "".join(f"<tr>{_data_cells(cells)}</tr>" for cells in rows)
    return HtmlBlock(f'<table class="{css_class}" style="border-collapse:collapse;font-size:13px;'
                     f'font-variant-numeric:tabular-nums;margin:8px 0 14px"><thead><tr>{th}</tr>'
                     f'</thead><tbody>{trs}</tbody></table>')


def status_table(rep: Report, sc: pd.DataFrame, rows: pd.DataFrame | None = None,
                 caption: str | None = None) -> HtmlBlock:
    """The status table: KPI, actual, objective, % achieved, status badge, change against the
    comparison period with its verdict, change against a year ago, monthly sparkline."""
    rows = sc if rows is None else rows
    lang = rep.lang
    ref = _ref_label(rep, sc)
    n_months = len(sc.attrs.get("trend_months", []))
    running = bool(sc.attrs.get("running"))
    heads = [texts.text(lang, "col_kpi"), texts.text(lang, "col_to_date" if running else "col_actual"),
             texts.text(lang, "col_target"), texts.text(lang, "col_achieved"), texts.text(lang, "col_status"),
             texts.text(lang, "col_vs_ref", ref=ref), texts.text(lang, "col_significance"),
             texts.text(lang, "col_vs_year")]
    if running:
        heads.insert(2, texts.text(lang, "col_projected"))
    if n_months:
        heads.append(texts.text(lang, "col_trend", n=n_months))
    th = _header_cells(heads)
    body = []
    for _, r in rows.iterrows():
        m = r["metric"]
        refv = _ref_value(r, rep.comparison)
        verdict = plain_verdict(r["p_value"], r["actual"] - refv, lang) if _finite(refv) else ""
        cells = [esc(label_of(m, r["channel"], lang)) + (" *" if r.get("provisional") else ""),
                 esc(value(rep, m, r["actual"]))]
        if running:
            cells.append(esc(value(rep, m, r["projected"])))
        cells += [esc(value(rep, m, r["target"])),
                  esc(percent(rep, r["achievement"]) if _finite(r["achievement"]) else fmt.MISSING),
                  status_badge(r["status"], lang) if r["status"] else esc(fmt.MISSING),
                  esc(delta(rep, m, r["actual"], refv)),
                  esc(verdict),
                  esc(delta(rep, m, r["actual"], r["year_ago"]))]
        if n_months:
            cells.append(sparkline(r["trend"], label=f"{texts.text(lang, 'sparkline_alt')} "
                                                      f"{label_of(m, r['channel'], lang)}"))
        body.append(f"<tr>{_data_cells(cells)}</tr>")
    cap = (f'<caption style="text-align:left;font-weight:600;padding:4px 0">{esc(caption)}'
           f"</caption>" if caption else "")
    return HtmlBlock(f'<table class="roi-scorecard" style="border-collapse:collapse;font-size:13px;'
                     f'font-variant-numeric:tabular-nums;margin:8px 0 6px">{cap}<thead><tr>{th}'
                     f'</tr></thead><tbody>{"".join(body)}</tbody></table>')


def legend(rep: Report, at_risk: float) -> Markdown:
    """How to read the statuses and the verdicts (a small paragraph)."""
    text = texts.text(rep.lang, "legend", risk=percent(rep, at_risk))
    text += texts.text(rep.lang, "legend_provisional")
    return Markdown(f"<small>{escape_markdown(text)}</small>")


# ------------------------------------------------------------------------------ status counts
def status_counts(rep: Report, sc: pd.DataFrame) -> Markdown:
    """``5 KPI(s) on track, 1 at risk and 6 off track, out of 12 with an objective`` (or the
    sentence saying no objective is set)."""
    st = sc["status"].dropna()
    if len(st):
        return Markdown(texts.text(rep.lang, "headline", on=int((st == "on_track").sum()),
                                   risk=int((st == "at_risk").sum()), off=int((st == "off_track").sum()),
                                   n=len(st)))
    return Markdown(texts.text(rep.lang, "headline_none"))


# ------------------------------------------------------------------------------ AARRR
def aarrr_table(rep: Report, sc: pd.DataFrame) -> HtmlBlock:
    """The AARRR funnel as a table: stage, KPI, actual, change against the comparison period."""
    lang = rep.lang
    tot = sc[sc["channel"].isna()].set_index("metric")
    ref = _ref_label(rep, sc)
    heads = [texts.text(lang, "col_stage"), texts.text(lang, "col_kpi"), texts.text(lang, "col_actual"),
             texts.text(lang, "col_vs_ref", ref=ref), texts.text(lang, "col_status")]
    th = _header_cells(heads, left=2)
    body = []
    for stage, metrics in AARRR:
        shown = [m for m in metrics if m in tot.index and _finite(tot.loc[m, "actual"])]
        for j, m in enumerate(shown):
            r = tot.loc[m]
            first = (f'<th rowspan="{len(shown)}" style="text-align:left;vertical-align:top;'
                     f'padding:3px 8px;border-bottom:1px solid #c5cbd3">{esc(texts.text(lang, stage))}</th>'
                     if j == 0 else "")
            cells = [esc(label_of(m, None, lang)), esc(value(rep, m, r["actual"])),
                     esc(delta(rep, m, r["actual"], _ref_value(r, rep.comparison))),
                     status_badge(r["status"], lang) if r["status"] else ""]
            body.append(f"<tr>{first}{_data_cells(cells, nowrap=False)}</tr>")
    return HtmlBlock(f'<table class="roi-aarrr" style="border-collapse:collapse;font-size:13px;'
                     f'font-variant-numeric:tabular-nums;margin:8px 0 14px"><thead><tr>{th}</tr>'
                     f'</thead><tbody>{"".join(body)}</tbody></table>')


# ------------------------------------------------------------------------------ bullets
def _mpl(text: str) -> str:
    """Text safe for matplotlib: ``$`` would start mathtext."""
    return text.replace("$", r"\$")


def bullet_chart(rep: Report, sc: pd.DataFrame, at_risk: float, max_rows: int = 14):
    """Bullet charts of the KPIs with an objective: bar = share of the objective achieved
    (oriented, capped at 150 %), vertical line = objective (100 %), background bands = off track /
    at risk / on track in three greys with hatching for off track. Bars are solid (on track),
    dotted (at risk) or cross-hatched (off track), and each label starts with the status icon,
    so the chart reads in greyscale."""
    from roianalysis.report.charts import lay_out, new_figure

    rows = sc[sc["status"].notna() & sc["achievement"].notna()].copy()
    if rows.empty:
        return None
    rows["_order"] = rows["channel"].isna().map({True: 0, False: 1})
    rows = rows.sort_values(["_order", "achievement"]).head(max_rows)
    n = len(rows)
    fig, ax = new_figure(9.0, 0.55 * n + 1.3)
    cap = 1.5
    y = np.arange(n)[::-1]
    ax.barh(y, [at_risk] * n, height=0.8, color="#d5d9de", hatch="////", edgecolor="#b8bec6",
            linewidth=0, zorder=1)
    ax.barh(y, [1 - at_risk] * n, left=at_risk, height=0.8, color="#e6e9ed", linewidth=0, zorder=1)
    ax.barh(y, [cap - 1] * n, left=1, height=0.8, color="#f5f6f8", linewidth=0, zorder=1)
    colours = {"on_track": "#1f6f3f", "at_risk": "#a86a00", "off_track": "#a3221c"}
    ach = np.minimum(rows["achievement"].to_numpy(dtype=float), cap)
    hatches = {"on_track": None, "at_risk": "...", "off_track": "xxx"}  # tells them in greyscale
    statuses = rows["status"].to_numpy()
    for st in STATUSES:
        sel = statuses == st
        if sel.any():
            ax.barh(y[sel], ach[sel], height=0.36, color=colours[st], hatch=hatches[st],
                    edgecolor="white", linewidth=0, zorder=3)
    ax.vlines(1.0, -0.6, n - 0.4, color="#1f2933", linewidth=2, zorder=4)
    labels: list[str] = []
    for (_, r), yy in zip(rows.iterrows(), y, strict=True):
        labels.append(_mpl(label_of(r["metric"], r["channel"], rep.lang)))
        judged = r["projected"] if r["status_basis"] == "projection" else r["actual"]
        txt = (f"{STATUS_ICON[r['status']]} {value(rep, r['metric'], judged)} / "
               f"{value(rep, r['metric'], r['target'])}")
        ax.text(cap + 0.04, yy, _mpl(txt), va="center", fontsize=8.5, color="#1f2933", zorder=5)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, cap + 0.75)
    ax.set_xticks([0, 0.5, 1.0, 1.5],
                  [fmt.format_percent(v, rep.lang, 0) for v in (0, 0.5, 1.0, 1.5)])
    ax.spines["bottom"].set_bounds(0, cap)
    ax.set_xlabel(texts.text(rep.lang, "bullet_axis"))
    ax.grid(False)
    ax.set_title(texts.text(rep.lang, "bullets_title"), loc="left", fontweight="bold", fontsize=12,
                 y=1.0)  # a fixed title position: not measured again at each pass (lay_out)
    # the alternative text says what the chart shows: each KPI, its status and its achievement
    items = "; ".join(f"{label_of(r['metric'], r['channel'], rep.lang)} "
                      f"{fmt.format_percent(a, rep.lang, 0)}"
                      for (_, r), a in zip(rows.iterrows(), ach, strict=True))
    fig.alt = (f"{texts.text(rep.lang, 'bullets_title')}. "
               f"{fmt.label_colon(texts.text(rep.lang, 'bullet_axis'), rep.lang)} {items}.")
    return lay_out(fig)


# ------------------------------------------------------------------------------ pacing
def pacing_table(rep: Report, paced: pd.DataFrame, targets: pd.DataFrame, level: float) -> HtmlBlock:
    """To date, projected end value with its interval, objective and status on the projection."""
    from roianalysis.scorecard.objectives import status as judge
    from roianalysis.scorecard.objectives import target_for

    lang = rep.lang
    at_risk = float(rep.data.config.status_thresholds.get("at_risk", 0.9))
    heads = [texts.text(lang, "col_kpi"), texts.text(lang, "col_to_date"), texts.text(lang, "col_projected"),
             texts.text(lang, "col_interval", level=percent(rep, level)), texts.text(lang, "col_target"),
             texts.text(lang, "col_status")]
    th = _header_cells(heads)
    body = []
    for m, r in paced.iterrows():
        target = target_for(targets, m)
        st = judge(r["projected"], target, METRICS[m].direction, at_risk)
        cells = [esc(fmt.metric_label(m, lang)), esc(value(rep, m, r["actual"])),
                 esc(value(rep, m, r["projected"])),
                 esc(f"{value(rep, m, r['lower'])} – {value(rep, m, r['upper'])}"),
                 esc(value(rep, m, target)), status_badge(st, lang) if st else esc(fmt.MISSING)]
        body.append(cells)
    return _number_table("roi-pacing", th, body)


def forecast_table(rep: Report, fc: pd.DataFrame, level: float) -> HtmlBlock:
    """Where the next period is heading (:func:`roianalysis.scorecard.forecast.forecast_next`): the report
    period's value, and for the next period what is already observed (when it has started), the
    forecast of its remaining days with their ``level`` interval, the expected total and its
    change from the report period."""
    from roianalysis.report.format import format_date

    lang = rep.lang
    started = bool((fc["days_observed"] > 0).any())
    as_of = fc["as_of"].iloc[0]
    heads = [texts.text(lang, "col_kpi"), rep.period_text]
    if started:
        heads += [texts.text(lang, "col_observed", date=format_date(as_of, lang, short=True)),
                  texts.text(lang, "col_remaining", days=int(fc["days_total"].iloc[0]
                                                     - fc["days_observed"].iloc[0]))]
    heads += [texts.text(lang, "col_interval", level=percent(rep, level)),
              texts.text(lang, "col_expected_total"), texts.text(lang, "col_change")]
    th = _header_cells(heads)
    body = []
    for m, r in fc.iterrows():
        cells = [esc(fmt.metric_label(m, lang)), esc(value(rep, m, r["current"]))]
        if started:
            lo, hi = r["remaining_lower"], r["remaining_upper"]
            cells += [esc(value(rep, m, r["observed"])), esc(value(rep, m, r["remaining"]))]
        else:
            lo, hi = r["lower"], r["upper"]
        cells += [esc(f"{value(rep, m, lo)} – {value(rep, m, hi)}"),
                  esc(value(rep, m, r["forecast"])),
                  esc(fmt.format_percent(r["change"], lang, 1, signed=True))]
        body.append(cells)
    return _number_table("roi-forecast", th, body)


def forecast_text(rep: Report, fc: pd.DataFrame, level: float) -> Markdown:
    """What the forecast table is: the next period's days already observed (if any), what the
    interval covers and what it does not."""
    from roianalysis.report.format import format_date

    lang = rep.lang
    r = fc.iloc[0]
    nxt = escape_markdown(period_label(r["period"], lang))
    if r["days_observed"] > 0:
        text = texts.text(lang, "forecast_started", next=nxt,
                          as_of=escape_markdown(format_date(r["as_of"], lang)),
                          observed=int(r["days_observed"]), total=int(r["days_total"]),
                          remaining=int(r["days_total"] - r["days_observed"]))
    else:
        text = texts.text(lang, "forecast_intro", next=nxt)
    text += " " + texts.text(lang, "forecast_caveat", level=escape_markdown(percent(rep, level)))
    return Markdown(text)


# ------------------------------------------------------------------------------ sales team
TEAM_SHOWN = ("leads", "lead_to_customer", "new_customers", "sales_cycle_days", "revenue")


def team_table(rep: Report, team: pd.DataFrame) -> HtmlBlock:
    """Per owner: each KPI with its team objective and status badge."""
    lang = rep.lang
    heads = [texts.text(lang, "col_owner")] + [fmt.metric_label(m, lang) for m in TEAM_SHOWN] + [
        texts.text(lang, "col_vs_team")]
    th = _header_cells(heads)
    body = []
    for owner, r in team.iterrows():
        cells = [esc(owner)]
        for m in TEAM_SHOWN:
            text = esc(value(rep, m, r[m]))
            if f"{m}_target" in team.columns and _finite(r[f"{m}_target"]):
                st = r[f"{m}_status"]
                text += (f'<br><small>{esc(texts.text(lang, "col_target"))} '
                         f'{esc(value(rep, m, r[f"{m}_target"]))}</small> '
                         + (status_badge(st, lang) if st else ""))
            cells.append(text)
        p = r["p_value_vs_team"]
        gap = r["lead_to_customer"] - r["lead_to_customer_team"]
        cells.append(esc(plain_verdict(p, gap, lang)) if _finite(p) else esc(fmt.MISSING))
        body.append(cells)
    return _number_table("roi-team", th, body)


def team_insights(rep: Report, team: pd.DataFrame) -> Markdown | None:
    """Sentences on the reps whose conversion stands apart from the rest (p < 0.05)."""
    lines = []
    for owner, r in team.iterrows():
        p = r["p_value_vs_team"]
        if _finite(p) and p < sig.ALPHA:
            rest_x = team["converted_leads"].sum() - r["converted_leads"]
            rest_n = team["leads"].sum() - r["leads"]
            rest = rest_x / rest_n if rest_n else float("nan")
            lines.append(texts.text(rep.lang, "team_outlier", owner=escape_markdown(owner),
                                    rate=escape_markdown(percent(rep, r["lead_to_customer"], 1)),
                                    team=escape_markdown(percent(rep, rest, 1)),
                                    verdict=escape_markdown(plain_verdict(p, r["lead_to_customer"] - rest,
                                                                          rep.lang))))
    return Markdown("\n\n".join(lines)) if lines else None


# ------------------------------------------------------------------------------ method appendix
def p_value_table(rep: Report, sc: pd.DataFrame) -> HtmlBlock | None:
    """The statistics behind the plain words of the report: per KPI (all channels, then the
    per-channel KPIs with an objective), the test used against the comparison period and its p-value (``None`` when no
    change was tested)."""
    lang = rep.lang
    rows = sc[sc["p_value"].notna() & sc["test"].notna()
              & (sc["channel"].isna() | sc["target"].notna())]
    if rows.empty:
        return None
    th = _header_cells([texts.text(lang, "col_kpi"), texts.text(lang, "col_test"), texts.text(lang, "col_p"),
                        texts.text(lang, "col_reading")])
    body = []
    for _, r in rows.iterrows():
        key = f"test_{r['test']}"
        name = texts.text(lang, key) if texts.has_text(key) else str(r["test"])
        body.append([esc(label_of(r["metric"], r["channel"], lang)), esc(name),
                     esc(fmt.format_p(r["p_value"], lang)),
                     esc(short_verdict(r["p_value"], lang).split(" (")[0])])
    return _number_table("roi-tests", th, body)


def method(rep: Report, at_risk: float) -> Markdown:
    """The method appendix: how objectives are read, statuses, the tests behind "real" /
    "probably noise", the ROI definitions, money at stake, recommendations and the forecast."""
    lang = rep.lang
    parts = [f"## {texts.text(lang, 'appendix_method_title')}", "",
             f"- {escape_markdown(texts.text(lang, 'objectives_rule'))}",
             f"- {escape_markdown(texts.text(lang, 'method_status', risk=percent(rep, at_risk)))}",
             f"- {escape_markdown(texts.text(lang, 'method_tests'))}",
             f"- {escape_markdown(texts.text(lang, 'method_roi'))}",
             f"- {escape_markdown(texts.text(lang, 'method_money'))}",
             f"- {escape_markdown(texts.text(lang, 'method_recommendations', step=percent(rep, STEP)))}",
             f"- {escape_markdown(texts.text(lang, 'method_forecast'))}",
             f"- {escape_markdown(texts.text(lang, 'method_revenue'))}"]
    return Markdown("\n".join(parts))


# ============================================================================== the summary
# The executive summary that opens the overview: headline figures, what worked and what did not
# (ranked by money at stake), recommendations per paid channel, and the analyst's note.

#: Budget step of a recommendation without a budget plan: move 20 % of the channel's spend.
STEP = 0.2
#: With a budget plan, a change smaller than this share of the current budget is "keep".
KEEP_TOLERANCE = 0.05
#: Columns of :func:`recommendations` (index: channel).
RECOMMENDATION_COLUMNS = ["action", "budget_change", "expected_effect", "money_at_stake",
                          "reason", "reason_key", "cost", "roi", "basis"]
#: Columns of :func:`findings`.
FINDING_COLUMNS = ["kind", "metric", "channel", "basis", "actual", "reference", "money_at_stake",
                   "p_value", "text"]
#: The ROIs on other bases (all revenue, growth; ROAS = ROI + 1): the summary judges the period
#: on the channel ROI only (:func:`paid_roi`); these stay in the detailed tables, labelled.
_OTHER_ROIS = {"roi", "roas", "roi_on_growth", "margin_roi"}
#: Results that are inputs, not outcomes: not judged in "what worked".
_NOT_JUDGED = {"marketing_cost", "cost", "media_cost", "sessions", "nps_answers",
               "sales_cycle_days", "clv", "clv_discounted", "cac_payback_months"}


def paid_roi(roi: pd.DataFrame) -> dict[str, float]:
    """Totals of the paid channels (``cost > 0``) of a :func:`roianalysis.channel_roi.channel_roi`
    frame: ``cost``, ``revenue``, ``new_customers`` and
    ``roi = (revenue - cost) / cost`` (NaN without paid spend)."""
    paid = roi[roi["cost"].fillna(0) > 0]
    cost, revenue = float(paid["cost"].sum()), float(paid["revenue"].sum())
    return {"cost": cost, "revenue": revenue, "new_customers": float(paid["new_customers"].sum()),
            "roi": (revenue - cost) / cost if cost > 0 else float("nan")}


def revenue_per_new_customer(roi: pd.DataFrame, sc: pd.DataFrame) -> float:
    """Revenue in the period per customer acquired in the period (currency per customer), over
    every channel of the channel-ROI frame; the average basket when no customer was acquired."""
    n = float(roi["new_customers"].sum()) if len(roi) else 0.0
    if n > 0:
        return float(roi["revenue"].sum()) / n
    tot = sc[sc["channel"].isna()].set_index("metric")["actual"]
    return float(tot.get("average_basket", np.nan))


def money_at_stake(metric: str, gap: float, scope: dict[str, float], per_customer: float) -> float:
    """The money a gap in ``metric`` stands for (currency, >= 0; NaN when it has no money value).

    ``gap`` is ``actual - reference`` in the metric's unit; ``scope`` holds the volumes of the
    same scope (all channels or one channel): ``leads``, ``new_customers``, ``visitors``,
    ``marketing_cost``, ``revenue``, ``average_basket``, ``lead_to_customer``,
    ``visitor_to_lead``; ``per_customer`` is the revenue of a new customer
    (:func:`revenue_per_new_customer`). With ``v_c = per_customer``,
    ``v_lead = v_c x lead_to_customer`` and ``v_visitor = v_lead x visitor_to_lead``:

    ============================  ================================================
    revenue                       ``|gap|``
    new_customers / leads         ``|gap| x v_c`` / ``|gap| x v_lead``
    visitors                      ``|gap| x v_visitor``
    cpl / cac / cost_per_visitor  ``|gap| x leads`` / ``x new_customers`` / ``x visitors``
    lead_to_customer              ``|gap| x leads x v_c``
    visitor_to_lead               ``|gap| x visitors x v_lead``
    roi / roas / roi_on_growth    ``|gap| x marketing_cost`` (revenue at the same spend)
    average_basket                ``|gap| x revenue / average_basket`` (orders)
    ============================  ================================================

    >>> money_at_stake("cpl", 10.0, {"leads": 200}, 90.0)
    2000.0
    >>> money_at_stake("lead_to_customer", -0.05, {"leads": 1000}, 100.0)
    5000.0
    """
    if not _finite(gap):
        return float("nan")
    g = abs(float(gap))

    def s(k: str) -> float:
        v = scope.get(k, np.nan)
        return float(v) if _finite(v) else float("nan")

    v_c = float(per_customer) if _finite(per_customer) else float("nan")
    v_lead = v_c * s("lead_to_customer")
    v_vis = v_lead * s("visitor_to_lead")
    value_of = {
        "revenue": 1.0, "gross_margin": 1.0, "new_customers": v_c, "customers": v_c,
        "leads": v_lead, "visitors": v_vis,
        "cpl": s("leads"), "cac": s("new_customers"), "cost_per_visitor": s("visitors"),
        "lead_to_customer": s("leads") * v_c, "visitor_to_lead": s("visitors") * v_lead,
        "roi": s("marketing_cost"), "roas": s("marketing_cost"),
        "roi_on_growth": s("marketing_cost"), "margin_roi": s("marketing_cost"),
        "average_basket": s("revenue") / s("average_basket") if s("average_basket") else np.nan,
    }
    unit = value_of.get(metric, np.nan)
    out = g * unit
    return float(out) if _finite(out) else float("nan")


def _scope_values(sc: pd.DataFrame) -> dict[object, dict[str, float]]:
    """``channel (None for all) -> {metric: actual}`` of a scorecard."""
    out: dict[object, dict[str, float]] = {}
    for m, ch, a in zip(sc["metric"], sc["channel"], sc["actual"], strict=True):
        out.setdefault(ch, {})[m] = a
    tot = out.get(None, {})
    for scope in out.values():  # a channel's rates default to the totals' (money valuation)
        for k in ("lead_to_customer", "visitor_to_lead", "average_basket"):
            if not _finite(scope.get(k)):
                scope[k] = tot.get(k, np.nan)
    return out


def plain_verdict(p: float, change: float, lang: str) -> str:
    """A change read in plain words, without its p-value: ``une vraie hausse`` / ``a real
    rise`` (p < 0.05), ``une tendance à confirmer`` / ``a trend to confirm`` (p < 0.2),
    ``probablement du bruit`` / ``probably noise``; empty when the change is not tested."""
    if not _finite(p):
        return ""
    if p < sig.ALPHA:
        key = "verdict_real_up" if change > 0 else "verdict_real_down"
    elif p < 0.2:
        key = "verdict_trend"
    else:
        key = "verdict_noise"
    return texts.text(lang, key)


def is_noise(p: float) -> bool:
    """A tested change that could well be chance (p >= 0.05): never listed as a result."""
    return _finite(p) and p >= sig.ALPHA


def findings(rep: Report, sc: pd.DataFrame, roi: pd.DataFrame | None = None,
             verdicts: pd.DataFrame | None = None,
             roi_ref: pd.DataFrame | None = None) -> pd.DataFrame:
    """What worked and what did not in the period, ranked by money at stake.

    Listed, for the KPIs of the scorecard (all channels, and per channel for objectives):

    * an objective met (``worked``) or missed (``missed``), whatever the change;
    * a change against the comparison period that is not noise (p < 0.05, or not tested: money
      totals and their ratios are counted, not sampled) for an all-channel KPI without an
      objective, or against the objective's side (a KPI below its objective that rose clearly
      is also listed as worked); favourable = in the KPI's direction;
    * the ROI of the paid channels (:func:`paid_roi` of the channel ROI, ``roi`` against
      ``roi_ref``) when both periods have paid spend;
    * the channel verdicts (``verdicts``): ``increase`` worked, ``reduce`` did not.

    A change that is probably noise is never listed. Spend is an input, not a result (not
    judged); the ROIs on other bases (all revenue, growth, ROAS) are left to the detailed tables:
    the summary judges ROI on the one channel ROI definition only (the paid channels' total and
    the channel verdicts).

    Returns
    -------
    DataFrame with :data:`FINDING_COLUMNS`: ``kind`` (``worked`` or ``missed``), ``metric``,
    ``channel`` (None: all channels), ``basis`` (``objective``, ``change`` or ``verdict``),
    ``actual``, ``reference`` (objective or comparison value), ``money_at_stake`` (currency,
    :func:`money_at_stake`; NaN when the KPI has no money value), ``p_value`` and ``text``
    (Markdown sentence, values escaped); sorted by money at stake, largest first, KPIs without a
    money value last.
    """
    lang = rep.lang
    ref_label = escape_markdown(_ref_label(rep, sc))
    per_customer = revenue_per_new_customer(roi if roi is not None else pd.DataFrame(
        columns=["new_customers", "revenue"]), sc)
    scopes = _scope_values(sc)
    rows: list[dict] = []

    def add(kind, m, ch, basis, actual, reference, money, p, text):
        if _finite(money):
            text += " " + texts.text(lang, f"item_money_{kind}", money=escape_markdown(
                fmt.format_money(money, rep.currency, lang, 0)))
        rows.append({"kind": kind, "metric": m, "channel": ch, "basis": basis, "actual": actual,
                     "reference": reference, "money_at_stake": money, "p_value": p,
                     "text": text})

    for _, r in sc.iterrows():
        m, ch = r["metric"], r["channel"]
        if (m in _NOT_JUDGED or m in _OTHER_ROIS or r.get("campaign")
                or not _finite(r["actual"])):
            continue
        direction = METRICS[m].direction
        label = escape_markdown(label_of(m, ch, lang))
        refv = _ref_value(r, rep.comparison)
        changed = _finite(refv) and refv != r["actual"] and not is_noise(r["p_value"])
        change_kind = "worked" if changed and direction * (r["actual"] - refv) > 0 else "missed"
        objective = r["status"] in STATUSES and _finite(r["target"])
        if objective:
            judged = r["projected"] if r["status_basis"] == "projection" else r["actual"]
            if r["status_basis"] == "pro_rata_to_date":
                eff = Period.parse(sc.attrs.get("effective_period", rep.period.label))
                judged = r["actual"] * rep.period.days / max(1, eff.days)
            kind = "worked" if r["status"] == "on_track" else "missed"
            if r["status_basis"] == "projection" and _finite(r["projected_lower"]):
                text = texts.text(lang, "item_objective_projected", label=label,
                                  projected=escape_markdown(value(rep, m, judged)),
                                  low=escape_markdown(value(rep, m, r["projected_lower"])),
                                  high=escape_markdown(value(rep, m, r["projected_upper"])),
                                  target=escape_markdown(value(rep, m, r["target"])))
            else:
                text = texts.text(lang, "item_objective", label=label,
                                  actual=escape_markdown(value(rep, m, judged)),
                                  target=escape_markdown(value(rep, m, r["target"])),
                                  ach=escape_markdown(percent(rep, r["achievement"])))
            if changed and change_kind == kind:
                v = plain_verdict(r["p_value"], r["actual"] - refv, lang)
                text += texts.text(lang, "item_vs", ref=ref_label,
                                   delta=escape_markdown(delta(rep, m, r["actual"], refv)),
                                   verdict=(", " + v) if v else "")
            elif _finite(refv) and not changed:
                text += texts.text(lang, "item_vs_noise", ref=ref_label)
            if r.get("provisional"):
                text += texts.text(lang, "item_provisional")
            add(kind, m, ch, "objective", judged, r["target"],
                money_at_stake(m, judged - r["target"], scopes.get(ch, {}), per_customer),
                r["p_value"], text)
        if changed and ch is None and (not objective or change_kind != kind):
            text = texts.text(lang, "item_change", label=label,
                              actual=escape_markdown(value(rep, m, r["actual"])),
                              ref_value=escape_markdown(value(rep, m, refv)), ref=ref_label,
                              delta=escape_markdown(delta(rep, m, r["actual"], refv)))
            v = plain_verdict(r["p_value"], r["actual"] - refv, lang)
            if v:
                text += " " + texts.text(lang, "item_reading", verdict=v)
            if r.get("provisional"):
                text += texts.text(lang, "item_provisional")
            add(change_kind, m, ch, "change", r["actual"], refv,
                money_at_stake(m, r["actual"] - refv, scopes.get(None, {}), per_customer),
                r["p_value"], text)
    if roi is not None and roi_ref is not None:
        now, ref = paid_roi(roi), paid_roi(roi_ref)
        if _finite(now["roi"]) and _finite(ref["roi"]) and now["roi"] != ref["roi"]:
            kind = "worked" if now["roi"] > ref["roi"] else "missed"
            pct = lambda x: escape_markdown(fmt.format_percent(x, lang, 1))  # noqa: E731
            text = texts.text(lang, "item_change", label=escape_markdown(texts.text(lang, "label_channel_roi")),
                              actual=pct(now["roi"]), ref_value=pct(ref["roi"]), ref=ref_label,
                              delta=escape_markdown(fmt.format_delta(now["roi"], ref["roi"], "share",
                                                                     rep.currency, lang)))
            add(kind, "channel_roi", None, "change", now["roi"], ref["roi"],
                abs(now["roi"] - ref["roi"]) * now["cost"], np.nan, text)
    for ch, v in (verdicts.iterrows() if verdicts is not None else ()):
        if v["verdict"] not in ("increase", "reduce"):
            continue
        kind = "worked" if v["verdict"] == "increase" else "missed"
        text = texts.text(lang, "item_channel_" + kind, channel=escape_markdown(channel_label(ch, lang)),
                          cost=escape_markdown(fmt.format_money(v["cost"], rep.currency, lang, 0)),
                          revenue=escape_markdown(fmt.format_money(v["revenue"], rep.currency, lang, 0)),
                          customers=escape_markdown(fmt.format_number(v["new_customers"], lang)),
                          roi=escape_markdown(fmt.format_percent(v["roi"], lang, 1)))
        money = float(v["money_at_stake"]) if _finite(v["money_at_stake"]) else np.nan
        rows.append({"kind": kind, "metric": "channel_roi", "channel": ch, "basis": "verdict",
                     "actual": v["roi"], "reference": np.nan, "money_at_stake": money,
                     "p_value": np.nan, "text": text})
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    out["channel"] = pd.Series([r["channel"] for r in rows], index=out.index, dtype=object)
    out["_has"] = out["money_at_stake"].notna()
    out = out.sort_values(["_has", "money_at_stake"], ascending=[False, False], kind="stable")
    return out.drop(columns="_has").reset_index(drop=True)


def label_of(metric: str, channel: str | None, lang: str) -> str:
    """The KPI's label in the overview: :func:`kpi_label`, with the all-revenue ROI named as
    such (the channel ROI is a different figure)."""
    if metric == "roi":
        base = texts.text(lang, "label_overall_roi")
        return base if channel is None else f"{base} ({channel_label(channel, lang)})"
    return kpi_label(metric, channel, lang)


# ------------------------------------------------------------------------------ recommendations
def _reason_text(key: object, lang: str, row: pd.Series, currency: str) -> str:
    """The verdict's reason in ``lang``: the text ``key`` of :mod:`roianalysis.report.texts` when it
    exists (filled with the row's values), else a sentence of this module built from the ROI."""
    if isinstance(key, str) and texts.has_text(key):
        values = {"roi": fmt.format_percent(row.get("roi"), lang, 1),
                  "cost": fmt.format_money(row.get("cost"), currency, lang, 0),
                  "revenue": fmt.format_money(row.get("revenue"), currency, lang, 0),
                  "new_customers": fmt.format_number(row.get("new_customers"), lang),
                  "ltv_to_cac": fmt.format_ratio(row.get("ltv_to_cac"), lang),
                  "money": fmt.format_money(row.get("money_at_stake"), currency, lang, 0)}
        try:
            return texts.text(lang, key, **values)
        except (KeyError, IndexError, ValueError):
            pass
    verdict = row.get("verdict")
    roi = fmt.format_percent(row.get("roi"), lang, 1)
    if verdict == "too_little_data":
        return texts.text(lang, "reason_little", customers=fmt.format_number(row.get("new_customers"), lang))
    if verdict in ("increase", "keep", "reduce"):
        return texts.text(lang, f"reason_{verdict}", roi=roi)
    return ""


def recommendations(data, period: str | Period, comparison: str = "previous",
                    plan: pd.DataFrame | None = None, *, lang: str | None = None,
                    roi: pd.DataFrame | None = None) -> pd.DataFrame:
    """A concrete move per paid channel and its expected effect.

    Without ``plan``, the move follows the channel verdict of
    :func:`roianalysis.channel_roi.verdicts`: ``increase`` / ``reduce`` move :data:`STEP` (20 %)
    of the channel's spend of the period, ``keep`` and ``too_little_data`` move nothing; the
    expected effect is the change in result (revenue minus spend) at the channel's ROI of the
    period::

        budget_change   = +STEP x cost (increase), -STEP x cost (reduce), 0 otherwise
        expected_effect = budget_change x roi          (currency, per period)

    An increase's effect is an upper bound: returns usually fall as spend grows.

    With ``plan`` (a budget plan, e.g. the mix model's optimiser: index channel; columns
    ``current`` and ``optimal`` spend, ``expected`` revenue at the optimal spend and, when
    given, ``expected_current`` revenue at the current spend, else ``current x roas`` of the
    channel ROI), each channel of the plan moves to its optimal spend::

        budget_change   = optimal - current
        action          = increase / reduce when |budget_change| > KEEP_TOLERANCE x current
        expected_effect = (expected - expected_current) - budget_change

    in the plan's units (its spend per period).

    Parameters
    ----------
    data : ClientData
    period : str or Period
    comparison : ``previous`` or ``year_ago``
        Passed to the verdict rule (the significance of the change).
    plan : DataFrame, optional
        The budget plan described above.
    lang : ``fr`` or ``en``, optional
        Language of ``reason`` (default: the client's).
    roi : DataFrame, optional
        :func:`roianalysis.channel_roi.channel_roi` of the period, when already computed.

    Returns
    -------
    DataFrame indexed by channel with :data:`RECOMMENDATION_COLUMNS`: ``action`` (``increase``,
    ``keep``, ``reduce``, ``too_little_data``), ``budget_change`` and ``expected_effect``
    (currency), ``money_at_stake`` (currency, >= 0: the ranking, largest first), ``reason``
    (a sentence in ``lang``), ``reason_key`` (the verdict's message key), ``cost`` and ``roi`` of
    the period's channel ROI, ``basis`` (``verdict`` or ``plan``).
    """
    from roianalysis.report.texts import resolve_lang

    lang = resolve_lang(lang, data)
    period = Period.parse(period)
    if roi is None:
        from roianalysis.channel_roi import channel_roi

        roi = channel_roi(data, period, comparison)
    currency = data.config.currency
    rows = {}
    if plan is None:
        ver = roi[roi["verdict"].notna()]
        for ch, r in ver.iterrows():
            cost = float(r["cost"]) if _finite(r["cost"]) else 0.0
            step = {"increase": STEP, "reduce": -STEP}.get(r["verdict"], 0.0) * cost
            effect = step * float(r["roi"]) if _finite(r["roi"]) else float("nan")
            rows[ch] = {"action": r["verdict"], "budget_change": step, "expected_effect": effect,
                        "money_at_stake": float(r["money_at_stake"])
                        if _finite(r["money_at_stake"]) else 0.0,
                        "reason": _reason_text(r["verdict_reason"], lang, r, currency),
                        "reason_key": r["verdict_reason"], "cost": cost, "roi": r["roi"],
                        "basis": "verdict"}
    else:
        missing = [c for c in ("current", "optimal", "expected") if c not in plan.columns]
        if missing:
            raise ValueError(f"the budget plan lacks column(s) {', '.join(missing)}: expected "
                             "current, optimal and expected (index: channel)")
        for ch, p in plan.iterrows():
            cur, opt = float(p["current"]), float(p["optimal"])
            r = roi.loc[ch] if ch in roi.index else pd.Series(dtype=object)
            if "expected_current" in plan.columns and _finite(p["expected_current"]):
                base = float(p["expected_current"])
            else:
                roas = r.get("roas", np.nan)
                base = cur * float(roas) if _finite(roas) else float("nan")
            change = opt - cur
            action = ("keep" if abs(change) <= KEEP_TOLERANCE * max(cur, 1e-12)
                      else "increase" if change > 0 else "reduce")
            effect = float(p["expected"]) - base - change
            rows[ch] = {"action": action, "budget_change": change, "expected_effect": effect,
                        "money_at_stake": abs(change) + (abs(effect) if _finite(effect) else 0.0),
                        "reason": texts.text(lang, f"reason_plan_{action}",
                                             current=fmt.format_money(cur, currency, lang, 0),
                                             optimal=fmt.format_money(opt, currency, lang, 0)),
                        "reason_key": f"reason_plan_{action}",
                        "cost": float(r["cost"]) if _finite(r.get("cost")) else np.nan,
                        "roi": r.get("roi", np.nan), "basis": "plan"}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=RECOMMENDATION_COLUMNS)
    out.index.name = "channel"
    for c in ("budget_change", "expected_effect", "money_at_stake", "cost", "roi"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out.sort_values("money_at_stake", ascending=False, kind="stable")


# ------------------------------------------------------------------------------ summary display
def headline_figures(rep: Report, sc: pd.DataFrame, roi: pd.DataFrame,
                     roi_ref: pd.DataFrame | None = None) -> pd.DataFrame:
    """The summary's headline figures: marketing spend, revenue, new customers (all channels,
    from the scorecard) and the ROI of the paid channels (:func:`paid_roi` of the channel ROI).

    Returns
    -------
    DataFrame indexed by ``marketing_cost``, ``revenue``, ``new_customers``, ``channel_roi``:
    ``label`` (in the report language), ``actual``, ``reference`` (the comparison period),
    ``unit`` (``money``, ``count``, ``share``).
    """
    tot = sc[sc["channel"].isna()].set_index("metric")
    rows = {}
    for m in ("marketing_cost", "revenue", "new_customers"):
        if m in tot.index and _finite(tot.loc[m, "actual"]):
            rows[m] = (fmt.metric_label(m, rep.lang), float(tot.loc[m, "actual"]),
                       float(_ref_value(tot.loc[m], rep.comparison)), METRICS[m].unit)
    now = paid_roi(roi)
    if _finite(now["roi"]):
        ref = paid_roi(roi_ref)["roi"] if roi_ref is not None else float("nan")
        rows["channel_roi"] = (texts.text(rep.lang, "label_channel_roi"), now["roi"], ref, "share")
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=["label", "actual", "reference", "unit"])
    out.index.name = "figure"
    return out


def _figure_value(rep: Report, unit: str, x: float) -> str:
    if unit == "money":
        return fmt.format_money(x, rep.currency, rep.lang, 0)
    if unit == "share":
        return fmt.format_percent(x, rep.lang, 1)
    return fmt.format_number(x, rep.lang)


def summary_cards(rep: Report, figures: pd.DataFrame) -> HtmlBlock:
    """The headline figures as a row of cards: label, value, change against the comparison
    period (``+28,1 % vs T2 2026``; points for the ROI)."""
    ref = esc(period_label(rep.comparison_period, rep.lang))
    cards = []
    for _, r in figures.iterrows():
        d = fmt.format_delta(r["actual"], r["reference"], r["unit"], rep.currency, rep.lang)
        change = (f'<div style="font-size:12px;color:#52606d">{esc(d)} '
                  f'{esc(texts.text(rep.lang, "vs"))} {ref}</div>') if d != fmt.MISSING else ""
        cards.append(
            f'<td style="padding:8px 18px 8px 0;vertical-align:top">'
            f'<div style="font-size:12px;color:#52606d">{esc(r["label"])}</div>'
            f'<div style="font-size:22px;font-weight:700;color:#1f2933;white-space:nowrap">'
            f'{esc(_figure_value(rep, r["unit"], r["actual"]))}</div>{change}</td>')
    return HtmlBlock(f'<table class="roi-summary" style="border-collapse:collapse;margin:6px 0 4px'
                     f'"><tbody><tr>{"".join(cards)}</tr></tbody></table>')


def roi_sentence(rep: Report, sc: pd.DataFrame, roi: pd.DataFrame) -> Markdown | None:
    """One plain sentence saying which ROI the headline is, and what the all-revenue ROI and
    the ROI on growth of the period are (they answer other questions)."""
    now = paid_roi(roi)
    if not _finite(now["roi"]):
        return None
    tot = sc[sc["channel"].isna()].set_index("metric")["actual"]
    text = texts.text(rep.lang, "roi_headline", roi=escape_markdown(fmt.format_percent(now["roi"], rep.lang, 1)),
                      revenue=escape_markdown(fmt.format_money(now["revenue"], rep.currency, rep.lang, 0)),
                      cost=escape_markdown(fmt.format_money(now["cost"], rep.currency, rep.lang, 0)))
    if _finite(tot.get("roi")) and _finite(tot.get("roi_on_growth")):
        text += " " + texts.text(rep.lang, "roi_others",
                                 overall=escape_markdown(fmt.format_percent(tot["roi"], rep.lang, 1)),
                                 growth=escape_markdown(fmt.format_percent(tot["roi_on_growth"], rep.lang, 1)),
                                 ref=escape_markdown(period_label(rep.comparison_period, rep.lang)))
    return Markdown(text)


def results_block(rep: Report, found: pd.DataFrame, n_max: int = 5) -> Markdown:
    """``What worked`` and ``What did not`` lists: the ``n_max`` findings of each kind with the
    most money at stake (:func:`findings`)."""
    lang = rep.lang
    lines = []
    for kind in ("worked", "missed"):
        items = found[found["kind"] == kind].head(n_max)
        lines += [f"### {texts.text(lang, 'summary_' + kind)}", ""]
        if len(items):
            lines += [f"{i}. {txt}" for i, txt in enumerate(items["text"], 1)]
        else:
            lines.append(texts.text(lang, f"summary_{kind}_none"))
        lines.append("")
    return Markdown("\n".join(lines).rstrip())


def recommendations_block(rep: Report, recs: pd.DataFrame) -> Markdown | None:
    """The Recommendations: one line per paid channel, largest money at stake first: the move,
    its expected effect and why (``None`` when there is no paid channel)."""
    if recs.empty:
        return None
    lang, cur = rep.lang, rep.currency
    lines = [f"### {texts.text(lang, 'recommendations_title')}", ""]
    for ch, r in recs.iterrows():
        name = escape_markdown(channel_label(ch, lang))
        move = texts.text(lang, f"action_{r['action']}", channel=name)
        if r["action"] in ("increase", "reduce") and _finite(r["budget_change"]):
            key = "effect_plan" if r["basis"] == "plan" else (
                "effect_increase" if r["action"] == "increase" else "effect_reduce")
            effect = texts.text(lang, key,
                                budget=escape_markdown(fmt.format_money(r["budget_change"], cur, lang, 0,
                                                                        signed=True)),
                                share=escape_markdown(fmt.format_percent(STEP, lang, 0)),
                                effect=escape_markdown(fmt.format_money(r["expected_effect"], cur, lang, 0,
                                                                        signed=True)))
        else:
            effect = texts.text(lang, f"effect_{r['action']}")
        reason = r["reason"] or ""
        if reason:  # a sentence of its own after the effect: "Il rapporte plus..."
            reason = reason[0].upper() + reason[1:]
            reason = escape_markdown(reason if reason.rstrip().endswith(".") else reason + ".")
        lines.append(texts.text(lang, "recommendation_line", move=move, effect=effect))
        if reason:
            lines[-1] += f" {reason}"
    if (recs["basis"] == "verdict").any():
        lines += ["", f"<small>{escape_markdown(texts.text(lang, 'recommendations_note'))}</small>"]
    return Markdown("\n".join(lines))


# ------------------------------------------------------------------------------ analyst note
#: Where the analyst's note of a period lives, under the client's raw folder.
NOTES_FOLDER = "notes"
#: Longest note shown (characters); a longer one is cut with a mark.
NOTE_MAX_CHARS = 4000
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")   # [text](url), ![alt](url)
_REF_LINK = re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]")                  # [text][ref]
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.M)       # [ref]: url
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\]]+", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)


def note_path(data_dir, client: str, period: str | Period) -> Path:
    """``<data_dir>/<client>/notes/<period>.md``: ``notes/2026-Q3.md``, ``notes/2026-09.md``,
    ``notes/2026.md``; a custom range ``2026-07-01..2026-08-15`` is
    ``notes/2026-07-01_2026-08-15.md``."""
    from roianalysis.data.files import check_client_name
    from roianalysis.periods import period_dirname

    return (Path(data_dir) / check_client_name(client) / NOTES_FOLDER
            / f"{period_dirname(Period.parse(period).label)}.md")


def note_markdown(text: str) -> str:
    """The analyst's Markdown made safe for a client report.

    Kept: paragraphs, lists, emphasis, tables. Raw HTML is escaped (shown as typed, never
    interpreted); links and images show their text only; web addresses are replaced by their
    host name without a link (no external link reaches the report); headings become bold lines
    (the report's structure stays the report's); ``$`` is escaped (no LaTeX math). Longer than
    :data:`NOTE_MAX_CHARS` characters: cut, with ``…``.
    """
    s = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(s) > NOTE_MAX_CHARS:
        s = s[:NOTE_MAX_CHARS].rstrip() + " …"
    s = html.escape(s, quote=False)
    s = _REF_DEF.sub("", s)
    s = _LINK.sub(lambda m: m.group(1), s)
    s = _REF_LINK.sub(lambda m: m.group(1), s)

    def host(m: re.Match) -> str:
        url = m.group(0)
        rest = url.split("://", 1)[1] if "://" in url else url
        name = rest.split("/", 1)[0].removeprefix("www.")
        return name.replace(".", "\\.")  # no autolink of the bare name either

    s = _URL.sub(host, s)
    s = re.sub(r"<(?=\S)", "&lt;", s)
    lines = []
    for line in s.split("\n"):
        m = _HEADING.match(line)
        lines.append(f"**{line[m.end():].strip()}**" if m else line)
    return "\n".join(lines).replace("$", r"\$")


def read_note(path: Path) -> str | None:
    """The text of a note file (UTF-8, a BOM accepted); ``None`` when there is none or it is
    empty.

    Raises
    ------
    DataValidationError
        The file is not UTF-8 text (names the file and the first bad byte's line).
    """
    from roianalysis.errors import DataProblem, DataValidationError

    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise DataValidationError([DataProblem(
            str(path), f"the analyst's note must be UTF-8 text: byte {raw[e.start]:#04x} on line "
            f"{line} is not (save it as UTF-8)", rows=(line,), code="bad_encoding")]) from None
    return text if text.strip() else None


def analyst_note(rep: Report, data_dir) -> Markdown | None:
    """The analyst's note of the period (:func:`note_path`), shown at the top of the overview as
    a quoted block under a small heading; ``None`` when there is no note."""
    text = read_note(note_path(data_dir, rep.data.client, rep.period))
    if text is None:
        return None
    body = note_markdown(text)
    quoted = "\n".join("> " + line if line.strip() else ">" for line in body.split("\n"))
    return Markdown(f"**{texts.text(rep.lang, 'note_title')}**\n\n{quoted}")


# ------------------------------------------------------------------------------ summary inputs
def summary(rep: Report, sc: pd.DataFrame, plan: pd.DataFrame | None = None) -> dict:
    """Everything the executive summary shows, computed once.

    Returns
    -------
    dict with ``roi`` (:func:`roianalysis.channel_roi.channel_roi` of the period), ``roi_ref``
    (of the comparison period, None when it starts before the data), ``verdicts`` (the channels
    with a verdict, most money at stake first, as :func:`roianalysis.channel_roi.verdicts`),
    ``figures`` (:func:`headline_figures`), ``findings`` (:func:`findings`) and
    ``recommendations`` (:func:`recommendations`, with ``plan`` when given).
    """
    from roianalysis.channel_roi import channel_roi
    from roianalysis.scorecard.table import first_data_day

    data = rep.data
    roi = channel_roi(data, rep.period, rep.comparison)
    roi_ref = (channel_roi(data, rep.comparison_period, rep.comparison)
               if rep.comparison_period.start >= first_data_day(data) else None)
    ver = roi[roi["verdict"].notna()].sort_values("money_at_stake", ascending=False)
    return {"roi": roi, "roi_ref": roi_ref, "verdicts": ver,
            "figures": headline_figures(rep, sc, roi, roi_ref),
            "findings": findings(rep, sc, roi, ver, roi_ref),
            "recommendations": recommendations(data, rep.period, rep.comparison, plan,
                                               lang=rep.lang, roi=roi)}


def funnel_notes(rep: Report, sc: pd.DataFrame) -> Markdown:
    """Under the funnel chart: how the bars are drawn (square-root widths) and, when some new
    customers bought without being a lead first, how many (the reason the funnel can show more
    customers than leads)."""
    from roianalysis.metrics import funnel_counts

    lines = [texts.text(rep.lang, "funnel_scale")]
    data = rep.data
    if data.has("leads") and data.has("orders"):
        eff = Period.parse(sc.attrs.get("effective_period", rep.period.label))
        c = funnel_counts(data.engine, eff, window_days=data.config.conversion_window_days,
                          available=list(data.tables), parts=("leads", "customers"))
        row = c.iloc[0]
        n, leads = float(row["new_customers"]), float(row["leads"])
        direct = n - float(row["new_customers_with_lead"])
        num = lambda x: escape_markdown(fmt.format_number(x, rep.lang))  # noqa: E731
        if _finite(direct) and direct > 0:
            key = "funnel_direct" if n > leads else "funnel_direct_some"
            lines.append(texts.text(rep.lang, key, customers=num(n), leads=num(leads), direct=num(direct)))
    return Markdown("\n\n".join(f"<small>{x}</small>" for x in lines))


def channel_kpi_table(rep: Report, by_channel: pd.DataFrame, roi: pd.DataFrame) -> HtmlBlock:
    """KPIs per channel (the scorecard's per-channel rows), with revenue and ROI on the one
    channel ROI definition (:func:`roianalysis.channel_roi.channel_roi`: revenue in the period
    of the customers acquired in the period), so the table tells the summary's story. Channels
    by leads, most first."""
    wide = by_channel.pivot(index="channel", columns="metric", values="actual")
    from roianalysis.scorecard.table import CHANNEL_METRICS

    cols = [m for m in CHANNEL_METRICS if m in wide.columns and m not in ("revenue", "roi")]
    wide = wide[cols].copy()
    wide["new_revenue"] = roi["revenue"].reindex(wide.index)
    wide["channel_roi"] = roi["roi"].reindex(wide.index)
    if "leads" in wide:
        wide = wide.sort_values("leads", ascending=False)
    return rep.table(wide, index_label=rep.t("col_channel"),
                     units={"new_revenue": "money", "channel_roi": "share"},
                     labels={"new_revenue": texts.text(rep.lang, "col_new_revenue"),
                             "channel_roi": texts.text(rep.lang, "col_channel_roi")})
