"""Chart defects measured on the drawn figure (Agg renderer): overlapping labels, titles cut at
the figure's edge, value labels under the reference line, one outlier flattening the others,
channels sharing a colour, spaghetti charts, axes not from zero, ticks with useless decimals,
the report's period not highlighted, alternative texts that say nothing."""

from __future__ import annotations

import itertools
import re

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from roianalysis.report import charts as plots
from roianalysis.report import colors

NN = "\u202f"
CHANNELS = ["Affiliates", "Direct", "Display", "Email", "Organic Search", "Paid Search",
            "Paid Social", "Referral", "Video"]
MONTHS = ["oct. 2025", "nov. 2025", "déc. 2025", "janv. 2026", "févr. 2026", "mars 2026",
          "avr. 2026", "mai 2026", "juin 2026", "juil. 2026", "août 2026", "sept. 2026"]
LONG_TITLE = ("Part des clients qui commandent k mois après leur premier achat, par canal "
              "d'acquisition")


def _texts(fig):
    """Every visible, non-empty text of the figure with its corners in pixels (turned with the
    text: a 45° label takes a slanted strip)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        items = list(ax.texts) + ax.get_xticklabels() + ax.get_yticklabels() + [
            ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        legend = ax.get_legend()
        if legend is not None:
            items += legend.get_texts() + [legend.get_title()]
        out += [tx for tx in items if tx.get_visible() and tx.get_text().strip()]
    out += [tx for tx in fig.texts if tx.get_visible() and tx.get_text().strip()]
    seen, unique = set(), []
    for tx in out:
        if id(tx) not in seen:
            seen.add(id(tx))
            unique.append((tx, _corners(tx, renderer)))
    return unique


def _corners(tx, renderer) -> np.ndarray:
    """Corners of the text's own rectangle: measured flat, turned about the centre of the box
    matplotlib reports for the turned text."""
    box = tx.get_window_extent(renderer)
    rotation = tx.get_rotation()
    tx.set_rotation(0)
    flat = tx.get_window_extent(renderer)
    tx.set_rotation(rotation)
    a = np.deg2rad(rotation)
    u = np.array([np.cos(a), np.sin(a)]) * flat.width / 2
    v = np.array([-np.sin(a), np.cos(a)]) * flat.height / 2
    c = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    return np.array([c - u - v, c + u - v, c + u + v, c - u + v])


def _separated(p, q) -> bool:
    for poly in (p, q):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-edge[1], edge[0]]) / (np.hypot(*edge) or 1.0)
            a, b = p @ axis, q @ axis
            if min(a.max(), b.max()) - max(a.min(), b.min()) <= 1:
                return True
    return False


def _overlaps(fig):
    return [(a.get_text(), b.get_text())
            for (a, pa), (b, pb) in itertools.combinations(_texts(fig), 2) if not _separated(pa, pb)]


def _transition_matrix():
    rng = np.random.default_rng(3)
    rows = ["(début)", *CHANNELS]
    cols = [*CHANNELS, "(conversion)", "(abandon)"]
    return pd.DataFrame(rng.random((len(rows), len(cols))) / 3, index=rows, columns=cols)


def _charts():
    rng = np.random.default_rng(1)
    roi = pd.Series({"Email": 47.554, "Affiliates": 4.835, "Paid Search": 4.069,
                     "Paid Social": 3.586, "Video": 3.281, "Display": 1.786})
    models = pd.DataFrame(rng.normal(0.1, 0.3, (6, 8)), index=list(roi.index),
                          columns=[f"Modèle {i}" for i in range(8)])
    models.loc["Email"] = rng.uniform(13.7, 16, 8)
    return {
        "transitions": plots.heatmap(_transition_matrix(), unit="share", lang="fr",
                                     title="Probabilité de passer d'un canal (ligne) au suivant"),
        "cohorts": plots.heatmap(pd.DataFrame(rng.random((12, 12)), index=MONTHS), lang="fr",
                                 title="Cohortes", xlabel="Mois", ylabel="Cohorte"),
        "roi": plots.bar_chart(roi, unit="share", lang="fr", title="ROI par canal",
                               reference=5.5, reference_label="moyenne"),
        "roi_vertical": plots.bar_chart(roi, unit="share", lang="en", horizontal=False,
                                        title="ROI", reference=4.0, reference_label="average"),
        "models": plots.grouped_bar_chart(models, unit="share", lang="fr", legend_title="Modèle",
                                          title="ROI par canal et par modèle"),
        "curves": plots.line_chart(pd.DataFrame(rng.random((12, 6)) / 5, index=range(1, 13),
                                                columns=CHANNELS[:6]),
                                   unit="share", lang="fr", title=LONG_TITLE),
        "leads": plots.line_chart(pd.DataFrame(rng.integers(10, 350, (12, 9)), index=MONTHS,
                                               columns=CHANNELS), unit="count", lang="fr",
                                  title="Leads par canal et par mois", highlight="2026-Q3"),
        "funnel": plots.funnel_chart(pd.Series({"Visiteurs": 36245, "Leads": 2222,
                                                "Nouveaux clients": 2520}), lang="fr",
                                     title="Entonnoir"),
        "histogram": plots.histogram(rng.random(200), lang="fr", title="Probabilité d'être actif"),
    }


@pytest.fixture(scope="module")
def charts():
    return _charts()


@pytest.mark.parametrize("name", ["transitions", "cohorts", "roi", "roi_vertical", "models",
                                  "curves", "leads", "funnel", "histogram"])
def test_no_two_labels_overlap(charts, name):
    assert _overlaps(charts[name]) == []


def test_crowded_tick_labels_are_the_case_the_test_catches():
    """The transition heatmap's column labels, written flat as before, do overlap: the measure
    above sees it."""
    fig = plots.heatmap(_transition_matrix(), unit="share", lang="fr")
    ax = fig.axes[0]
    for tx in ax.get_xticklabels():
        tx.set_rotation(0)
        tx.set_fontsize(10)
    assert _overlaps(fig)


@pytest.mark.parametrize("name", ["transitions", "roi", "models", "curves", "leads", "histogram"])
def test_titles_lie_inside_the_figure(charts, name):
    fig = charts[name]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    titles = [ax._left_title for ax in fig.axes if ax._left_title.get_text()]
    titles += [fig._suptitle] if fig._suptitle is not None else []
    assert titles
    for title in titles:
        box = title.get_window_extent(renderer)
        assert box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1, title.get_text()
        assert box.y0 >= fig.bbox.y0 and box.y1 <= fig.bbox.y1, title.get_text()


def test_a_long_title_is_wrapped_not_cut(charts):
    text = charts["curves"].axes[0]._left_title.get_text()
    assert "\n" in text and " ".join(text.split()) == LONG_TITLE


@pytest.mark.parametrize("horizontal", [True, False])
def test_reference_line_never_crosses_a_value_label(horizontal):
    # 57,05 € ends just past the average 55: its label used to sit across the dashed line
    cpl = pd.Series({"Display": 116.43, "Paid Social": 78.37, "Affiliates": 53.9,
                     "Email": 7.25, "Video": 50.5})
    fig = plots.bar_chart(cpl, unit="money", lang="fr", reference=55.0, reference_label="moyenne",
                          horizontal=horizontal)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    px = (ax.transData.transform((55.0, 0))[0] if horizontal
          else ax.transData.transform((0, 55.0))[1])
    labels = [tx for tx in ax.texts if "€" in tx.get_text()]
    assert len(labels) == 5
    for tx in labels:
        box = tx.get_window_extent(renderer)
        lo, hi = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        assert not lo <= px <= hi, tx.get_text()
        assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1 + 1  # still inside the axes


def test_one_outlier_does_not_flatten_the_others(charts):
    ax = charts["roi"].axes[0]
    lo, hi = ax.get_xlim()
    assert lo == 0 and hi < 10  # 4 755 % is cut: the 179-484 % bars use the width
    texts = [tx.get_text() for tx in ax.texts]
    assert f"4{NN}755,4{NN}%" in texts  # its value is still written
    assert "dépasse l'échelle" in charts["roi"].alt


def test_grouped_outliers_are_written_once_per_group(charts):
    ax = charts["models"].axes[0]
    assert ax.get_ylim()[1] < 5
    cut = [tx.get_text() for tx in ax.texts]
    assert len(cut) == 1 and "–" in cut[0]  # one range for the group, not eight crossed labels


def test_one_colour_per_channel_the_same_in_every_chart():
    palette = plots.channel_colors(CHANNELS + ["Social", "Organic Social", "(unknown)"])
    assert len(set(palette.values())) == len(palette)  # Social and Organic Social differ
    values = pd.Series(np.linspace(1, 9, 9), index=CHANNELS)
    bar = plots.bar_chart(values, colors=palette, sort=False)
    line = plots.line_chart(pd.DataFrame(np.ones((3, 4)), columns=CHANNELS[:4]), colors=palette)
    grouped = plots.grouped_bar_chart(pd.DataFrame({"a": values, "b": values}), colors=palette,
                                      series_colors="index", clip_outliers=False)
    small = plots.line_chart(pd.DataFrame(np.ones((3, 9)), columns=CHANNELS), colors=palette)
    hexes = lambda artists: [mcolors.to_hex(a.get_facecolor()) for a in artists]  # noqa: E731
    assert hexes(bar.axes[0].patches) == [palette[c] for c in CHANNELS]
    assert [mcolors.to_hex(ln.get_color()) for ln in line.axes[0].get_lines()] == \
        [palette[c] for c in CHANNELS[:4]]
    assert hexes(grouped.axes[0].patches[:9]) == [palette[c] for c in CHANNELS]
    for ax, channel in zip(small.axes, CHANNELS, strict=True):
        assert ax.get_title(loc="left") == channel
        assert mcolors.to_hex(ax.get_lines()[-1].get_color()) == palette[channel]


@pytest.mark.parametrize("channels", [
    CHANNELS,
    ["Content Syndication", "Direct", "Display", "Email", "Events", "LinkedIn Ads",
     "Organic Search", "Paid Search", "Referral"],
    ["Direct", "Email", "Instagram", "Marketplace", "Organic Search", "Paid Search",
     "Paid Social", "Word of Mouth"],
    ["Direct", "Email", "Organic Search", "Organic Social", "Social", "Paid Search", "SEA"],
])
def test_no_two_channels_of_a_client_look_alike(channels):
    palette = plots.channel_colors([*channels, "(unknown)"])
    for (a, ca), (b, cb) in itertools.combinations(palette.items(), 2):
        assert np.linalg.norm(colors.lab(ca) - colors.lab(cb)) >= colors.MIN_DELTA_E, (a, b)
    if "Paid Search" in channels:
        assert palette["Paid Search"] == "#1f77b4"  # the usual channels keep their colour


def test_a_chart_without_the_palette_still_gives_distinct_colours():
    # three hashed names and the known channels they would collide with
    names = ["Paid Search", "Email", "Zz Custom", "Webinar Series", "Other 1", "Other 2"]
    fig = plots.bar_chart(pd.Series(np.arange(1.0, 7.0), index=names), sort=False)
    colours = [mcolors.to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    assert len(set(colours)) == len(names)


def test_spaghetti_becomes_small_multiples(charts):
    fig = charts["leads"]
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 9
    assert len({ax.get_ylim() for ax in panels}) == 1  # one scale
    few = plots.line_chart(pd.DataFrame(np.ones((3, 6)), columns=CHANNELS[:6]))
    assert len(few.axes) == 1


def test_bars_and_lines_of_positive_quantities_start_at_zero():
    cpl = pd.DataFrame({"cpl": [53.4, 55.8, 54.8, 51.1, 59.0, 52.8]}, index=MONTHS[:6])
    line = plots.line_chart(cpl, unit="money", lang="fr", legend=False)
    assert line.axes[0].get_ylim()[0] == 0
    bars = plots.bar_chart(pd.Series({"a": 51.0, "b": 59.0}), unit="money")
    assert bars.axes[0].get_xlim()[0] == 0
    signed = plots.line_chart(pd.DataFrame({"x": [-1.0, 2.0, 3.0]}))
    assert signed.axes[0].get_ylim()[0] < -1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ticks_have_no_useless_decimals(lang):
    fig = plots.bar_chart(pd.Series({"a": 9.0, "b": 3.0, "c": 2.0, "d": 1.0}), unit="share",
                          lang=lang, clip_outliers=False)
    fig.canvas.draw()
    ticks = [tx.get_text() for tx in fig.axes[0].get_xticklabels() if tx.get_text()]
    assert ticks
    mark = "," if lang == "fr" else "."
    assert not [tk for tk in ticks if re.search(re.escape(mark) + r"0+\D*$", tk)], ticks
    thousand = f"1{NN}000{NN}%" if lang == "fr" else "1,000%"
    assert thousand in ticks


def test_the_reports_period_is_highlighted(charts):
    cpl = pd.DataFrame({"cpl": np.arange(12.0) + 50}, index=MONTHS)
    fig = plots.line_chart(cpl, unit="money", lang="fr", highlight="2026-Q3")
    spans = [p for p in fig.axes[0].patches]
    assert len(spans) == 1
    x0, x1 = spans[0].get_x(), spans[0].get_x() + spans[0].get_width()
    assert x0 < 9 < 11 < x1 and x0 > 8  # July, August, September 2026 and nothing else
    assert "surlignée" in fig.alt
    iso = pd.DataFrame({"v": [1.0, 2.0, 3.0]}, index=["2026-06", "2026-07", "2026-08"])
    shaded = plots.line_chart(iso, highlight="2026-Q3").axes[0].patches[0]
    assert shaded.get_x() == pytest.approx(0.6)


def test_every_chart_has_an_alternative_text_that_describes_it(charts):
    for name, fig in charts.items():
        assert fig.alt and fig.alt not in ("Graphique", "Chart"), name
        assert len(fig.alt) > 40, name
    assert charts["roi"].alt.startswith("ROI par canal.")
    assert f"Email 4{NN}755,4{NN}%" in charts["roi"].alt
    assert "Visiteurs 36" in charts["funnel"].alt


def test_jupyter_stores_the_alternative_text_with_the_png():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    fig = plots.bar_chart(pd.Series({"Email": 7.25}), unit="money", lang="en", title="CPL")
    data, meta = shell.display_formatter.format(fig)
    assert data["image/png"][:4] == b"\x89PNG"
    assert meta["image/png"]["alt"] == fig.alt
    assert fig.alt.startswith("CPL. Bars")


def test_the_report_page_writes_the_alternative_text_of_each_chart():
    import base64

    from IPython.core.interactiveshell import InteractiveShell
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from roianalysis.render.export import ReportInfo, export_html

    shell = InteractiveShell.instance()
    fig = plots.bar_chart(pd.Series({"Email": 7.25, "Paid Search": 72.87}), unit="money",
                          lang="fr", title="Coût par lead par canal, T3 2026")
    data, meta = shell.display_formatter.format(fig)
    out = new_output("display_data", data={"image/png": base64.b64encode(data["image/png"])
                                           .decode("ascii")}, metadata=meta)
    nb = new_notebook(cells=[new_code_cell(outputs=[out])])
    info = ReportInfo(client="c", client_name="C", period="2026-Q3", period_text="T3 2026",
                      notebook="02_acquisition", notebook_title="Acquisition", fingerprint="",
                      lang="fr")
    page = export_html(nb, info)
    assert 'alt="Coût par lead par canal, T3 2026. Barres' in page
    assert 'alt="Graphique"' not in page


def test_share_axes_step_by_round_percentages():
    # retention curves between 6 % and 20 %: ticks used to step by 2,5 %, a decimal on each
    curves = pd.DataFrame({"a": np.linspace(0.2, 0.065, 12), "b": np.linspace(0.18, 0.08, 12)})
    fig = plots.line_chart(curves, unit="share", lang="fr")
    fig.canvas.draw()
    ticks = [tx.get_text() for tx in fig.axes[0].get_yticklabels() if tx.get_text()]
    assert ticks and all("," not in tk for tk in ticks), ticks
