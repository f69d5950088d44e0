"""Channel colours: one colour per channel, stable across charts, reports and clients.

Kept apart from :mod:`roianalysis.report.charts` so that a report context
(:class:`roianalysis.report.context.Report`) picks its colours without importing matplotlib.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from roianalysis.schema import ALL_CHANNELS, UNKNOWN_CHANNEL

__all__ = ["KNOWN_CHANNELS", "MIN_DELTA_E", "PALETTE", "SPECIAL_COLORS", "TOTAL_COLOR",
           "UNKNOWN_COLOR", "channel_color", "channel_colors", "lab"]

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
#: Colours of the sentinel channels (:mod:`roianalysis.schema`).
SPECIAL_COLORS = {UNKNOWN_CHANNEL: UNKNOWN_COLOR, ALL_CHANNELS: TOTAL_COLOR}


#: Smallest colour difference (CIE76 delta E in CIELAB) between two channels of one client: the
#: palette holds near pairs (two blues 4.6 apart, two oranges 14.4 apart) that read as one colour.
MIN_DELTA_E = 20.0


def lab(color: str) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour written ``#rrggbb``."""
    rgb = np.array([int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)], dtype=float)
    lin = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _normalize(name: str) -> str:
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def _slot(name: str) -> int:
    digest = hashlib.sha1(_normalize(name).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(PALETTE)


def channel_color(channel: str) -> str:
    """The preferred colour of one channel (without collision handling)."""
    if channel in SPECIAL_COLORS:
        return SPECIAL_COLORS[channel]
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
        Channel -> hex colour, a different one for each channel, any two at least
        :data:`MIN_DELTA_E` apart when the palette allows. Known channels take their fixed
        colour (the most common first); other channels their hashed slot, or the next free,
        distinct one (assigned in sorted order, so the result does not depend on the order of
        ``channels``). ``(unknown)`` is grey.
    """
    names = sorted({str(c) for c in channels})
    out: dict[str, str] = {c: SPECIAL_COLORS[c] for c in names if c in SPECIAL_COLORS}
    used: set[int] = set()

    def take(c: str, slot: int) -> None:
        free = [(slot + step) % len(PALETTE) for step in range(len(PALETTE))]
        free = [k for k in free if k not in used]
        if not free:  # more channels than colours: share, in a stable way
            out[c] = PALETTE[slot]
            return
        taken = [lab(v) for v in out.values()]
        distinct = [k for k in free
                    if all(np.linalg.norm(lab(PALETTE[k]) - t) >= MIN_DELTA_E for t in taken)]
        chosen = (distinct or free)[0]
        used.add(chosen)
        out[c] = PALETTE[chosen]

    # known channels first, the most common first (Paid Search keeps its blue), each on its own
    # colour ("Social" and "Organic Social" share a preferred slot), then the others by name
    known = sorted((KNOWN_CHANNELS[_normalize(c)], c) for c in names
                   if c not in out and _normalize(c) in KNOWN_CHANNELS)
    for slot, c in known:
        take(c, slot)
    for c in names:
        if c not in out:
            take(c, _slot(c))
    return out
