"""Charts of the reports: one matplotlib style, one colour per channel everywhere.

Every helper returns a :class:`matplotlib.figure.Figure` built without :mod:`matplotlib.pyplot`,
so nothing is shown twice in a notebook: show a chart with ``display(fig)``. Numbers on axes and
labels are formatted for the report language (:mod:`roianalysis.report.format`), every tick of an axis
with the same, fewest decimals.

What a chart guarantees, measured on the drawn figure (``tests/report/test_charts.py``): the title is
wrapped to stay inside the figure; x tick labels that would overlap are rotated, then shrunk; value
labels never sit on the reference line; a few values far above the others are cut at the top of
the axis with a break mark and their value written; bars start at zero, and so do lines of
quantities that cannot be negative; more than :data:`MAX_LINES` lines become small multiples; the
report's period can be highlighted on monthly charts; and every figure carries an alternative
text (:attr:`ReportFigure.alt`) that says what it shows, which the report puts in the ``alt`` of
its image.

Heatmaps are drawn with :func:`seaborn.heatmap` under the same style (:data:`STYLE`) on figures
that pyplot never sees; small multiples are plain matplotlib panels in that style
(``seaborn.lineplot`` tripled their cost for the same lines).

Channel colours
---------------
:func:`channel_colors` gives each channel the same colour in every chart of every client: the
usual channels have fixed colours (``Paid Search`` is always the same blue), any other name gets a
palette slot from a stable hash of its normalized name (SHA-1, not Python's salted ``hash``), moving
to the next free slot when two channels of the same list collide.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping, Sequence

import matplotlib
import matplotlib.colors
import numpy as np
import pandas as pd
import PIL.Image
import PIL.PngImagePlugin
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from roianalysis.periods import Period
from roianalysis.report import texts
from roianalysis.report.colors import (  # re-exported for the notebooks
    PALETTE,
    SPECIAL_COLORS,
    TOTAL_COLOR,
    UNKNOWN_COLOR,
    channel_color,
    channel_colors,
)
from roianalysis.report.format import format_value, is_missing, month_label, tick_labels
from roianalysis.report.texts import resolve_lang
from roianalysis.text import chart_text

__all__ = [
    "PALETTE", "STYLE", "TOTAL_COLOR", "UNKNOWN_COLOR", "ReportFigure", "bar_chart", "channel_color", "channel_colors", "funnel_chart",
    "grouped_bar_chart", "heatmap", "histogram", "line_chart", "new_figure", "MAX_LINES",
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

FIG_DPI = 100


def _colors_for(labels: Sequence[object], colors: Mapping[str, str] | None) -> list[str]:
    """The colour of each label: from ``colors`` (the client's :func:`channel_colors`), else one
    distinct colour per label of this chart, never the colour ``colors`` gives another one."""
    colors = dict(colors or {})
    missing = [str(x) for x in labels if str(x) not in colors]
    if missing:
        taken = set(colors.values())
        own = channel_colors(missing)
        for name in missing:  # a free palette colour when ours is another channel's
            if own[name] in taken and name not in SPECIAL_COLORS:
                own[name] = next((c for c in PALETTE if c not in taken), own[name])
            taken.add(own[name])
        colors.update(own)
    return [colors[str(x)] for x in labels]


class ReportFigure(Figure):
    """A matplotlib figure that Jupyter shows as one PNG with ``display(fig)``, whatever the
    backend (it is not registered with pyplot, so it is never shown a second time).

    ``alt`` is the figure's alternative text (title and what the chart shows); Jupyter stores it
    as the PNG's ``alt`` metadata, which the report writes into the image's ``alt`` attribute.
    """

    alt: str | None = None

    def _repr_png_(self) -> bytes | tuple[bytes, dict[str, str]]:
        png = png_bytes(self)
        return (png, {"alt": self.alt}) if self.alt else png

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


class _Ticks(Formatter):
    """Axis ticks in the report language; all ticks of an axis get the same, fewest decimals
    (:func:`roianalysis.report.format.tick_labels`) unless ``decimals`` is given."""

    def __init__(self, unit: str, currency: str, lang: str, decimals: int | None = None):
        self.unit, self.currency, self.lang, self.decimals = unit, currency, lang, decimals

    def __call__(self, x, pos=None) -> str:
        if self.decimals is None:
            return tick_labels([x], self.unit, self.currency, self.lang)[0]
        return format_value(x, self.unit, self.currency, self.lang, self.decimals)

    def format_ticks(self, values) -> list[str]:
        if self.decimals is None:
            return tick_labels(list(values), self.unit, self.currency, self.lang)
        return [self(v) for v in values]


def _value_axis(axis, unit: str, currency: str, lang: str) -> None:
    """Ticks at round steps of 1, 2 or 5 (no 2,5 % steps that need a decimal on every tick),
    written by :class:`_Ticks`."""
    scale = 100.0 if unit == "share" else 1.0

    class _Round(MaxNLocator):  # steps chosen on the printed scale (percent for shares)
        def tick_values(self, vmin, vmax):
            return super().tick_values(vmin * scale, vmax * scale) / scale

    axis.set_major_locator(_Round(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(_fmt(unit, currency, lang))


def _fmt(unit: str, currency: str, lang: str, decimals: int | None = None) -> _Ticks:
    """Axis formatter in the report language; ``decimals=None`` picks them per axis."""
    return _Ticks(unit, currency, lang, decimals)


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


# ----------------------------------------------------------------------------- measuring
def _rectangle(tx, renderer) -> np.ndarray:
    """The four corners (pixels) of a text's box, rotated with the text: a label written at 45°
    takes a slanted strip, not the square around it."""
    box = tx.get_window_extent(renderer)
    angle = np.deg2rad(tx.get_rotation())
    if abs(np.sin(angle)) < 1e-9 or abs(np.cos(angle)) < 1e-9:
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    c, s_ = abs(np.cos(angle)), abs(np.sin(angle))
    # the box around a w x h rectangle turned by angle: W = w c + h s, H = w s + h c
    big_w, big_h = box.width, box.height
    det = c * c - s_ * s_
    if abs(det) < 1e-6:  # 45°: w and h are not determined by the box alone; measure flat
        rot = tx.get_rotation()
        tx.set_rotation(0)
        flat = tx.get_window_extent(renderer)
        tx.set_rotation(rot)
        w, h = flat.width, flat.height
    else:
        w, h = (big_w * c - big_h * s_) / det, (big_h * c - big_w * s_) / det
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    u = np.array([np.cos(angle), np.sin(angle)]) * w / 2
    v = np.array([-np.sin(angle), np.cos(angle)]) * h / 2
    return np.array([[cx, cy] - u - v, [cx, cy] + u - v, [cx, cy] + u + v, [cx, cy] - u + v])


def _rectangles_overlap(a: np.ndarray, b: np.ndarray, tol: float = 0.5) -> bool:
    """Separating-axis test of two convex quadrilaterals (corners in order)."""
    for poly in (a, b):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            axis /= norm
            pa, pb = a @ axis, b @ axis
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= tol:
                return False
    return True


def _boxes(texts, renderer) -> list:
    return [_rectangle(tx, renderer) for tx in texts if tx.get_visible() and tx.get_text()]


def _any_overlap(boxes) -> bool:
    order = sorted(boxes, key=lambda r: r[:, 0].min())
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            if b[:, 0].min() - a[:, 0].max() > 0.5:
                break
            if _rectangles_overlap(a, b):
                return True
    return False


def _declutter_xticks(fig: Figure, ax) -> bool:
    """Rotate (45°, then 90°), then shrink x tick labels until no two overlap; True if changed."""
    renderer = fig._get_renderer()
    labels = [tx for tx in ax.get_xticklabels() if tx.get_text()]
    if len(labels) < 2 or not _any_overlap(_boxes(labels, renderer)):
        return False
    size = labels[0].get_fontsize()
    for rotation, shrink in ((45, 1.0), (90, 1.0), (90, 0.85), (90, 0.72)):
        for tx in labels:
            tx.set_rotation(rotation)
            tx.set_ha("right" if rotation == 45 else "center")
            tx.set_rotation_mode("anchor" if rotation == 45 else "default")
            tx.set_fontsize(size * shrink)
        if not _any_overlap(_boxes(labels, renderer)):
            break
    return True


def _wrap_title(fig: Figure, title_artist, margin_px: float = 6.0) -> bool:
    """Break a title that runs past the figure's right edge into lines that fit; True if
    changed."""
    import textwrap

    renderer = fig._get_renderer()
    text = title_artist.get_text()
    right = fig.bbox.x1 - margin_px
    box = title_artist.get_window_extent(renderer)
    if box.x1 <= right or not text:
        return False
    words = " ".join(text.split())
    width = max(12, len(words))
    for _ in range(12):
        width = max(8, int(width * 0.85))
        title_artist.set_text(textwrap.fill(words, width))
        if title_artist.get_window_extent(renderer).x1 <= right:
            break
    return True


def _finish(fig: Figure, title: str | None, ax, alt: str | None = None, *,
            declutter: Sequence = ()) -> Figure:
    if title:
        # y given: the title stays where it is put instead of being moved above whatever sits
        # over the axes (nothing here, ticks are at the bottom), which measures every y tick
        # label again at each layout pass and each draw
        ax.set_title(chart_text(title), loc="left", fontweight="bold", fontsize=12, color="#1f2933",
                     y=1.0)
    lay_out(fig)
    changed = False
    for a in declutter:
        changed |= _declutter_xticks(fig, a)
    if changed:
        lay_out(fig)
    if title and _wrap_title(fig, ax._left_title):
        lay_out(fig)
    if isinstance(fig, ReportFigure):
        fig.alt = " ".join(x for x in (_sentence(title), alt) if x) or None
    return fig


def _sentence(title: str | None) -> str:
    if not title:
        return ""
    title = " ".join(title.split())
    return title if title.endswith((".", "!", "?")) else title + "."


def _items(labels: Sequence[object], texts: Sequence[str], limit: int = 12) -> str:
    pairs = [f"{lab} {txt}" for lab, txt in zip(labels, texts, strict=True)]
    return ", ".join(pairs[:limit]) + (", …" if len(pairs) > limit else "")


def _break_mark(ax, x: float, y: float, horizontal: bool, size: float = 13.0) -> None:
    """Two short white strokes across a bar at ``(x, y)``: the axis is cut there."""
    from matplotlib.transforms import ScaledTranslation

    stroke = [(-0.35, -1.0), (0.35, 1.0)] if horizontal else [(-1.0, -0.35), (1.0, 0.35)]
    for k in (-2.0, 2.0):
        dx, dy = (k / 72, 0) if horizontal else (0, k / 72)
        ax.plot([x], [y], marker=stroke, markersize=size, color="white", markeredgewidth=2.0,
                linestyle="none", zorder=4, clip_on=False,
                transform=ax.transData + ScaledTranslation(dx, dy, ax.figure.dpi_scale_trans))


# ----------------------------------------------------------------------------- bars
def bar_chart(values: pd.Series, *, unit: str = "number", currency: str = "EUR",
              lang: str = "en", title: str | None = None, colors: Mapping[str, str] | None = None,
              horizontal: bool = True, annotate: bool = True, reference: float | None = None,
              reference_label: str | None = None, xlabel: str | None = None,
              sort: bool = True, clip_outliers: bool = True) -> Figure:
    """One bar per label (channel), coloured by channel, values written at the bar ends.

    Parameters
    ----------
    values : Series
        Index: labels (channels); values in ``unit``. Missing values are left out.
    unit, currency, lang : str
        Formatting of the axis and annotations.
    reference : float, optional
        A vertical (horizontal) line, e.g. the all-channel average, labelled ``reference_label``.
        A value label that the line would cross is moved past the line.
    sort : bool
        Largest bar first (at the top of a horizontal chart).
    clip_outliers : bool
        When one or a few values are far larger than the others (an e-mail ROI of 4 755 % next
        to ROIs of 200-500 %), cut the axis above the others: those bars end in a break mark and
        their value is written beside them.

    The value axis always starts at zero (or below, for negative values).
    """
    lang = resolve_lang(lang)
    v = values.astype(float).replace([np.inf, -np.inf], np.nan).dropna()
    if sort:
        v = v.sort_values(ascending=horizontal)
    height = max(2.2, 0.42 * len(v) + 1.2) if horizontal else 4.5
    fig, ax = new_figure(9.0, height)
    labels = [str(x) for x in v.index]
    cols = _colors_for(labels, colors)
    pos = np.arange(len(v))
    raw = v.to_numpy()
    limit = _outlier_limit(raw) if clip_outliers else None
    shown = np.clip(raw, -limit, limit) if limit is not None else raw
    clipped = [i for i in range(len(raw)) if limit is not None and abs(raw[i]) > limit]
    if horizontal:
        ax.barh(pos, shown, color=cols, height=0.65)
        ax.set_yticks(pos, [chart_text(x) for x in labels])
        _value_axis(ax.xaxis, unit, currency, lang)
        ax.grid(False, axis="y")
        if xlabel:
            ax.set_xlabel(xlabel)
    else:
        ax.bar(pos, shown, color=cols, width=0.65)
        ax.set_xticks(pos, [chart_text(x) for x in labels], rotation=30, ha="right")
        _value_axis(ax.yaxis, unit, currency, lang)
        ax.grid(False, axis="x")
        if xlabel:
            ax.set_ylabel(xlabel)
    value_texts = [format_value(val, unit, currency, lang) for val in raw]
    annotations = []
    span = float(np.nanmax(np.abs(shown))) if len(v) else 1.0
    span = span or 1.0
    if annotate and len(v):
        for p, val, text in zip(pos, shown, value_texts, strict=True):
            off = 0.01 * span * (1 if val >= 0 else -1)
            if horizontal:
                annotations.append(ax.text(val + off, p, text, va="center",
                                           ha="left" if val >= 0 else "right", fontsize=9,
                                           color="#3e4c59"))
            else:
                annotations.append(ax.text(p, val + off, text, ha="center",
                                           va="bottom" if val >= 0 else "top", fontsize=9,
                                           color="#3e4c59"))
        for i in clipped:
            annotations[i].set_fontweight("bold")
    lo, hi = min(0.0, float(np.min(shown)) if len(v) else 0.0), max(0.0, float(np.max(shown)) if len(v) else 0.0)
    pad = (0.18 if annotate else 0.04) * (hi - lo or 1.0)
    (ax.set_xlim if horizontal else ax.set_ylim)(lo - (pad if lo < 0 else 0), hi + pad)
    for i in clipped:
        end = 0.93 * shown[i]
        _break_mark(ax, end if horizontal else pos[i], pos[i] if horizontal else end, horizontal)
    has_ref = reference is not None and not is_missing(reference)
    if has_ref:
        line = ax.axvline if horizontal else ax.axhline
        line(reference, color=TOTAL_COLOR, linestyle="--", linewidth=1,
             label=reference_label or None)
        if reference_label:
            ax.legend(loc="lower right" if horizontal else "upper right")
    if len(v) and float(v.min()) < 0:
        (ax.axvline if horizontal else ax.axhline)(0, color="#9aa5b1", linewidth=0.8)
    parts = [texts.text(lang, "alt_bars", items=_items(labels, value_texts))] if len(v) else \
        [texts.text(lang, "alt_empty")]
    if clipped:
        parts.append(texts.text(lang, "alt_clipped", items=", ".join(f"{labels[i]} ({value_texts[i]})"
                                                              for i in clipped)))
    if has_ref and reference_label:
        parts.append(texts.text(lang, "alt_reference", label=reference_label,
                                value=format_value(reference, unit, currency, lang)))
    _finish(fig, title, ax, " ".join(parts), declutter=() if horizontal else (ax,))
    if has_ref and annotations:
        if _move_labels_off_line(fig, ax, annotations, float(reference), horizontal):
            lay_out(fig)
    return fig


def _move_labels_off_line(fig: Figure, ax, texts, ref: float, horizontal: bool) -> bool:
    """Put each value label that the reference line crosses just past the line."""
    renderer = fig._get_renderer()
    moved = False
    px = ax.transData.transform((ref, 0))[0] if horizontal else ax.transData.transform((0, ref))[1]
    gap = 4.0  # pixels between the line and a moved label
    for tx in texts:
        box = tx.get_window_extent(renderer)
        lo, hi = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        if not lo - 1 <= px <= hi + 1:
            continue
        x, y = tx.get_position()
        value = x if horizontal else y
        ahead = (tx.get_ha() == "left") if horizontal else (tx.get_va() == "bottom")
        inv = ax.transData.inverted()
        if ahead:  # label after the bar end (positive bar): start it after the line
            target = px + gap
        else:  # negative bar, label before its end: end it before the line
            target = px - gap
        data = inv.transform((target, 0))[0] if horizontal else inv.transform((0, target))[1]
        if horizontal:
            tx.set_x(data if (ahead and data > value) or (not ahead and data < value) else value)
        else:
            tx.set_y(data if (ahead and data > value) or (not ahead and data < value) else value)
        moved = True
    if moved:  # keep the moved labels inside the axes
        if horizontal:
            right = max(tx.get_window_extent(renderer).x1 for tx in texts)
            axr = ax.get_window_extent(renderer).x1
            if right > axr:
                lo_, hi_ = ax.get_xlim()
                ax.set_xlim(lo_, hi_ + (right - axr + 6) * (hi_ - lo_) / ax.bbox.width)
        else:
            top = max(tx.get_window_extent(renderer).y1 for tx in texts)
            axt = ax.get_window_extent(renderer).y1
            if top > axt:
                lo_, hi_ = ax.get_ylim()
                ax.set_ylim(lo_, hi_ + (top - axt + 6) * (hi_ - lo_) / ax.bbox.height)
    return moved


def grouped_bar_chart(df: pd.DataFrame, *, unit: str = "number", currency: str = "EUR",
                      lang: str = "en", title: str | None = None,
                      colors: Mapping[str, str] | None = None, series_colors: str = "columns",
                      ylabel: str | None = None, legend_title: str | None = None,
                      clip_outliers: bool = True, xlabel: str | None = None) -> Figure:
    """Bars grouped by row label (e.g. channel), one bar per column (e.g. attribution model).

    With ``clip_outliers``, a few bars far larger than the others (an e-mail ROI of 3 000 % next
    to ROIs of 20 %) are cut at the top of the axis under a white band that writes their values
    (one range per group), so the others stay readable.

    ``series_colors="columns"`` colours the bars by column with a neutral sequential palette
    (models); ``"index"`` colours them by row label (channels) and shades columns.
    """
    lang = resolve_lang(lang)
    d = df.astype(float)
    n_groups, n_series = d.shape
    width = max(9.0, min(11.0, 0.9 * n_groups * max(1, n_series) / 3 + 4))
    fig, ax = new_figure(width, 4.8)
    values = d.to_numpy()
    limit = _outlier_limit(values.ravel()) if clip_outliers else None
    x = np.arange(n_groups)
    w = 0.8 / max(1, n_series)
    model_cols = _series_palette(n_series)
    top = bottom = None
    if limit is not None:
        vmin = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
        bottom = max(min(0.0, vmin), -limit) * 1.1
        top = limit * 1.3
    for i, col in enumerate(d.columns):
        heights = d[col].fillna(0).to_numpy()
        if limit is not None:
            heights = np.clip(heights, bottom, top * 1.02)
        if series_colors == "index":
            cols = _colors_for(list(d.index), colors)
            alpha = 1.0 - 0.55 * (i / max(1, n_series - 1)) if n_series > 1 else 1.0
            ax.bar(x + (i - (n_series - 1) / 2) * w, heights, width=w,
                   color=cols, alpha=alpha, label=chart_text(col), edgecolor="white", linewidth=0.5)
        else:
            ax.bar(x + (i - (n_series - 1) / 2) * w, heights, width=w,
                   color=model_cols[i], label=chart_text(col))
    ax.set_xticks(x, [chart_text(i) for i in d.index], rotation=30 if n_groups > 5 else 0,
                  ha="right" if n_groups > 5 else "center")
    _value_axis(ax.yaxis, unit, currency, lang)
    ax.grid(False, axis="x")
    clipped_groups = []
    if limit is not None:
        ax.set_ylim(bottom, top)
        for g in range(n_groups):
            row = values[g]
            big = row[np.isfinite(row) & (np.abs(row) > limit)]
            if not len(big):
                continue
            clipped_groups.append(g)
            lo_v, hi_v = float(big.min()), float(big.max())
            text = format_value(hi_v, unit, currency, lang, 0) if len(big) == 1 or \
                format_value(lo_v, unit, currency, lang, 0) == \
                format_value(hi_v, unit, currency, lang, 0) else \
                f"{format_value(lo_v, unit, currency, lang, 0)}–" \
                f"{format_value(hi_v, unit, currency, lang, 0)}"
            ypos = 0.93 * top if hi_v > 0 else 0.93 * bottom
            ax.text(g, ypos, text, ha="center", va="center", fontsize=7.5, color="#1f2933",
                    fontweight="bold", zorder=5,
                    bbox={"boxstyle": "square,pad=0.25", "facecolor": "white",
                          "edgecolor": "none"})
    if ylabel:
        ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    if (d.min(numeric_only=True) < 0).any():
        ax.axhline(0, color="#9aa5b1", linewidth=0.8)
    ax.legend(title=legend_title, loc="center left", bbox_to_anchor=(1.01, 0.5))
    alt = [texts.text(lang, "alt_grouped", groups=", ".join(map(str, d.index)), n=n_groups,
                      series=", ".join(map(str, d.columns)))]
    if clipped_groups:
        alt.append(texts.text(lang, "alt_clipped", items=", ".join(str(d.index[g]) for g in clipped_groups)))
    return _finish(fig, title, ax, " ".join(alt), declutter=(ax,))


def _outlier_limit(values: np.ndarray) -> float | None:
    """An axis limit leaving out a few extreme values, or ``None`` when nothing stands out.

    Extreme: above 4 times the third quartile of the absolute values (at least 4 values); the
    limit is 1.5 times the largest value that is not extreme.
    """
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


# ----------------------------------------------------------------------------- lines
#: Above this many lines, :func:`line_chart` draws one small chart per line instead.
MAX_LINES = 6


def _highlight_positions(index: Sequence[object], labels: Sequence[str],
                         highlight: object, lang: str) -> list[int]:
    """Positions of the points inside ``highlight`` (a period, or index values)."""
    if highlight is None:
        return []
    if isinstance(highlight, str | Period):
        try:
            p = Period.parse(highlight)
        except Exception:
            p = None
        if p is not None:
            names = set()
            for m in p.months():
                for short in (True, False):
                    names.add(month_label(m.start.year, m.start.month, lang, short=short))
                names.add(f"{m.start.year}-{m.start.month:02d}")
            out = []
            for i, (key, lab) in enumerate(zip(index, labels, strict=True)):
                if str(key) in names or str(lab) in names:
                    out.append(i)
                    continue
                try:
                    when = pd.Timestamp(key)
                except (TypeError, ValueError):
                    continue
                if p.contains(when):
                    out.append(i)
            return out
        highlight = [highlight]
    wanted = {str(h) for h in highlight}  # type: ignore[union-attr]
    return [i for i, key in enumerate(index) if str(key) in wanted]


def _shade(ax, positions: list[int]) -> None:
    if positions:
        ax.axvspan(min(positions) - 0.4, max(positions) + 0.4, color="#fff3c4", zorder=0, lw=0)


def line_chart(df: pd.DataFrame, *, unit: str = "number", currency: str = "EUR", lang: str = "en",
               title: str | None = None, colors: Mapping[str, str] | None = None,
               ylabel: str | None = None, xlabel: str | None = None, markers: bool = True,
               styles: Mapping[str, str] | None = None, legend: bool = True,
               xticklabels: Sequence[str] | None = None, highlight: object = None,
               start_at_zero: bool | None = None, max_lines: int = MAX_LINES) -> Figure:
    """One line per column (channel), over the index (months, periods since acquisition...).

    Parameters
    ----------
    styles : mapping, optional
        Column -> matplotlib line style (``"--"`` for a projection).
    highlight : Period, period text or list of index values, optional
        Points shaded as the report's period (e.g. ``rep.period`` on a 12-month chart whose
        index holds months as ``2026-07``, ``juil. 2026`` or timestamps).
    start_at_zero : bool, optional
        Start the value axis at zero; by default it does when no value is negative (a CPL from
        51 to 59 € is not drawn as a tenfold change).
    max_lines : int
        More columns than this are drawn as small multiples (one small chart per column, the
        others in grey behind it, one shared scale) instead of a tangle of lines.
    """
    lang = resolve_lang(lang)
    d = df.astype(float)
    labels = [chart_text(x) for x in (xticklabels if xticklabels is not None else d.index)]
    spots = _highlight_positions(list(d.index), labels, highlight, lang)
    finite = d.to_numpy()[np.isfinite(d.to_numpy())]
    zero = (not len(finite) or finite.min() >= 0) if start_at_zero is None else start_at_zero
    if d.shape[1] > max_lines:
        return _small_multiples(d, labels, unit=unit, currency=currency, lang=lang, title=title,
                                colors=colors, ylabel=ylabel, spots=spots, zero=zero,
                                styles=styles)
    fig, ax = new_figure(9.0, 4.3)
    x = np.arange(len(d))
    _shade(ax, spots)
    cols = _colors_for(list(d.columns), colors)
    for col, colour in zip(d.columns, cols, strict=True):
        ax.plot(x, d[col].to_numpy(), color=colour, label=chart_text(col), linewidth=2,
                linestyle=(styles or {}).get(col, "-"), marker="o" if markers else None,
                markersize=3.5)
    step = max(1, int(np.ceil(len(labels) / 14)))
    ax.set_xticks(x[::step], labels[::step], rotation=45 if len(labels) > 8 else 0,
                  ha="right" if len(labels) > 8 else "center")
    _value_axis(ax.yaxis, unit, currency, lang)
    if zero and len(finite):
        ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], float(finite.max()) * 1.05 or 1.0))
    if ylabel:
        ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    if legend and len(d.columns) > 1:
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    alt = [texts.text(lang, "alt_lines", series=", ".join(map(str, d.columns)),
                      first=labels[0] if labels else "", last=labels[-1] if labels else "")]
    if spots:
        alt.append(texts.text(lang, "alt_highlight"))
    return _finish(fig, title, ax, " ".join(alt), declutter=(ax,))


def _small_multiples(d: pd.DataFrame, labels: list[str], *, unit, currency, lang, title, colors,
                     ylabel, spots, zero, styles) -> Figure:
    """One small line chart per column on a shared scale, every other column in light grey."""
    n = d.shape[1]
    ncols = 3
    nrows = int(np.ceil(n / ncols))
    fig, axes = new_figure(9.0, 1.75 * nrows + 1.0, ncols=ncols, nrows=nrows)
    axes = np.atleast_2d(axes)
    x = np.arange(len(d))
    cols = _colors_for(list(d.columns), colors)
    finite = d.to_numpy()[np.isfinite(d.to_numpy())]
    hi = float(finite.max()) * 1.08 if len(finite) else 1.0
    lo = 0.0 if zero else (float(finite.min()) if len(finite) else 0.0)
    step = max(1, int(np.ceil(len(labels) / 4)))
    with matplotlib.rc_context(STYLE):
        for k, ax in enumerate(axes.flat):
            if k >= n:
                ax.set_visible(False)
                continue
            col = d.columns[k]
            _shade(ax, spots)
            others = [np.column_stack([x, d[o].to_numpy()]) for o in d.columns if o != col]
            ax.add_collection(LineCollection(others, colors="#d5dae0", linewidths=1, zorder=1))
            # ax.plot, not seaborn.lineplot: the same line, without seaborn's per-call axis
            # labelling that measured 3 times this chart's cost (benchmarks in the README)
            ax.plot(x, d[col].to_numpy(), color=cols[k], linewidth=2,
                    linestyle=(styles or {}).get(col, "-"), zorder=3)
            ax.set_title(chart_text(col), loc="left", fontsize=10, fontweight="bold", color=cols[k],
                         y=1.0)
            ax.set_ylim(lo, hi if hi > lo else lo + 1.0)
            _value_axis(ax.yaxis, unit, currency, lang)
            last_row = k + ncols >= n
            ax.set_xticks(x[::step], labels[::step] if last_row else [""] * len(x[::step]),
                          rotation=45 if last_row else 0, ha="right" if last_row else "center")
            ax.tick_params(labelsize=8)
            if k % ncols:
                ax.tick_params(labelleft=False)
            elif ylabel:
                ax.set_ylabel(ylabel, fontsize=8)
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold", color="#1f2933")
    lay_out(fig)
    if any([_declutter_xticks(fig, ax) for ax in axes.flat if ax.get_visible()]):
        lay_out(fig)
    if title:
        _wrap_title(fig, fig._suptitle)
        top = fig._suptitle.get_window_extent(fig._get_renderer()).y0 / fig.bbox.height
        fig.subplots_adjust(top=min(fig.subplotpars.top, top - 0.05))
    alt = [texts.text(lang, "alt_small_multiples", series=", ".join(map(str, d.columns)),
                      first=labels[0] if labels else "", last=labels[-1] if labels else "")]
    if spots:
        alt.append(texts.text(lang, "alt_highlight"))
    fig.alt = " ".join(x for x in (_sentence(title), " ".join(alt)) if x)
    return fig


# ----------------------------------------------------------------------------- funnel
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
    lang = resolve_lang(lang)
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
    alt = texts.text(lang, "alt_funnel", items=_items([str(i) for i in v.index],
                                             [format_value(x, "count", "EUR", lang) for x in v]))
    return _finish(fig, title, ax, alt)


def _blend(c1: str, c2: str, t: float) -> str:
    a = np.array(matplotlib.colors.to_rgb(c1))
    b = np.array(matplotlib.colors.to_rgb(c2))
    return matplotlib.colors.to_hex((1 - t) * a + t * b)


# ----------------------------------------------------------------------------- heatmap
def heatmap(df: pd.DataFrame, *, unit: str = "share", currency: str = "EUR", lang: str = "en",
            title: str | None = None, cmap: str = "Blues", annotate: bool = True,
            xlabel: str | None = None, ylabel: str | None = None, vmin: float | None = None,
            vmax: float | None = None, decimals: int | None = 0, colorbar: bool = True) -> Figure:
    """A matrix as coloured cells (cohort retention, Markov transitions), NaN cells blank, drawn
    with :func:`seaborn.heatmap`.

    Parameters
    ----------
    df : DataFrame
        Rows and columns are shown in their order; values in ``unit``.
    annotate : bool
        Write each value in its cell (skipped automatically above 400 cells); the text shrinks
        to fit the cells, and is left out when even 6-point text would not fit.

    Column labels that would overlap are rotated, then shrunk; the title wraps inside the figure.
    """
    import seaborn as sns

    lang = resolve_lang(lang)
    d = df.astype(float)
    nr, nc = d.shape
    fig, ax = new_figure(min(13.0, max(6.0, 0.62 * nc + 3.4)), min(11.0, max(3.0, 0.36 * nr + 1.8)))
    arr = d.to_numpy()
    mask = ~np.isfinite(arr)
    cell_texts = np.array([["" if mask[i, j] else format_value(arr[i, j], unit, currency, lang, decimals)
                       for j in range(nc)] for i in range(nr)], dtype=object).reshape(nr, nc)
    show_text = annotate and nr * nc <= 400 and (~mask).any()
    size = 7.5 if nc > 12 else 8.5
    if not (~mask).any():  # nothing to colour: a scale seaborn need not compute
        vmin, vmax = (0.0 if vmin is None else vmin), (1.0 if vmax is None else vmax)
    with matplotlib.rc_context(STYLE):
        sns.heatmap(np.where(mask, np.nan, arr) if (~mask).any() else np.zeros_like(arr),
                    mask=mask, ax=ax, cmap=cmap, vmin=vmin, vmax=vmax,
                    annot=cell_texts if show_text else False, fmt="",
                    annot_kws={"fontsize": size}, cbar=colorbar and (~mask).any(),
                    cbar_kws={"format": _fmt(unit, currency, lang, 0), "fraction": 0.035,
                              "pad": 0.02} if colorbar else None,
                    xticklabels=[chart_text(c) for c in d.columns],
                    yticklabels=[chart_text(i) for i in d.index],
                    linewidths=0)
    ax.grid(False)
    ax.tick_params(length=0)
    for tx in ax.get_xticklabels():
        tx.set_rotation(0)
        tx.set_ha("center")
    for tx in ax.get_yticklabels():
        tx.set_rotation(0)
    if len(fig.axes) > 1:
        fig.axes[-1].tick_params(length=0)
        for s in fig.axes[-1].spines.values():
            s.set_visible(False)
    ax.set_xlabel(xlabel or "")
    ax.set_ylabel(ylabel or "")
    finite = arr[~mask]
    if len(finite):
        i, j = np.unravel_index(np.nanargmax(np.where(mask, -np.inf, arr)), arr.shape)
        alt = texts.text(lang, "alt_heatmap", rows=nr, cols=nc, first_row=d.index[0], last_row=d.index[-1],
                         first_col=d.columns[0], last_col=d.columns[-1],
                         max=format_value(arr[i, j], unit, currency, lang, decimals), max_row=d.index[i],
                         max_col=d.columns[j])
    else:
        alt = texts.text(lang, "alt_empty")
    _finish(fig, title, ax, alt, declutter=(ax,))
    if show_text:
        _fit_cell_texts(fig, ax, nr, nc)
    return fig


def _fit_cell_texts(fig: Figure, ax, nr: int, nc: int) -> None:
    """Shrink the cell texts of a heatmap until each fits its cell (hidden below 6 points)."""
    renderer = fig._get_renderer()
    cells = [tx for tx in ax.texts if tx.get_text()]
    if not cells:
        return
    cell_w = ax.bbox.width / max(1, nc)
    cell_h = ax.bbox.height / max(1, nr)
    widest = max(cells, key=lambda tx: len(tx.get_text()))
    size = widest.get_fontsize()
    while size >= 6.0:
        widest.set_fontsize(size)
        box = widest.get_window_extent(renderer)
        if box.width <= cell_w - 2 and box.height <= cell_h:
            break
        size -= 0.5
    for tx in cells:
        if size < 6.0:
            tx.set_visible(False)
        else:
            tx.set_fontsize(size)


# ----------------------------------------------------------------------------- histogram
def histogram(values: Sequence[float] | pd.Series, *, bins: int | Sequence[float] = 20,
              unit: str = "share", currency: str = "EUR", lang: str = "en",
              title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
              color: str = "#1c5d99") -> Figure:
    """Distribution of a per-customer quantity (probability alive, CLV)."""
    lang = resolve_lang(lang)
    v = pd.Series(values, dtype=float).replace([np.inf, -np.inf], np.nan).dropna()
    fig, ax = new_figure(9.0, 3.8)
    ax.hist(v.to_numpy(), bins=bins, color=color, edgecolor="white")
    _value_axis(ax.xaxis, unit, currency, lang)
    ax.yaxis.set_major_formatter(_fmt("count", currency, lang, 0))
    ax.grid(False, axis="x")
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if len(v):
        alt = texts.text(lang, "alt_histogram", n=format_value(len(v), "count", currency, lang),
                         lo=format_value(v.min(), unit, currency, lang),
                         hi=format_value(v.max(), unit, currency, lang),
                         median=format_value(v.median(), unit, currency, lang))
    else:
        alt = texts.text(lang, "alt_empty")
    return _finish(fig, title, ax, alt, declutter=(ax,))
