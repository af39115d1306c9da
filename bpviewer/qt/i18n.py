"""The interface language: Qt Linguist translations shipped in resources/i18n.

Widgets mark their texts with `self.tr()` / `QCoreApplication.translate()`, which
`pyside6-lupdate` extracts. The action registry is data, so its texts (menus, action
texts, tooltips) are translated in context "Actions" when the actions are built, and
`tools/translations.py` writes them into the .ts file from `ACTIONS` itself.

Core's own texts (step titles, status line, notices, lessons, practice, errors) come from
core.texts' catalogue, which `install` switches together with Qt's translators.
Numbers, formulas and CSV headers never go through a translator.
"""

from __future__ import annotations

import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core import texts

SYSTEM, ENGLISH, CHINESE = "system", "en", "zh_CN"
#: (preference value, name shown in the menu) — each name in its own language
LANGUAGES = ((SYSTEM, "System"), (ENGLISH, "English"), (CHINESE, "中文"))
TRANSLATED = (CHINESE,)
ACTIONS_CONTEXT = "Actions"
LABS_CONTEXT = "Labs"  # each lab's `title`, marked QT_TRANSLATE_NOOP("Labs", ...)


def qm_path(language: str) -> str:
    return str(resources.files("bpviewer").joinpath("resources", "i18n", f"bpviewer_{language}.qm"))


def resolve(preference: str, locale: QLocale | None = None) -> str:
    """The language to use: the preference, or for "system" the system locale's
    (Chinese for any zh locale, else English)."""
    if preference != SYSTEM:
        return preference if preference in TRANSLATED else ENGLISH
    name = (locale or QLocale.system()).name()
    return CHINESE if name.startswith("zh") else ENGLISH


def install(preference: str, locale: QLocale | None = None) -> QTranslator | None:
    """Install the translators for `preference` on the running application — bpviewer's
    own and Qt's (standard buttons, file dialogs) — replacing those this function
    installed before, and core's texts. Returns bpviewer's (None for English). Installing
    sends every widget a LanguageChange event: widgets retranslate themselves on it."""
    app = QCoreApplication.instance()
    for previous in app.findChildren(QTranslator, "bpviewer_translator"):
        app.removeTranslator(previous)
        previous.setParent(None)  # gone now, so a second call cannot find it again
    language = resolve(preference, locale)
    texts.set_language(language)
    if language == ENGLISH:
        return None
    own = _load(app, qm_path(language))
    if own is not None:  # Qt's own texts are a bonus: the wheel may lack them
        qt_base = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        _load(app, os.path.join(qt_base, f"qtbase_{language}.qm"))
    return own


def _load(app: QCoreApplication, path: str) -> QTranslator | None:
    translator = QTranslator(app)
    translator.setObjectName("bpviewer_translator")
    if not translator.load(path):
        translator.setParent(None)
        return None
    app.installTranslator(translator)
    return translator


def tr_action(text: str) -> str:
    """A registry text (menu title, action text, tooltip) in the interface language."""
    return QCoreApplication.translate(ACTIONS_CONTEXT, text) if text else text


def tr_lab(title: str) -> str:
    """A lab's title (its class attribute stays English: lessons name labs by it)."""
    return QCoreApplication.translate(LABS_CONTEXT, title)


def tr_lab_tab(lab: type) -> str:
    """A lab's tab title: its short `tab` where it has one, else its title."""
    return tr_lab(getattr(lab, "tab", "") or lab.title)
