"""The current step's chain rule, as the teacher writes it on the board: each formula in
symbols, then with the numbers substituted, then the result in bold.

The numbers are the Formula's own (core fills them in); this panel only chooses the
precision and typesets: net_h1 → net<sub>h1</sub>, e^x → e<sup>x</sup>.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTextBrowser, QVBoxLayout, QWidget

from ..core.formula import Formula, fmt
from .bridge import SessionBridge
from .theme import LIGHT, Colors

FORMULA_SCALE = 1.5  # formulas are the largest text on screen
TITLE_SCALE = 1.3
PHASE_NAMES = {"forward": QT_TRANSLATE_NOOP("ChainPanel", "forward"),
               "loss": QT_TRANSLATE_NOOP("ChainPanel", "loss"),
               "backward": QT_TRANSLATE_NOOP("ChainPanel", "backward"),
               "update": QT_TRANSLATE_NOOP("ChainPanel", "update")}
_SUPERSCRIPT = re.compile(r"\^(\w+)")
_SUBSCRIPT = re.compile(r"(?<!\w)([A-Za-zδ]+)_(\w+)")
_SYMBOLS = re.compile(r"([∂δσηλμβαΣ])")


def math_html(text: str) -> str:
    """Typeset one plain formula string: sub- and superscripts, italic Greek symbols."""
    html = escape(text)
    html = _SUPERSCRIPT.sub(r"<sup>\1</sup>", html)
    html = _SUBSCRIPT.sub(r"\1<sub>\2</sub>", html)
    return _SYMBOLS.sub(r"<i>\1</i>", html)


def formula_html(formula: Formula, precision: int, colors: Colors) -> str:
    """Three aligned rows: lhs = symbols / = numbers / = result."""
    rows = []
    if formula.symbols:
        rows.append(math_html(formula.symbols))
    if formula.template:
        rows.append(math_html(formula.numbers(precision)))
    rows.append(f"<b>{escape(fmt(formula.result, precision))}</b>")
    cells = []
    for i, row in enumerate(rows):
        lhs = (f"<span style='color:{colors.positive}'>{math_html(formula.lhs)}</span>"
               if i == 0 else "")
        cells.append(f"<tr><td align=right>{lhs}</td><td>&nbsp;=&nbsp;</td><td>{row}</td></tr>")
    return "<table cellspacing=0 cellpadding=1>" + "".join(cells) + "</table>"


class ChainPanel(QWidget):
    precisionChanged = Signal(int)

    def __init__(self, bridge: SessionBridge, precision: int = 6,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = bridge.session
        self.colors = LIGHT
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.subtitle = QLabel()
        self.digits = QSpinBox()
        self.digits.setRange(1, 15)
        self.digits.setValue(precision)
        self.digits.setPrefix(self.tr("digits: "))
        self.digits.setToolTip(self.tr("Decimals shown in the formulas"))
        self.digits.valueChanged.connect(self._precision_changed)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.subtitle, 1)
        header.addWidget(self.digits)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.browser, 1)
        bridge.cursorChanged.connect(self.refresh)
        self._restyle()
        self.refresh()

    @property
    def precision(self) -> int:
        return self.digits.value()

    def set_precision(self, precision: int) -> None:
        self.digits.setValue(precision)

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self.refresh()

    def lines(self) -> list[str]:
        """The formulas as plain text, one line each (what `bpviewer shot --text` writes)."""
        step = self.session.step
        return [f.text(self.precision) for f in step.formulas] if step else []

    def _precision_changed(self, precision: int) -> None:
        self.refresh()
        self.precisionChanged.emit(precision)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._restyle()

    def _restyle(self) -> None:
        base = self.font().pointSizeF()
        title = QFont(self.font())
        title.setPointSizeF(base * TITLE_SCALE)
        title.setBold(True)
        self.title.setFont(title)
        self._fit()

    def _fit(self) -> None:
        """Formulas as large as FORMULA_SCALE allows while the whole step fits the panel
        (a clicker cannot scroll), never smaller than the window's text."""
        base = self.font().pointSizeF()
        doc, room = self.browser.document(), self.browser.viewport().height()
        formulas = QFont(self.font())
        scale = FORMULA_SCALE
        while True:
            formulas.setPointSizeF(base * scale)
            doc.setDefaultFont(formulas)
            if scale <= 1.0 or doc.size().height() <= room:
                return
            scale = max(1.0, scale - 0.1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def refresh(self) -> None:
        s, step = self.session, self.session.step
        if step is None:
            self.title.setText(self.tr("Initial state"))
            self.subtitle.setText("")
            self.browser.setHtml("<p>" + self.tr("Press <b>→</b>, <b>Page Down</b> or <b>Space</b> "
                                                 "to compute the forward pass, one step at a time.")
                                 + "</p>")
            return
        self.title.setText(math_html(step.title))
        where = self.tr("%1 · iteration %2 · step %3/%4").replace("%1", self.tr(PHASE_NAMES[step.phase]))
        self.subtitle.setText("  " + where.replace("%2", str(s.iteration)).replace(
            "%3", str(s.step_index + 1)).replace("%4", str(len(s.steps))))
        self.browser.setHtml("<br>".join(formula_html(f, self.precision, self.colors)
                                         for f in step.formulas))
        self._fit()
