"""Compare two folders of rendered reports: what a client reads, text and charts.

usage: python scripts/compare_reports.py BEFORE_DIR AFTER_DIR

A refactoring must leave the demo reports as they were: this prints, for every HTML report under
either folder, whether its visible text and its images are unchanged, and for a changed report
the first differing lines of text (a unified diff of the text a browser shows). The time a report
was rendered, written in its footer and its ``_audit`` notebooks, is ignored. Exit status 1 when
any report differs or is missing on one side.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

#: Rendering times, written in the client's clock ("1 December 2026, 23:40 CET", "2026-12-01 23:40").
_WHEN = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4},? \d{1,2}[:h]\d{2}( ?[AP]M)?( [A-Z]{2,5})?"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?([+-]\d{2}:?\d{2}|Z| ?[A-Z]{2,5})?"
    r"|\d{1,2}(er)? \w+ \d{4}(,| à| at) \d{1,2}[:h]\d{2}( [A-Z]{2,5})?"
    r"|\w+ \d{1,2}, \d{4}(,| at) \d{1,2}:\d{2}( ?[AP]M)?( [A-Z]{2,5})?")


class _Visible(HTMLParser):
    """The text a browser shows, one line per block, and the images (hash of each ``src``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "img":
            a = dict(attrs)
            src = a.get("src") or ""
            self.images.append(hashlib.sha256(src.encode()).hexdigest()[:12] + " alt=" + (a.get("alt") or ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            text = " ".join(data.split())
            if text:
                self.lines.append(_WHEN.sub("<time>", text))


def visible(path: Path) -> tuple[list[str], list[str]]:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.lines, parser.images


def compare(before: Path, after: Path) -> int:
    names = sorted({p.relative_to(before) for p in before.rglob("*.html")}
                   | {p.relative_to(after) for p in after.rglob("*.html")})
    differ = 0
    for rel in names:
        a, b = before / rel, after / rel
        if not a.exists() or not b.exists():
            print(f"MISSING {'before' if not a.exists() else 'after'}: {rel}")
            differ += 1
            continue
        (ta, ia), (tb, ib) = visible(a), visible(b)
        if ta == tb and ia == ib:
            print(f"same     {rel}")
            continue
        differ += 1
        print(f"DIFFERS  {rel}: text {'same' if ta == tb else 'changed'}, "
              f"images {'same' if ia == ib else 'changed'}")
        for line in list(difflib.unified_diff(ta, tb, lineterm="", n=1))[2:40]:
            print("    " + line[:200])
        if ia != ib:
            for line in list(difflib.unified_diff(ia, ib, lineterm="", n=0))[2:12]:
                print("    img " + line[:200])
    print(f"{len(names) - differ} of {len(names)} reports unchanged")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(compare(Path(sys.argv[1]), Path(sys.argv[2])))
