"""Live language switch for texts a widget set once, when it was built.

Most widgets write their texts in __init__ through `self.tr()` and never again. Rather than
give each a retranslate method, the window walks its widgets after a switch and maps every
such text back to its English source and on to the new language, using the .ts file (the
same pairs the .qm holds). Texts a view recomputes (the chain panel, the status line,
lesson notes, practice) are refreshed by their own code; data (typed values, numbers,
formulas) matches no source text and stays as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from ..core import texts
from .i18n import ENGLISH, qm_path

_TEXT_NODE = re.compile(r"(^|>)([^<>]+)(?=<|$)")


@cache
def pairs(language: str) -> dict[str, dict[str, str]]:
    """Context -> {English source: translation}; context "" holds every pair (the first
    context's translation of a source wins there), and core's texts without fields."""
    found: dict[str, dict[str, str]] = {"": {}}
    if language == ENGLISH:
        return found
    ts = Path(qm_path(language)).with_suffix(".ts")
    for context in ET.parse(ts).getroot().iter("context"):
        own = found.setdefault(context.findtext("name"), {})
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.findtext("translation")
            if source and translation:
                own[source] = translation
                found[""].setdefault(source, translation)
    for source, translation in texts.catalogue(language).items():  # core's, e.g. in lab tables
        if "{" not in source:
            found[""].setdefault(source, translation)
    return found


class Converter:
    """Text in language `old` -> the same text in `new`; anything else unchanged. Qt's
    context of a text is the class whose tr() made it: the widget's or an ancestor's, so
    those contexts are asked first ("参数" is "Parameters" in the tables, "parameter" elsewhere)."""

    def __init__(self, old: str, new: str) -> None:
        self.back = {ctx: {t: s for s, t in texts.items()} for ctx, texts in pairs(old).items()}
        self.back[""] = {t: s for s, t in reversed(pairs(old)[""].items())}
        self.forward = pairs(new)

    def plain(self, text: str, contexts: list[str]) -> str:
        """The text as a whole ("digits: " keeps its space), else without its margins."""
        for piece in (text, text.strip()):
            for ctx in contexts:
                back, forward = self.back.get(ctx, {}), self.forward.get(ctx, {})
                source = back.get(piece, piece)
                if piece and (source in forward or piece in back):
                    return text.replace(piece, forward.get(source, source))
        return text

    def __call__(self, text: str, widget: QObject) -> str:
        """Rich text converts node by node ("Loss <span>train</span>")."""
        contexts = []
        while widget is not None:
            contexts += [c.__name__ for c in type(widget).__mro__ if c.__name__ not in contexts]
            widget = widget.parent()
        contexts.append("")
        if "<" not in text:
            return self.plain(text, contexts)
        return _TEXT_NODE.sub(lambda m: m.group(1) + self.plain(m.group(2), contexts), text)


def retranslate_tree(root: QWidget, old: str, new: str) -> None:
    """Every build-time text under `root` (itself included) from `old` to `new`."""
    if old == new:
        return
    convert = Converter(old, new)
    for w in [root, *root.findChildren(QWidget)]:
        _widget(w, convert)


def _widget(w: QWidget, convert: Converter) -> None:  # noqa: C901 - one case per widget kind
    if w.toolTip():
        w.setToolTip(convert(w.toolTip(), w))
    if isinstance(w, (QLabel, QAbstractButton)) and w.text():
        w.setText(convert(w.text(), w))
    elif isinstance(w, QLineEdit) and w.placeholderText():
        w.setPlaceholderText(convert(w.placeholderText(), w))
    elif isinstance(w, QAbstractSpinBox) and hasattr(w, "prefix"):
        w.setPrefix(convert(w.prefix(), w))
        w.setSuffix(convert(w.suffix(), w))
    elif isinstance(w, QComboBox):
        for i in range(w.count()):
            w.setItemText(i, convert(w.itemText(i), w))
    elif isinstance(w, QGroupBox):
        w.setTitle(convert(w.title(), w))
    elif isinstance(w, QTabWidget):
        for i in range(w.count()):
            w.setTabText(i, convert(w.tabText(i), w))
            w.setTabToolTip(i, convert(w.tabToolTip(i), w))
    elif isinstance(w, QTableWidget):
        for i in range(w.columnCount()):
            item = w.horizontalHeaderItem(i)
            if item is not None:
                item.setText(convert(item.text(), w))
    elif isinstance(w, pg.GraphicsView):
        for item in w.items():
            if isinstance(item, pg.PlotItem):
                _plot(item, convert, w)


def _plot(plot: pg.PlotItem, convert: Converter, w: QWidget) -> None:
    if plot.titleLabel.text:
        plot.titleLabel.setText(convert(plot.titleLabel.text, w))
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        if axis.labelText:
            axis.setLabel(convert(axis.labelText, w))
