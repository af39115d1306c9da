"""Core's user-visible texts in the interface language, without Qt.

A text is its English template, fields in braces: `tr("δ of {name}", name="h1")`. The
catalogue resources/i18n/core_<language>.json maps each template to its translation; the
fields (names, numbers) are filled in after translating, so no number or symbol ever goes
through a translator. `N_()` marks a template translated later (a constant, a shipped
preset's description); tests/core/test_texts.py finds every `tr`/`N_` template in core and
fails when one has no Chinese entry or its fields differ.

The window sets the language (qt/i18n.install); the CLI's `--lang`; the default is English.
Caches of translated text (the step outline, built formulas) key on `language()`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

ENGLISH, CHINESE = "en", "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)

_language = ENGLISH


def set_language(language: str) -> None:
    """Any language without a catalogue is English."""
    global _language
    _language = language if language in LANGUAGES else ENGLISH


def language() -> str:
    return _language


@cache
def catalogue(language: str) -> dict[str, str]:
    """English template -> translation (empty for English)."""
    if language == ENGLISH:
        return {}
    path = resources.files("bpviewer").joinpath("resources", "i18n", f"core_{language}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def tr(text: str, /, **fields: Any) -> str:
    """`text` in the interface language with `fields` filled in."""
    template = catalogue(_language).get(text, text)
    return template.format(**fields) if fields else template.replace("{{", "{").replace("}}", "}")


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "translated later"
    """Mark a template for the catalogue without translating it now."""
    return text
