"""Rendering notebooks into client HTML reports, fast, isolated and safe.

Entry points
------------
render(clients, period, out_dir=..., data_dir=..., jobs=...) -> Summary
    What ``roianalysis render`` runs (:mod:`.runner`).
csv_safe(df), html_text(s), sanitize_html(fragment)
    Escaping helpers for notebooks (:mod:`.safe`).

Layout: :mod:`.forkserver` (warm zygote forking one fresh kernel per notebook), :mod:`.kernel`
(jupyter_client manager for those kernels), :mod:`.execute` (Papermill execution, failures),
:mod:`.export` (nbconvert template ``roireport``), :mod:`.atomic` (atomic writes),
:mod:`.index` (index pages). The ``roianalysis render`` command (:mod:`roianalysis.cli`)
calls :func:`render`; nothing here imports the command line.
"""

__all__ = ["csv_safe", "html_text", "render", "sanitize_html"]


def __getattr__(name):  # lazy: importing the kernel server must import neither pandas nor nbconvert
    if name == "render":
        from roianalysis.render.runner import render

        return render
    if name in ("csv_safe", "html_text", "sanitize_html"):
        from roianalysis.render import safe

        return getattr(safe, name)
    raise AttributeError(f"module 'roianalysis.render' has no attribute {name!r}")
