"""docs/design.md is the design the code cites: every cited section must exist as a heading."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT / "docs" / "design.md"

#: ``## 5. Metric definitions`` -> ``5``; ``### 5.6 Channel ROI`` -> ``5.6``.
HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)*)\.? \S", re.M)
#: A list of section numbers: ``6.3``, ``6.3, 8.1``, ``5.5 and 6.3``.
NUMBERS = r"(\d+(?:\.\d+)*(?:(?:, | and )\d+(?:\.\d+)*)*)"
CITATION = re.compile(r"docs/design\.md\s+sections?\s+" + NUMBERS)
INTERNAL = re.compile(r"\bsections?\s+" + NUMBERS)
OLD = re.compile(r"DESIGN(?:\.md)? (?:section|\d)")


def _numbers(group: str) -> list[str]:
    return [n.rstrip(".") for n in re.split(r", | and ", group)]


def sections() -> list[str]:
    return HEADING.findall(DESIGN.read_text(encoding="utf-8"))


def cited_files() -> list[Path]:
    files = [*sorted((ROOT / "roianalysis").rglob("*.py")), *sorted((ROOT / "tests").rglob("*.py")),
             *sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "README.md"]
    return [p for p in files if p.resolve() != Path(__file__).resolve()]


def test_sections_are_numbered_once():
    found = sections()
    assert "1" in found and "10" in found, found
    assert len(found) == len(set(found)), [n for n in found if found.count(n) > 1]


def test_every_citation_in_the_code_is_a_heading():
    known = set(sections())
    cited, missing = 0, []
    for path in cited_files():
        text = path.read_text(encoding="utf-8")
        for m in CITATION.finditer(text):
            for number in _numbers(m.group(1)):
                cited += 1
                if number not in known:
                    line = text.count("\n", 0, m.start()) + 1
                    missing.append(f"{path.relative_to(ROOT)}:{line}: section {number}")
    assert cited >= 20, f"only {cited} citations found: is the pattern still right?"
    assert not missing, "cited but not a heading of docs/design.md:\n" + "\n".join(missing)


def test_design_cites_its_own_sections():
    text = DESIGN.read_text(encoding="utf-8")
    known = set(sections())
    bad = [n for m in INTERNAL.finditer(text) for n in _numbers(m.group(1)) if n not in known]
    assert not bad, bad


def test_no_citation_of_the_old_design_file():
    old = [f"{p.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
           for p in cited_files() for text in [p.read_text(encoding="utf-8")]
           for m in OLD.finditer(text)]
    assert not old, old


def test_readme_links_the_design():
    assert "docs/design.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def _package_section() -> str:
    text = DESIGN.read_text(encoding="utf-8")
    start = text.index("### 2.2 The package")
    return text[start:text.index("\n### ", start + 1)]


def test_every_module_is_named_in_the_design_and_every_name_is_a_module():
    """docs/design.md section 2.2 is written from what the code is: each module of the package
    is named there with its path, and each path named there is a module."""
    package = ROOT / "roianalysis"
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if "__pycache__" not in p.parts}
    wanted = {m for m in modules if not m.endswith("/__init__.py")}  # a sub-package's own
    # __init__ is named only where it holds code of its own (sources/, report/texts/...)
    named = set(re.findall(r"`([\w/]+\.py)`", _package_section()))
    assert not sorted(wanted - named), f"modules missing from design section 2.2: {sorted(wanted - named)}"
    assert not sorted(named - modules), f"named in design section 2.2 but not modules: {sorted(named - modules)}"
