"""Charts: stable channel colours, figures that display once, helpers on odd inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from roianalysis.report import charts as plots


def test_known_channels_have_fixed_colours_whatever_the_client():
    a = plots.channel_colors(["Paid Search", "Email", "Direct"])
    b = plots.channel_colors(["Direct", "Paid Search", "Webinars", "Zz Custom", "Email", "Video"])
    for ch in ("Paid Search", "Email", "Direct"):
        assert a[ch] == b[ch] == plots.channel_color(ch)


def test_colours_ignore_order_and_case_of_separators():
    chans = ["Foo", "Bar", "Baz Qux", "Paid Search", "Email"]
    assert plots.channel_colors(chans) == plots.channel_colors(list(reversed(chans)))
    assert plots.channel_color("paid_search") == plots.channel_color("Paid Search")


def test_unknown_channels_are_deterministic_and_distinct():
    names = [f"Channel {i}" for i in range(15)]
    c1 = plots.channel_colors(names)
    c2 = plots.channel_colors(names)
    assert c1 == c2
    assert len(set(c1.values())) == len(names)  # collisions moved to free slots
    assert all(v.startswith("#") for v in c1.values())


def test_special_channels():
    c = plots.channel_colors(["(unknown)", "Email"])
    assert c["(unknown)"] == plots.UNKNOWN_COLOR


def test_colours_are_pinned_across_runs_and_versions():
    # SHA-1 of the normalized name, not Python's salted hash(): the same in every process
    assert plots.channel_color("Paid Search") == "#1f77b4"
    assert plots.channel_color("Zz Custom") == "#636363"
    assert plots.channel_color("Webinar Series") == "#7b4173"


def _is_png_figure(fig) -> bool:
    out = fig._repr_png_()
    png = out[0] if isinstance(out, tuple) else out  # (png, {"alt": ...}) when it has a text
    return isinstance(fig, Figure) and png[:8] == b"\x89PNG\r\n\x1a\n"


def test_figures_display_once_without_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = plots.bar_chart(pd.Series({"Email": 7.25, "Paid Search": 72.9}), unit="money",
                          currency="EUR", lang="fr", title="CPL", reference=55.0,
                          reference_label="moyenne")
    assert _is_png_figure(fig)
    assert plt.get_fignums() == before  # not registered with pyplot: never shown twice
    assert repr(fig) == "<ReportFigure>"


def test_bar_chart_edge_cases():
    assert _is_png_figure(plots.bar_chart(pd.Series(dtype=float)))
    assert _is_png_figure(plots.bar_chart(pd.Series({"a": np.nan, "b": np.inf, "c": -3.0}),
                                          unit="share", horizontal=False))


def test_bar_chart_uses_channel_colours():
    colors = {"Email": "#123456"}
    fig = plots.bar_chart(pd.Series({"Email": 1.0}), colors=colors)
    patch = fig.axes[0].patches[0]
    assert tuple(round(x, 3) for x in patch.get_facecolor()[:3]) == tuple(
        round(int("123456"[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))


def test_grouped_bar_and_outliers():
    df = pd.DataFrame(np.arange(18, dtype=float).reshape(6, 3) / 10, index=list("abcdef"),
                      columns=["x", "y", "z"])
    df.loc["c"] = [30.0, 40.0, 45.0]
    fig = plots.grouped_bar_chart(df, unit="share", lang="fr", legend_title="Modèle")
    assert _is_png_figure(fig)
    assert fig.axes[0].get_ylim()[1] < 30  # the outliers are cut, the rest stays readable
    assert _is_png_figure(plots.grouped_bar_chart(df, clip_outliers=False, series_colors="index"))


def test_line_chart_funnel_heatmap_histogram():
    monthly = pd.DataFrame({"Email": [1.0, 2.0, np.nan], "Paid Search": [3.0, 2.0, 1.0]},
                           index=["juil. 2026", "août 2026", "sept. 2026"])
    assert _is_png_figure(plots.line_chart(monthly, unit="money", currency="EUR", lang="fr",
                                           styles={"Email": "--"}))
    stages = pd.Series({"Visitors": 36245, "Leads": 2222, "New customers": 2520})
    assert _is_png_figure(plots.funnel_chart(stages, lang="en"))
    assert _is_png_figure(plots.funnel_chart(stages, notes=["6%", None]))
    assert _is_png_figure(plots.funnel_chart(pd.Series({"a": 0, "b": 0})))
    mat = pd.DataFrame([[1.0, 0.2, np.nan], [1.0, np.nan, np.nan]], index=["2026-08", "2026-09"])
    assert _is_png_figure(plots.heatmap(mat, unit="share", lang="fr"))
    assert _is_png_figure(plots.heatmap(pd.DataFrame([[np.nan]])))
    assert _is_png_figure(plots.histogram(np.linspace(0, 1, 50), bins=10))
    assert _is_png_figure(plots.histogram([]))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_tick_labels_follow_language(lang):
    fig = plots.bar_chart(pd.Series({"a": 1500.0, "b": 2500.0}), unit="money", currency="EUR",
                          lang=lang)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert any("€" in t for t in ticks)
    if lang == "fr":
        assert any(t.endswith("\u00a0€") for t in ticks)
    else:
        assert any(t.startswith("€") for t in ticks)


def test_axis_ticks_are_never_duplicated_by_rounding():
    df = pd.DataFrame({"actual": [0.01, 0.8, 2.4, 3.1], "predicted": [0.01, 0.9, 2.0, 2.9]},
                      index=["0", "1", "2", "3+"])
    fig = plots.grouped_bar_chart(df, unit="number", lang="fr", clip_outliers=False)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert len(ticks) == len(set(ticks))
    assert "0,5" in ticks or "1" in ticks


def test_a_report_figure_is_drawn_once_when_jupyter_shows_it(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import configure_inline_support

    shell = InteractiveShell.instance()
    configure_inline_support(shell, "module://matplotlib_inline.backend_inline")
    fig = plots.bar_chart(pd.Series({"Email": 7.25, "Paid Search": 72.9}), unit="money",
                          currency="EUR", lang="fr", title="CPL")
    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: (draws.append(1), original(self, r))[1])
    data, _meta = shell.display_formatter.format(fig)
    assert data["image/png"][:4] == b"\x89PNG"
    # the inline backend's own printer (bbox_inches="tight") would measure, then draw: twice
    assert len(draws) == 1


def _charts():
    """One chart of each kind, with a legend, a colorbar, a title and axis labels."""
    df = pd.DataFrame({"Email": [1.0, 2.5, 2.0], "Paid Search": [3.0, 2.0, 1.0]},
                      index=["juil. 2026", "août 2026", "sept. 2026"])
    mat = pd.DataFrame([[1.0, 0.2, np.nan], [1.0, 0.4, np.nan]], index=["2026-08", "2026-09"])
    return [
        plots.bar_chart(pd.Series({"Email": 7.25, "Paid Search": 72.9}), unit="money",
                        title="CPL", reference=55.0, reference_label="average", xlabel="€"),
        plots.bar_chart(pd.Series({"a": 0.2, "b": -0.1}), unit="share", horizontal=False),
        plots.grouped_bar_chart(df, unit="number", legend_title="Model", title="Models",
                                ylabel="Leads"),
        plots.line_chart(df, unit="money", lang="fr", title="Trend", xlabel="Month"),
        plots.funnel_chart(pd.Series({"Visitors": 36245, "Leads": 2222}), title="Funnel"),
        plots.heatmap(mat, title="Cohorts", xlabel="k", ylabel="cohort"),
        plots.heatmap(mat, colorbar=False, title="Cohorts"),
        plots.histogram(np.linspace(0, 1, 50), bins=10, title="Alive", xlabel="p"),
    ]


def test_one_layout_pass_lays_out_as_tight_layout(monkeypatch):
    from matplotlib.layout_engine import TightLayoutEngine

    ours = _charts()

    def tight_layout(fig):
        TightLayoutEngine().execute(fig)  # matplotlib's own: two measuring passes
        return fig

    monkeypatch.setattr(plots, "lay_out", tight_layout)
    reference = _charts()
    for a, b in zip(ours, reference, strict=True):
        pa, pb = a.subplotpars, b.subplotpars
        for k in ("left", "right", "bottom", "top", "wspace", "hspace"):
            assert getattr(pa, k) == pytest.approx(getattr(pb, k), abs=1e-12), k
        for ax_a, ax_b in zip(a.axes, b.axes, strict=True):
            assert ax_a.get_position().bounds == pytest.approx(ax_b.get_position().bounds,
                                                               abs=1e-12)


def test_titles_stay_where_matplotlib_would_put_them():
    for fig in _charts():
        ax = fig.axes[0]
        fig.canvas.draw()
        fixed = ax._left_title.get_window_extent().bounds
        ax._autotitlepos = True  # matplotlib's automatic placement, measured at each draw
        fig.canvas.draw()
        assert ax._left_title.get_window_extent().bounds == pytest.approx(fixed)


def test_png_has_the_pixels_matplotlib_would_write():
    import io

    from PIL import Image

    for fig in _charts():
        ours = Image.open(io.BytesIO(plots.png_bytes(fig)))
        assert ours.mode == "RGB"  # opaque figure: no alpha channel to encode
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=plots.FIG_DPI)
        theirs = Image.open(buf)
        assert ours.info["dpi"] == theirs.info["dpi"]
        assert theirs.size == ours.size
        assert np.array_equal(np.asarray(theirs.convert("RGB")), np.asarray(ours))
        assert np.asarray(theirs)[..., 3].min() == 255


def test_a_transparent_figure_keeps_its_alpha_channel():
    import io

    from PIL import Image

    fig = plots.bar_chart(pd.Series({"Email": 1.0}))
    fig.patch.set_alpha(0.0)
    png = Image.open(io.BytesIO(plots.png_bytes(fig)))
    assert png.mode == "RGBA" and np.asarray(png)[..., 3].min() < 255


def test_png_of_a_figure_without_an_agg_canvas():
    from matplotlib.backend_bases import FigureCanvasBase

    fig = plots.bar_chart(pd.Series({"Email": 1.0}))
    FigureCanvasBase(fig)  # e.g. a figure whose canvas was replaced: matplotlib encodes it
    assert plots.png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"
