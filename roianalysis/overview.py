"""What the overview notebook (``notebooks/01_overview.ipynb``) shows: status table, bullet
charts, the things that need attention, pacing, leading indicators and the sales team, in French
or English.

Texts are in :mod:`roianalysis.overview_texts`. Every function takes the
:class:`roianalysis.notebook.Report` context (language, currency) and
tables built by :mod:`roianalysis.scorecard`, :mod:`roianalysis.pacing` and
:mod:`roianalysis.forecast`, and returns a display object: :class:`HtmlBlock` (HTML) or
:class:`roianalysis.notebook.Markdown`. Every data-derived text (channel names, owners, numbers)
is HTML-escaped (and Markdown-escaped in Markdown), so a channel named ``<script>`` is shown as
typed.

Statuses are never told by colour alone: each carries an icon of its own shape (``✔`` on track,
``▲`` at risk, ``✖`` off track) and its name, so the table reads in greyscale and for readers who
do not tell red from green.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import formatting as fmt
from . import significance as sig
from .catalog import METRICS
from .i18n import channel_label, period_label
from .notebook import Markdown, Report, escape_markdown
from .objectives import STATUSES
from .objectives import rule as objective_rule
from .overview_texts import TEXTS, tr  # noqa: F401  (TEXTS re-exported)
from .text import html_text

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
    return tr(f"status_{status or 'none'}", lang)


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
        label += " à date" if rep.lang == "fr" else " to date"
    return label


def _ref_value(row: pd.Series, comparison: str) -> float:
    return row["previous"] if comparison == "previous" else row["year_ago"]


def short_verdict(p: float, lang: str) -> str:
    """``réel (p = 0,01)`` / ``bruit (p = 0,40)``: the table form of
    :func:`roianalysis.significance.verdict`."""
    if not _finite(p):
        return ""
    words = {"fr": ("réel", "à confirmer", "bruit"), "en": ("real", "to confirm", "noise")}[lang]
    word = words[0] if p < sig.ALPHA else words[1] if p < 0.2 else words[2]
    return f"{word} ({sig.format_p(p, lang)})"


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


def _number_table(css_class: str, th: str, rows: Sequence[Sequence[str]]) -> HtmlBlock:
    """A compact table of numbers under the header cells ``th``; ``rows`` hold cells already
    escaped (or trusted markup such as status badges), the first one left-aligned."""
    trs = "".join(
        "<tr>" + "".join(f'<td style="text-align:{"left" if i == 0 else "right"};padding:3px 8px;'
                         f'border-bottom:1px solid #e4e7eb;white-space:nowrap">{c}</td>'
                         for i, c in enumerate(cells)) + "</tr>"
        for cells in rows)
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
    heads = [tr("col_metric", lang), tr("col_to_date" if running else "col_actual", lang),
             tr("col_target", lang), tr("col_achieved", lang), tr("col_status", lang),
             tr("col_vs_ref", lang, ref=ref), tr("col_significance", lang),
             tr("col_vs_year", lang)]
    if running:
        heads.insert(2, tr("col_projected", lang))
    if n_months:
        heads.append(tr("col_trend", lang, n=n_months))
    th = _header_cells(heads)
    body = []
    for _, r in rows.iterrows():
        m = r["metric"]
        refv = _ref_value(r, rep.comparison)
        verdict = "" if not _finite(r["p_value"]) else short_verdict(r["p_value"], lang)
        cells = [esc(kpi_label(m, r["channel"], lang)) + (" *" if r.get("provisional") else ""),
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
            cells.append(sparkline(r["trend"], label=f"{tr('sparkline_alt', lang)} "
                                                      f"{kpi_label(m, r['channel'], lang)}"))
        tds = "".join(
            f'<td style="text-align:{"left" if i == 0 else "right"};padding:3px 8px;'
            f'border-bottom:1px solid #e4e7eb;white-space:nowrap'
            f'">{c}</td>' for i, c in enumerate(cells))
        body.append(f"<tr>{tds}</tr>")
    cap = (f'<caption style="text-align:left;font-weight:600;padding:4px 0">{esc(caption)}'
           f"</caption>" if caption else "")
    return HtmlBlock(f'<table class="roi-scorecard" style="border-collapse:collapse;font-size:13px;'
                     f'font-variant-numeric:tabular-nums;margin:8px 0 6px">{cap}<thead><tr>{th}'
                     f'</tr></thead><tbody>{"".join(body)}</tbody></table>')


def legend(rep: Report, at_risk: float) -> Markdown:
    """How to read the statuses and the verdicts (a small paragraph)."""
    text = tr("legend", rep.lang, risk=percent(rep, at_risk))
    text += (" * : taux provisoire (fenêtre de conversion non écoulée)." if rep.lang == "fr"
             else " *: provisional rate (conversion window not over yet).")
    return Markdown(f"<small>{escape_markdown(text)}</small>")


# ------------------------------------------------------------------------------ attention
def attention(rep: Report, sc: pd.DataFrame, n_max: int = 5, n_min: int = 3) -> list[str]:
    """The ``n_min`` to ``n_max`` things that need attention, as Markdown sentences (values
    escaped).

    Order: missed objectives (off track, then at risk; all-channel before per-channel; biggest
    shortfall first), then significant unfavourable changes against the comparison period (p <
    0.05, against the KPI's direction) of KPIs without an objective. When fewer than ``n_min``
    are found, the clearest significant changes of the all-channel KPIs (either way) complete the
    list; it can still be shorter when nothing changed clearly.
    """
    lang = rep.lang
    ref = _ref_label(rep, sc)
    items: list[tuple[tuple, str]] = []
    for _, r in sc.iterrows():
        m = r["metric"]
        label = escape_markdown(kpi_label(m, r["channel"], lang))
        refv = _ref_value(r, rep.comparison)
        if r["status"] in ("off_track", "at_risk"):
            if r["status_basis"] == "projection" and _finite(r["projected"]):
                lo_hi = _projection_bounds(rep, m, r)
                text = tr("item_target_projected", lang, label=label,
                          projected=escape_markdown(value(rep, m, r["projected"])),
                          low=lo_hi[0], high=lo_hi[1],
                          target=escape_markdown(value(rep, m, r["target"])),
                          status=status_text(r["status"], lang))
            else:
                text = tr("item_target", lang, label=label,
                          actual=escape_markdown(value(rep, m, r["actual"])),
                          target=escape_markdown(value(rep, m, r["target"])),
                          ach=escape_markdown(percent(rep, r["achievement"])),
                          status=status_text(r["status"], lang))
            if _finite(refv) and _finite(r["actual"]):
                d = escape_markdown(delta(rep, m, r["actual"], refv))
                if _finite(r["p_value"]):
                    v = sig.verdict(r["p_value"], r["actual"] - refv, lang)
                    text += tr("item_change", lang, ref=escape_markdown(ref), delta=d,
                               verdict=escape_markdown(v))
                else:
                    text += tr("item_change_plain", lang, ref=escape_markdown(ref), delta=d)
            if r.get("provisional"):
                text += tr("item_provisional", lang)
            rank = (0 if r["status"] == "off_track" else 1, 0 if r["channel"] is None else 1,
                    r["achievement"] if _finite(r["achievement"]) else 0.0)
            items.append((rank, text))
        elif (r["status"] is None and _finite(r["p_value"]) and r["p_value"] < sig.ALPHA
              and _finite(refv) and _finite(r["actual"]) and not r.get("provisional")
              and METRICS[m].direction * (r["actual"] - refv) < 0):
            v = sig.verdict(r["p_value"], r["actual"] - refv, lang)
            text = tr("item_adverse", lang, label=label,
                      actual=escape_markdown(value(rep, m, r["actual"])),
                      ref_value=escape_markdown(value(rep, m, refv)), ref=escape_markdown(ref),
                      delta=escape_markdown(delta(rep, m, r["actual"], refv)),
                      verdict=escape_markdown(v))
            items.append(((2, 0 if r["channel"] is None else 1, r["p_value"]), text))
    items.sort(key=lambda it: it[0])
    out = [t for _, t in items[:n_max]]
    if len(out) < n_min:  # few problems: add the clearest changes, good or bad, of the totals
        seen = set(out)
        for _, r in _clear_changes(sc, rep.comparison).iterrows():
            if len(out) >= n_min:
                break
            m, refv = r["metric"], _ref_value(r, rep.comparison)
            text = tr("item_adverse", lang, label=escape_markdown(kpi_label(m, None, lang)),
                      actual=escape_markdown(value(rep, m, r["actual"])),
                      ref_value=escape_markdown(value(rep, m, refv)), ref=escape_markdown(ref),
                      delta=escape_markdown(delta(rep, m, r["actual"], refv)),
                      verdict=escape_markdown(sig.verdict(r["p_value"], r["actual"] - refv, lang)))
            if text not in seen:
                out.append(text)
                seen.add(text)
    return out


def _clear_changes(sc: pd.DataFrame, comparison: str) -> pd.DataFrame:
    """All-channel rows whose change against the comparison period is significant (p < 0.05),
    clearest first."""
    ref = sc["previous"] if comparison == "previous" else sc["year_ago"]
    keep = (sc["channel"].isna() & sc["p_value"].notna() & (sc["p_value"] < sig.ALPHA)
            & ref.notna() & sc["actual"].notna() & ~sc["provisional"].astype(bool))
    return sc[keep].sort_values("p_value")


def _projection_bounds(rep: Report, metric: str, r: pd.Series) -> tuple[str, str]:
    return (escape_markdown(value(rep, metric, r["projected_lower"])),
            escape_markdown(value(rep, metric, r["projected_upper"])))


def attention_block(rep: Report, sc: pd.DataFrame) -> Markdown:
    """Headline counts of statuses and the numbered list of :func:`attention`."""
    lang = rep.lang
    st = sc["status"].dropna()
    if len(st):
        head = tr("headline", lang, on=int((st == "on_track").sum()),
                  risk=int((st == "at_risk").sum()), off=int((st == "off_track").sum()), n=len(st))
    else:
        head = tr("headline_none", lang)
    items = attention(rep, sc)
    lines = [f"### {tr('attention_title', lang)}", "", head, ""]
    if items:
        lines += [f"{i}. {t}" for i, t in enumerate(items, 1)]
    else:
        lines.append(tr("attention_none", lang))
    return Markdown("\n".join(lines))


# ------------------------------------------------------------------------------ AARRR
def aarrr_table(rep: Report, sc: pd.DataFrame) -> HtmlBlock:
    """The AARRR funnel as a table: stage, KPI, actual, change against the comparison period."""
    lang = rep.lang
    tot = sc[sc["channel"].isna()].set_index("metric")
    ref = _ref_label(rep, sc)
    heads = [tr("col_stage", lang), tr("col_metric", lang), tr("col_actual", lang),
             tr("col_vs_ref", lang, ref=ref), tr("col_status", lang)]
    th = _header_cells(heads, left=2)
    body = []
    for stage, metrics in AARRR:
        shown = [m for m in metrics if m in tot.index and _finite(tot.loc[m, "actual"])]
        for j, m in enumerate(shown):
            r = tot.loc[m]
            first = (f'<th rowspan="{len(shown)}" style="text-align:left;vertical-align:top;'
                     f'padding:3px 8px;border-bottom:1px solid #c5cbd3">{esc(tr(stage, lang))}</th>'
                     if j == 0 else "")
            cells = [esc(fmt.metric_label(m, lang)), esc(value(rep, m, r["actual"])),
                     esc(delta(rep, m, r["actual"], _ref_value(r, rep.comparison))),
                     status_badge(r["status"], lang) if r["status"] else ""]
            tds = "".join(f'<td style="text-align:{"left" if i == 0 else "right"};padding:3px 8px;'
                          f'border-bottom:1px solid #e4e7eb">{c}</td>' for i, c in enumerate(cells))
            body.append(f"<tr>{first}{tds}</tr>")
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
    from .plotting import lay_out, new_figure

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
        labels.append(_mpl(kpi_label(r["metric"], r["channel"], rep.lang)))
        judged = r["projected"] if r["status_basis"] == "projection" else r["actual"]
        txt = (f"{STATUS_ICON[r['status']]} {value(rep, r['metric'], judged)} / "
               f"{value(rep, r['metric'], r['target'])}")
        ax.text(cap + 0.04, yy, _mpl(txt), va="center", fontsize=8.5, color="#1f2933", zorder=5)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, cap + 0.75)
    ax.set_xticks([0, 0.5, 1.0, 1.5],
                  [fmt.format_percent(v, rep.lang, 0) for v in (0, 0.5, 1.0, 1.5)])
    ax.spines["bottom"].set_bounds(0, cap)
    ax.set_xlabel(tr("bullet_axis", rep.lang))
    ax.grid(False)
    ax.set_title(tr("bullets_title", rep.lang), loc="left", fontweight="bold", fontsize=12,
                 y=1.0)  # a fixed title position: not measured again at each pass (lay_out)
    return lay_out(fig)


# ------------------------------------------------------------------------------ pacing
def pacing_table(rep: Report, paced: pd.DataFrame, targets: pd.DataFrame, level: float) -> HtmlBlock:
    """To date, projected end value with its interval, objective and status on the projection."""
    from .objectives import status as judge
    from .objectives import target_for

    lang = rep.lang
    at_risk = float(rep.data.config.status_thresholds.get("at_risk", 0.9))
    heads = [tr("col_metric", lang), tr("col_to_date", lang), tr("col_projected", lang),
             tr("col_interval", lang, level=percent(rep, level)), tr("col_target", lang),
             tr("col_status", lang)]
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
    """Next period's forecast with its interval and the change from the analysed period."""
    lang = rep.lang
    names = {"sessions": fmt.metric_label("sessions", lang)}
    heads = [tr("col_metric", lang), tr("col_current", lang), tr("col_forecast", lang),
             tr("col_interval", lang, level=percent(rep, level)), tr("col_change", lang)]
    th = _header_cells(heads)
    body = []
    for m, r in fc.iterrows():
        cells = [esc(names.get(m, fmt.metric_label(m, lang))), esc(value(rep, m, r["current"])),
                 esc(value(rep, m, r["forecast"])),
                 esc(f"{value(rep, m, r['lower'])} – {value(rep, m, r['upper'])}"),
                 esc(fmt.format_percent(r["change"], lang, 1, signed=True))]
        body.append(cells)
    return _number_table("roi-forecast", th, body)


# ------------------------------------------------------------------------------ sales team
TEAM_SHOWN = ("leads", "lead_to_customer", "new_customers", "sales_cycle_days", "revenue")


def team_table(rep: Report, team: pd.DataFrame) -> HtmlBlock:
    """Per owner: each KPI with its team objective and status badge."""
    lang = rep.lang
    heads = [tr("col_owner", lang)] + [fmt.metric_label(m, lang) for m in TEAM_SHOWN] + [
        tr("col_vs_team", lang)]
    th = _header_cells(heads)
    body = []
    for owner, r in team.iterrows():
        cells = [esc(owner)]
        for m in TEAM_SHOWN:
            text = esc(value(rep, m, r[m]))
            if f"{m}_target" in team.columns and _finite(r[f"{m}_target"]):
                st = r[f"{m}_status"]
                text += (f'<br><small>{esc(tr("col_target", lang))} '
                         f'{esc(value(rep, m, r[f"{m}_target"]))}</small> '
                         + (status_badge(st, lang) if st else ""))
            cells.append(text)
        p = r["p_value_vs_team"]
        cells.append(esc(sig.format_p(p, lang)) if _finite(p) else esc(fmt.MISSING))
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
            lines.append(tr("team_outlier", rep.lang, owner=escape_markdown(owner),
                            rate=escape_markdown(percent(rep, r["lead_to_customer"], 1)),
                            team=escape_markdown(percent(rep, rest, 1)),
                            verdict=escape_markdown(sig.verdict(p, r["lead_to_customer"] - rest,
                                                                rep.lang))))
    return Markdown("\n\n".join(lines)) if lines else None


# ------------------------------------------------------------------------------ method
def method(rep: Report, at_risk: float) -> Markdown:
    lang = rep.lang
    parts = [f"### {tr('method_title', lang)}", "",
             f"- {escape_markdown(objective_rule(lang))}",
             f"- {escape_markdown(tr('method_status', lang, risk=percent(rep, at_risk)))}",
             f"- {escape_markdown(tr('method_tests', lang))}",
             f"- {escape_markdown(tr('method_revenue', lang))}"]
    return Markdown("\n".join(parts))


def text(rep: Report, key: str, **values: object) -> Markdown:
    """A paragraph of :data:`TEXTS` with values Markdown-escaped."""
    return Markdown(tr(key, rep.lang, **{k: escape_markdown(v) for k, v in values.items()}))


def heading(rep: Report, key: str, level: int = 2) -> Markdown:
    return Markdown("#" * level + " " + tr(key, rep.lang))


def title(rep: Report) -> Markdown:
    """Level-1 title and the subtitle line (client, period, dates, comparison)."""
    from .i18n import period_dates, t

    sub = t("subtitle", rep.lang, client=escape_markdown(rep.client_name),
            period=escape_markdown(rep.period_text),
            dates=escape_markdown(period_dates(rep.period, rep.lang)),
            comparison=escape_markdown(rep.comparison_text))
    return Markdown(f"# {tr('title', rep.lang)}\n\n*{sub}*", rep.stamp())
