"""Charts of the reports: one matplotlib style, one colour per channel everywhere.

Every helper returns a :class:`matplotlib.figure.Figure` built without :mod:`matplotlib.pyplot`,
so nothing is shown twice in a notebook: show a chart with ``display(fig)``. Numbers on axes and
labels are formatted for the report language (:mod:`roianalysis.formatting`).

Channel colours
---------------
:func:`channel_colors` gives each channel the same colour in every chart of every client: the
usual channels have fixed colours (``Paid Search`` is always the same blue), any other name gets a
palette slot from a stable hash of its normalized name (SHA-1, not Python's salted ``hash``), moving
to the next free slot when two channels of the same list collide.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence

import matplotlib
import matplotlib.colors
import numpy as np
import pandas as pd
import PIL.Image
import PIL.PngImagePlugin
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .formatting import format_value, is_missing
from .text import chart_text

__all__ = [
    "PALETTE", "STYLE", "ReportFigure", "bar_chart", "channel_color", "channel_colors", "funnel_chart",
    "grouped_bar_chart", "heatmap", "histogram", "line_chart", "new_figure",
]

#: Report style (rcParams applied to every figure through :func:`new_figure`).
STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.labelcolor": "#3e4c59",
    "axes.edgecolor": "#9aa5b1",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e4e7eb",
    "grid.linewidth": 0.8,
    "xtick.color": "#3e4c59",
    "ytick.color": "#3e4c59",
    "legend.frameon": False,
    "legend.fontsize": 9,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}

#: 20 distinguishable colours; the first ones go to the usual channels.
PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#fd8d3c",
]
#: Colours of the channels most clients have (normalized names: lower case, no separators).
KNOWN_CHANNELS = {
    "paidsearch": 0, "organicsearch": 2, "direct": 18, "email": 1, "paidsocial": 4,
    "organicsocial": 6, "social": 6, "display": 5, "referral": 7, "affiliates": 8,
    "affiliation": 8, "video": 3, "events": 9, "partners": 10, "webinars": 11, "content": 12,
    "sales": 13, "tradeshows": 9, "linkedinads": 14, "sea": 0, "seo": 2,
}
UNKNOWN_COLOR = "#a0a7b1"
TOTAL_COLOR = "#1f2933"
_SPECIAL = {"(unknown)": UNKNOWN_COLOR, "(all channels)": TOTAL_COLOR}

FIG_DPI = 100


def _normalize(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def _slot(name: str) -> int:
    digest = hashlib.sha1(_normalize(name).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(PALETTE)


def channel_color(channel: str) -> str:
    """The preferred colour of one channel (without collision handling)."""
    if channel in _SPECIAL:
        return _SPECIAL[channel]
    key = _normalize(channel)
    return PALETTE[KNOWN_CHANNELS[key] if key in KNOWN_CHANNELS else _slot(channel)]


def channel_colors(channels: Iterable[str]) -> dict[str, str]:
    """A colour per channel, stable across charts, reports and clients.

    Parameters
    ----------
    channels : iterable of str
        Every channel of the client (pass the full list, e.g. ``data.channels``, so that a chart
        showing a subset uses the same colours as the others).

    Returns
    -------
    dict of str to str
        Channel -> hex colour. Known channels keep their fixed colour; other channels take their
        hashed slot, or the next free one when it is taken (assigned in sorted order, so the
        result does not depend on the order of ``channels``). ``(unknown)`` is grey.
    """
    names = sorted({str(c) for c in channels})
    out: dict[str, str] = {}
    used: set[int] = set()
    for c in names:
        if c in _SPECIAL:
            out[c] = _SPECIAL[c]
        elif _normalize(c) in KNOWN_CHANNELS:
            out[c] = PALETTE[KNOWN_CHANNELS[_normalize(c)]]
            used.add(KNOWN_CHANNELS[_normalize(c)])
    for c in names:
        if c in out:
            continue
        slot = _slot(c)
        for step in range(len(PALETTE)):
            cand = (slot + step) % len(PALETTE)
            if cand not in used:
                slot = cand
                break
        used.add(slot)
        out[c] = PALETTE[slot]
    return out


def _colors_for(labels: Sequence[object], colors: Mapping[str, str] | None) -> list[str]:
    colors = colors or {}
    return [colors.get(str(x)) or channel_color(str(x)) for x in labels]


class ReportFigure(Figure):
    """A matplotlib figure that Jupyter shows as one PNG with ``display(fig)``, whatever the
    backend (it is not registered with pyplot, so it is never shown a second time)."""

    def _repr_png_(self) -> bytes:
        return png_bytes(self)

    def __repr__(self) -> str:
        return "<ReportFigure>"


#: zlib level of the report PNGs: charts are mostly flat colour, which level 3 packs about as well
#: as the default 6 (2 % smaller in RGB than matplotlib's RGBA PNG) for about half the encoding time.
PNG_COMPRESS_LEVEL = 3


def png_bytes(fig: Figure) -> bytes:
    """The figure as a PNG at :data:`FIG_DPI`, drawn once (it is already laid out: :func:`lay_out`).

    The same pixels as ``fig.savefig(format="png")``, encoded faster: RGB instead of RGBA when the
    figure is opaque (report figures are: white background), at :data:`PNG_COMPRESS_LEVEL`.
    """
    if isinstance(fig.canvas, FigureCanvasAgg):  # new_figure gives every report figure one
        raw = io.BytesIO()
        fig.savefig(raw, format="raw", dpi=FIG_DPI)  # what savefig(format="png") draws
        data = raw.getbuffer()
        height, width = np.asarray(fig.canvas.buffer_rgba()).shape[:2]  # the buffer drawn
        if len(data) and len(data) == width * height * 4:
            return _encode_png(data, width, height)
        del data
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=FIG_DPI)  # another canvas: matplotlib draws and encodes
    return out.getvalue()


def _encode_png(rgba: memoryview, width: int, height: int) -> bytes:
    """An RGBA buffer as a PNG, as matplotlib writes it but in RGB when every pixel is opaque."""
    image = PIL.Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    if np.frombuffer(rgba, dtype=np.uint8)[3::4].min() == 255:
        image = image.convert("RGB")  # opaque: three channels carry every pixel
    info = PIL.PngImagePlugin.PngInfo()  # the metadata matplotlib writes
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")
    out = io.BytesIO()
    image.save(out, format="png", dpi=(FIG_DPI, FIG_DPI), pnginfo=info,
               compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def _use_own_png_printer() -> None:
    """Make IPython show report figures with :meth:`ReportFigure._repr_png_`.

    IPython's inline backend registers a PNG printer for every matplotlib ``Figure`` that saves
    with ``bbox_inches="tight"``, which draws the figure twice (once to measure it); registered
    by type, it wins over ``_repr_png_``. Report figures are already laid out (:func:`lay_out`),
    so a printer registered for their own, more specific type draws them once.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    formatter = getattr(getattr(shell, "display_formatter", None), "formatters", {}).get("image/png")
    if formatter is not None and ReportFigure not in formatter.type_printers:
        formatter.for_type(ReportFigure, ReportFigure._repr_png_)


def new_figure(width: float = 9.0, height: float = 4.5, ncols: int = 1, nrows: int = 1):
    """A figure in the report style (not registered with pyplot) and its axes."""
    _use_own_png_printer()
    with matplotlib.rc_context(STYLE):
        fig = ReportFigure(figsize=(width, height), dpi=FIG_DPI)
        # its own Agg canvas: lay_out measures the text with the renderer that then draws the
        # PNG, and matplotlib's text-size cache (per renderer) saves measuring it again
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax in axes.flat:
        _style_axes(ax)
    return fig, (axes[0, 0] if nrows * ncols == 1 else axes)


def _style_axes(ax) -> None:
    for k, v in (("top", False), ("right", False)):
        ax.spines[k].set_visible(v)
    ax.grid(True, color=STYLE["grid.color"], linewidth=0.8)
    ax.set_axisbelow(True)
    ax.title.set_fontweight("bold")
    ax.title.set_fontsize(12)


def _auto_decimals(v: float, unit: str) -> int:
    """Fewest decimals that write an axis tick exactly (0.5 -> 1, 25 -> 0, 2.5 % -> 1)."""
    scaled = 100 * v if unit == "share" else v
    for d in (0, 1, 2):
        if abs(scaled * 10**d - round(scaled * 10**d)) < 1e-6:
            return d
    return 2


def _fmt(unit: str, currency: str, lang: str, decimals: int | None = None):
    """Axis formatter in the report language; ``decimals=None`` picks them per tick."""
    def f(v, _pos=None):
        d = _auto_decimals(v, unit) if decimals is None else decimals
        return format_value(v, unit, currency, lang, d)

    return FuncFormatter(f)


def _tick_decimals(unit: str) -> int | None:
    return None  # per tick: 0 for whole values, 1 or 2 for 0.5 or 0.25 steps


def lay_out(fig: Figure) -> Figure:
    """Fit the axes, labels and legends in the figure once (``tight_layout``), then freeze that
    layout: a figure that keeps a layout engine is laid out again, with a full measuring pass,
    every time it is saved.

    ``tight_layout`` with its default ``rect=(0, 0, 1, 1)`` measures every axes twice and gets
    the same margins both times (the second pass only feeds the first pass's margins back in);
    one pass without ``rect`` gives the same layout for half the text measuring.
    """
    try:
        from matplotlib._tight_layout import get_subplotspec_list, get_tight_layout_figure
    except ImportError:  # pragma: no cover - a matplotlib that moved it: the public, 2-pass way
        from matplotlib.layout_engine import TightLayoutEngine

        TightLayoutEngine().execute(fig)  # fig.tight_layout() without keeping an engine
        return fig
    renderer = fig._get_renderer()
    with getattr(renderer, "_draw_disabled", contextlib.nullcontext)():
        kwargs = get_tight_layout_figure(fig, fig.axes, get_subplotspec_list(fig.axes), renderer,
                                         pad=1.08)
    if kwargs:
        fig.subplots_adjust(**kwargs)
    return fig


def _finish(fig: Figure, title: str | None, ax) -> Figure:
    if title:
        # y given: the title stays where it is put instead of being moved above whatever sits
        # over the axes (nothing here, ticks are at the bottom), which measures every y tick
        # label again at each layout pass and each draw
        ax.set_title(chart_text(title), loc="left", fontweight="bold", fontsize=12, color="#1f2933", y=1.0)
    return lay_out(fig)


def bar_chart(values: pd.Series, *, unit: str = "number", currency: str = "EUR",
              lang: str = "en", title: str | None = None, colors: Mapping[str, str] | None = None,
              horizontal: bool = True, annotate: bool = True, reference: float | None = None,
              reference_label: str | None = None, xlabel: str | None = None,
              sort: bool = True) -> Figure:
    """One bar per label (channel), coloured by channel, values written at the bar ends.

    Parameters
    ----------
    values : Series
        Index: labels (channels); values in ``unit``. Missing values are left out.
    unit, currency, lang : str
        Formatting of the axis and annotations.
    reference : float, optional
        A vertical (horizontal) line, e.g. the all-channel average, labelled ``reference_label``.
    sort : bool
        Largest bar first (at the top of a horizontal chart).
    """
    v = values.astype(float).replace([np.inf, -np.inf], np.nan).dropna()
    if sort:
        v = v.sort_values(ascending=horizontal)
    height = max(2.2, 0.42 * len(v) + 1.2) if horizontal else 4.5
    fig, ax = new_figure(9.0, height)
    labels = [str(x) for x in v.index]
    cols = _colors_for(labels, colors)
    pos = np.arange(len(v))
    if horizontal:
        ax.barh(pos, v.to_numpy(), color=cols, height=0.65)
        ax.set_yticks(pos, [chart_text(x) for x in labels])
        ax.xaxis.set_major_formatter(_fmt(unit, currency, lang, _tick_decimals(unit)))
        ax.grid(False, axis="y")
        if xlabel:
            ax.set_xlabel(xlabel)
    else:
        ax.bar(pos, v.to_numpy(), color=cols, width=0.65)
        ax.set_xticks(pos, [chart_text(x) for x in labels], rotation=30, ha="right")
        ax.yaxis.set_major_formatter(_fmt(unit, currency, lang, _tick_decimals(unit)))
        ax.grid(False, axis="x")
        if xlabel:
            ax.set_ylabel(xlabel)
    if annotate and len(v):
        span = float(np.nanmax(np.abs(v.to_numpy()))) or 1.0
        for p, val in zip(pos, v.to_numpy(), strict=True):
            text = format_value(val, unit, currency, lang)
            off = 0.01 * span * (1 if val >= 0 else -1)
            if horizontal:
                ax.text(val + off, p, text, va="center", ha="left" if val >= 0 else "right",
                        fontsize=9, color="#3e4c59")
            else:
                ax.text(p, val + off, text, ha="center", va="bottom" if val >= 0 else "top",
                        fontsize=9, color="#3e4c59")
        lo, hi = min(0.0, float(v.min())), max(0.0, float(v.max()))
        pad = 0.18 * (hi - lo or 1.0)
        (ax.set_xlim if horizontal else ax.set_ylim)(lo - (pad if lo < 0 else 0), hi + pad)
    if reference is not None and not is_missing(reference):
        line = ax.axvline if horizontal else ax.axhline
        line(reference, color=TOTAL_COLOR, linestyle="--", linewidth=1,
             label=reference_label or None)
        if reference_label:
            ax.legend(loc="lower right" if horizontal else "upper right")
    if len(v) and float(v.min()) < 0:
        (ax.axvline if horizontal else ax.axhline)(0, color="#9aa5b1", linewidth=0.8)
    return _finish(fig, title, ax)


def grouped_bar_chart(df: pd.DataFrame, *, unit: str = "number", currency: str = "EUR",
                      lang: str = "en", title: str | None = None,
                      colors: Mapping[str, str] | None = None, series_colors: str = "columns",
                      ylabel: str | None = None, legend_title: str | None = None,
                      clip_outliers: bool = True, xlabel: str | None = None) -> Figure:
    """Bars grouped by row label (e.g. channel), one bar per column (e.g. attribution model).

    With ``clip_outliers``, a few bars far larger than the others (an e-mail ROI of 3 000 % next
    to ROIs of 20 %) are cut at the top of the axis and their value written beside them, so the
    others stay readable.

    ``series_colors="columns"`` colours the bars by column with a neutral sequential palette
    (models); ``"index"`` colours them by row label (channels) and shades columns.
    """
    d = df.astype(float)
    n_groups, n_series = d.shape
    width = max(9.0, min(11.0, 0.9 * n_groups * max(1, n_series) / 3 + 4))
    fig, ax = new_figure(width, 4.8)
    limit = _outlier_limit(d.to_numpy().ravel()) if clip_outliers else None
    x = np.arange(n_groups)
    w = 0.8 / max(1, n_series)
    model_cols = _series_palette(n_series)
    for i, col in enumerate(d.columns):
        if series_colors == "index":
            cols = _colors_for(list(d.index), colors)
            alpha = 1.0 - 0.55 * (i / max(1, n_series - 1)) if n_series > 1 else 1.0
            ax.bar(x + (i - (n_series - 1) / 2) * w, d[col].fillna(0).to_numpy(), width=w,
                   color=cols, alpha=alpha, label=chart_text(col), edgecolor="white", linewidth=0.5)
        else:
            ax.bar(x + (i - (n_series - 1) / 2) * w, d[col].fillna(0).to_numpy(), width=w,
                   color=model_cols[i], label=chart_text(col))
    ax.set_xticks(x, [chart_text(i) for i in d.index], rotation=30 if n_groups > 5 else 0,
                  ha="right" if n_groups > 5 else "center")
    ax.yaxis.set_major_formatter(_fmt(unit, currency, lang, _tick_decimals(unit)))
    ax.grid(False, axis="x")
    if limit is not None:
        lo = min(0.0, float(np.nanmin(d.to_numpy())), -limit) if np.nanmin(d.to_numpy()) < -limit \
            else min(0.0, float(np.nanmin(d.to_numpy())))
        lo = max(lo, -limit)
        ax.set_ylim(lo * 1.1, limit * 1.25)
        for i, col in enumerate(d.columns):
            for g, val in enumerate(d[col].to_numpy()):
                if np.isfinite(val) and abs(val) > limit:
                    xpos = g + (i - (n_series - 1) / 2) * w
                    ypos = limit * 1.22 if val > 0 else lo * 1.08
                    ax.text(xpos, ypos, format_value(val, unit, currency, lang, 0), rotation=90,
                            ha="center", va="top" if val > 0 else "bottom", fontsize=7.5,
                            color="white", fontweight="bold")
    if ylabel:
        ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    if (d.min(numeric_only=True) < 0).any():
        ax.axhline(0, color="#9aa5b1", linewidth=0.8)
    ax.legend(title=legend_title, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(fig, title, ax)


def _outlier_limit(values: np.ndarray) -> float | None:
    """An axis limit leaving out a few extreme values, or ``None`` when nothing stands out."""
    v = np.abs(values[np.isfinite(values)])
    if len(v) < 4:
        return None
    q = float(np.percentile(v, 75))
    top = float(v.max())
    if q <= 0 or top <= 4 * q:
        return None
    return 1.5 * float(np.max(v[v <= 4 * q]))


def _series_palette(n: int) -> list[str]:
    base = ["#1c5d99", "#639fab", "#bbcde5", "#f4a259", "#bc4b51", "#5b8e7d", "#8d6a9f",
            "#c0c0c0", "#e0c879", "#3e4c59"]
    return [base[i % len(base)] for i in range(n)]


def line_chart(df: pd.DataFrame, *, unit: str = "number", currency: str = "EUR", lang: str = "en",
               title: str | None = None, colors: Mapping[str, str] | None = None,
               ylabel: str | None = None, xlabel: str | None = None, markers: bool = True,
               styles: Mapping[str, str] | None = None, legend: bool = True,
               xticklabels: Sequence[str] | None = None) -> Figure:
    """One line per column (channel), over the index (months, periods since acquisition...).

    ``styles`` maps a column to a matplotlib line style (``"--"`` for a projection).
    """
    d = df.astype(float)
    fig, ax = new_figure(9.0, 4.3)
    x = np.arange(len(d))
    cols = _colors_for(list(d.columns), colors)
    for col, colour in zip(d.columns, cols, strict=True):
        ax.plot(x, d[col].to_numpy(), color=colour, label=chart_text(col), linewidth=2,
                linestyle=(styles or {}).get(col, "-"), marker="o" if markers else None,
                markersize=3.5)
    labels = [chart_text(x) for x in (xticklabels if xticklabels is not None else d.index)]
    step = max(1, int(np.ceil(len(labels) / 14)))
    ax.set_xticks(x[::step], labels[::step], rotation=45 if len(labels) > 8 else 0,
                  ha="right" if len(labels) > 8 else "center")
    ax.yaxis.set_major_formatter(_fmt(unit, currency, lang, _tick_decimals(unit)))
    if ylabel:
        ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend and len(d.columns) > 1:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(fig, title, ax)


def funnel_chart(stages: pd.Series, *, lang: str = "en", title: str | None = None,
                 rate_label: str = "", color: str = "#1c5d99",
                 notes: Sequence[str | None] | None = None) -> Figure:
    """The funnel: one centred bar per stage (visitors, leads, customers), widths on a square-root
    scale so that small stages stay visible, with each count and the conversion from the stage
    before.

    Parameters
    ----------
    stages : Series
        Index: stage labels, top to bottom; values: counts.
    rate_label : str
        Word put before each step's conversion rate (``"conversion"``).
    notes : list of str, optional
        Text of each step (one per stage after the first), replacing the plain ratio of the
        counts: e.g. the lead-to-customer rate, which is not new customers / leads when customers
        can buy without being leads first.
    """
    v = stages.astype(float).fillna(0.0)
    n = len(v)
    fig, ax = new_figure(9.0, 0.9 * n + 1.0)
    top = float(v.max()) or 1.0
    widths = np.sqrt(np.clip(v.to_numpy(), 0, None) / top)
    shades = [_blend(color, "#ffffff", 0.55 * i / max(1, n - 1)) for i in range(n)]
    for i, (label, val, wd) in enumerate(zip(v.index, v.to_numpy(), widths, strict=True)):
        y = n - 1 - i
        ax.barh(y, wd, left=(1 - wd) / 2, height=0.72, color=shades[i])
        ax.text(0.5, y, format_value(val, "count", "EUR", lang), ha="center", va="center",
                fontsize=11, fontweight="bold", color="white" if i < n / 2 + 0.5 else "#1f2933")
        ax.text(-0.02, y, chart_text(label), ha="right", va="center", fontsize=10)
        if i > 0:
            if notes is not None:
                text = notes[i - 1] or ""
            else:
                prev = v.iloc[i - 1]
                rate = val / prev if prev else np.nan
                text = f"{rate_label} {format_value(rate, 'share', 'EUR', lang)}".strip()
            ax.text(0.5 + wd / 2 + 0.03, y + 0.5, text, ha="left", va="center", fontsize=9,
                    color="#616e7c")
    ax.set_xlim(-0.35, 1.3)
    ax.set_ylim(-0.6, n - 0.4)
    ax.axis("off")
    return _finish(fig, title, ax)


def _blend(c1: str, c2: str, t: float) -> str:
    a = np.array(matplotlib.colors.to_rgb(c1))
    b = np.array(matplotlib.colors.to_rgb(c2))
    return matplotlib.colors.to_hex((1 - t) * a + t * b)


def heatmap(df: pd.DataFrame, *, unit: str = "share", currency: str = "EUR", lang: str = "en",
            title: str | None = None, cmap: str = "Blues", annotate: bool = True,
            xlabel: str | None = None, ylabel: str | None = None, vmin: float | None = None,
            vmax: float | None = None, decimals: int | None = 0, colorbar: bool = True) -> Figure:
    """A matrix as coloured cells (cohort retention, Markov transitions), NaN cells blank.

    Parameters
    ----------
    df : DataFrame
        Rows and columns are shown in their order; values in ``unit``.
    annotate : bool
        Write each value in its cell (skipped automatically above 400 cells).
    """
    d = df.astype(float)
    nr, nc = d.shape
    fig, ax = new_figure(min(13.0, max(6.0, 0.55 * nc + 3.0)), min(11.0, max(3.0, 0.36 * nr + 1.6)))
    arr = np.ma.masked_invalid(d.to_numpy())
    cm = matplotlib.colormaps[cmap].with_extremes(bad="#ffffff")
    im = ax.imshow(arr, aspect="auto", cmap=cm, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.grid(False)
    ax.set_xticks(np.arange(nc), [chart_text(c) for c in d.columns], rotation=45 if nc > 10 else 0,
                  ha="right" if nc > 10 else "center")
    ax.set_yticks(np.arange(nr), [chart_text(i) for i in d.index])
    for s in ax.spines.values():
        s.set_visible(False)
    if annotate and nr * nc <= 400 and arr.count():
        lo = float(arr.min()) if vmin is None else vmin
        hi = float(arr.max()) if vmax is None else vmax
        mid = lo + 0.6 * (hi - lo)
        for i in range(nr):
            for j in range(nc):
                val = d.iat[i, j]
                if is_missing(val):
                    continue
                ax.text(j, i, format_value(val, unit, currency, lang, decimals), ha="center",
                        va="center", fontsize=7.5 if nc > 12 else 8.5,
                        color="white" if val > mid else "#1f2933")
    if colorbar:
        cb = fig.colorbar(im, ax=ax, fraction=0.035, pad=0.02)
        cb.formatter = _fmt(unit, currency, lang, 0)
        cb.update_ticks()
        cb.outline.set_visible(False)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return _finish(fig, title, ax)


def histogram(values: Sequence[float] | pd.Series, *, bins: int | Sequence[float] = 20,
              unit: str = "share", currency: str = "EUR", lang: str = "en",
              title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
              color: str = "#1c5d99") -> Figure:
    """Distribution of a per-customer quantity (probability alive, CLV)."""
    v = pd.Series(values, dtype=float).replace([np.inf, -np.inf], np.nan).dropna()
    fig, ax = new_figure(9.0, 3.8)
    ax.hist(v.to_numpy(), bins=bins, color=color, edgecolor="white")
    ax.xaxis.set_major_formatter(_fmt(unit, currency, lang, _tick_decimals(unit)))
    ax.yaxis.set_major_formatter(_fmt("count", currency, lang, 0))
    ax.grid(False, axis="x")
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return _finish(fig, title, ax)
