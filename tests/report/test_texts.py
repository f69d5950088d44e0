"""The one catalogue of words (roianalysis.report.texts): every language complete, one lookup
that fails loudly, and computing code free of words."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from roianalysis.catalog import METRICS
from roianalysis.report import texts

PACKAGE = Path(__file__).resolve().parents[2] / "roianalysis"


def test_languages_are_the_files_of_the_folder(tmp_path):
    assert texts.LANGUAGES == ("en", "fr")
    for name in ("de.py", "pt.py", "__init__.py", "notes.txt", "eng.py", "De.py"):
        (tmp_path / name).write_text("TEXTS = {}\n")
    assert texts.languages_in(tmp_path) == ("de", "pt")


@pytest.mark.parametrize("lang", texts.LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    ref, other = texts.catalogue("en"), texts.catalogue(lang)
    assert set(other) == set(ref), (set(ref) ^ set(other))
    for key, template in other.items():
        assert isinstance(template, str) and template, (lang, key)
        assert texts.placeholders(template) == texts.placeholders(ref[key]), (lang, key)


def test_lookup_fills_placeholders():
    assert texts.text("fr", "acq_title") == "Coût d'acquisition par canal"
    assert texts.text("en", "acq_title") == "Acquisition cost per channel"
    assert texts.text("FR", "funnel_note_v2l", rate="6,1 %") == "6,1 % des visiteurs deviennent leads"
    assert texts.text("en-GB", "funnel_note_v2l", rate="6.1%") == "6.1% of visitors become leads"


def test_unknown_language_key_or_value_is_a_clear_error_never_english():
    with pytest.raises(ValueError, match="unsupported language 'de'.*en, fr"):
        texts.text("de", "acq_title")
    with pytest.raises(KeyError, match="no text 'no_such_key'"):
        texts.text("en", "no_such_key")
    with pytest.raises(KeyError, match="'roi_best' needs a value for"):
        texts.text("en", "roi_best", channel="x")
    with pytest.raises(ValueError):
        texts.catalogue("xx")


def test_resolve_lang():
    class Cfg:
        language = "fr"

    class Data:
        config = Cfg()

    assert texts.resolve_lang(None, Data()) == "fr"
    assert texts.resolve_lang("en", Data()) == "en"
    assert texts.resolve_lang(None) == "en"
    with pytest.raises(ValueError):
        texts.resolve_lang("de")


def test_channel_label_translates_the_package_placeholders_only():
    assert texts.channel_label("(unknown)", "fr") == "(inconnu)"
    assert texts.channel_label("(none)", "en") == "(none)"
    assert texts.channel_label("(no segment)", "fr") == "(sans segment)"
    assert texts.channel_label("Email", "fr") == "Email"


def test_every_metric_of_the_catalogue_has_a_label():
    from roianalysis.report.format import metric_label

    for name in METRICS:
        assert texts.has_text(f"metric_{name}"), name
    assert metric_label("cpl", "fr") == "Coût par lead"
    assert metric_label("cpl", "en") == "Cost per lead"
    assert metric_label("not_a_metric", "fr") == "not_a_metric"


def test_codes_of_the_computing_side_all_have_words():
    from roianalysis.channel_roi import VERDICTS
    from roianalysis.scorecard.objectives import STATUSES
    from roianalysis.scorecard.significance import READINGS

    for v in VERDICTS:
        assert texts.has_text(f"verdict_{v}")
    for r in READINGS:
        assert texts.has_text(f"significance_{r}")
    for s in STATUSES:
        assert texts.has_text(f"sc_status_{s}") and texts.has_text(f"status_{s}")


def test_client_settings_accept_exactly_the_report_languages():
    from roianalysis.data.config import REPORT_LANGUAGES

    assert sorted(REPORT_LANGUAGES) == list(texts.LANGUAGES)


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("module", ["catalog.py", "channel_roi.py", "scorecard/objectives.py",
                                    "scorecard/significance.py", "scorecard/table.py"])
def test_computing_modules_say_no_words(module):
    """They return codes and keys; the report turns them into words (the texts and their
    formatting are not imported)."""
    words = ("roianalysis.report.texts", "roianalysis.report.format", "roianalysis.report.pages.common")
    assert not {m for m in _imports(PACKAGE / module) if m.startswith(words)}


def test_no_language_branch_outside_the_catalogue():
    """Words per language live in texts/<lang>.py, not in ``lang == "fr"`` branches. The one
    list of languages outside the catalogue is the client settings' (data/ may not import
    report/; test_client_settings_accept_exactly_the_report_languages keeps them equal)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "data" / "config.py":
            continue
        source = path.read_text(encoding="utf-8")
        for needle in ('lang == "fr"', "lang == 'fr'", 'startswith("fr")', '("fr", "en")'):
            if needle in source:
                found.append(f"{path.relative_to(PACKAGE)}: {needle}")
    assert not found, found
