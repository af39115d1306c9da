"""The current step's chain rule, as the teacher writes it on the board: each formula in
symbols, then with the numbers substituted, then the result in bold.

The numbers are the Formula's own (core fills them in); this panel only chooses the
precision and typesets: net_h1 → net<sub>h1</sub>, b2_1 → b<sub>2,1</sub>, e^x → e<sup>x</sup>.
A clicker cannot scroll, so the step always fits: the largest of a few layouts that does
(three rows a formula, then one line a formula, then long sums and vectors elided to a
few terms "16 terms: a + b + … + p", smaller text; for a phase of wide layers, symbols and
results only), the result always in view. A click lays the text out two or three times:
the search starts at the layout the last step of the same kind took, and the document's
font and width are set only when they change (each set lays the whole text out again).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTextBrowser, QVBoxLayout, QWidget

from ..core.formula import Formula
from ..core.torch_script import torch_expressions
from .bridge import SessionBridge
from .fitted_label import FittedLabel, first_give_way
from .pacing import Paced
from .theme import LIGHT, Colors

FORMULA_SCALE = 1.5  # formulas are the largest text on screen
TITLE_SCALE = 1.3
PHASE_NAMES = {"forward": QT_TRANSLATE_NOOP("ChainPanel", "forward"),
               "loss": QT_TRANSLATE_NOOP("ChainPanel", "loss"),
               "backward": QT_TRANSLATE_NOOP("ChainPanel", "backward"),
               "update": QT_TRANSLATE_NOOP("ChainPanel", "update")}
_SUPERSCRIPT = re.compile(r"\^(−?\w+)")  # e^−net too: it read "e^−net" with a caret
_INDEXED = re.compile(r"(?<![\w>])([bh])(\d+)_(\d+)")
_SUBSCRIPT = re.compile(r"(?<!\w)([A-Za-zδ]+)_(\w+)")
_SYMBOLS = re.compile(r"([∂δσηλμβαΣ])")
#: (layout, elision limit) from the roomiest to the most compact
LAYOUTS = (("rows", None), ("lines", None), ("lines", 4), ("lines", 3), ("lines", 2))
#: formulas with more numbers than this start elided (formatting 32,768 of them is slow)
FULL_NUMBERS = 48
MAX_PRECISION = 15  # the digits box's largest: float64's 15–17 significant digits
#: the smallest formula text, as a share of the window's, when nothing else fits
MIN_SCALE = 0.7


def _exponent(m: re.Match) -> str:
    """An index inside an exponent stays up, smaller: Qt draws a <sub> inside a <sup> on
    the line's own subscript level, so e^net_o2 read as e^net with o2 below; h2_1 reads h2,1
    as in every other name."""
    return "<sup>" + _SUBSCRIPT.sub(lambda s: f"{s.group(1)}<small>{s.group(2).replace('_', ',')}</small>",
                                    m.group(1)) + "</sup>"


@lru_cache(maxsize=4096)  # symbol lines recur on every step of a kind
def math_html(text: str) -> str:
    """Typeset one plain formula string: sub- and superscripts, italic Greek symbols."""
    html = escape(text)
    html = _SUPERSCRIPT.sub(_exponent, html)
    html = _INDEXED.sub(r"\1<sub>\2,\3</sub>", html)
    html = _SUBSCRIPT.sub(lambda m: f"{m.group(1)}<sub>{m.group(2).replace('_', ',')}</sub>", html)
    return _SYMBOLS.sub(r"<i>\1</i>", html)


def _size(formula: Formula) -> int:
    return sum(getattr(v, "size", 1) for v in formula.values)


def formula_rows(formula: Formula, precision: int, limit: int | None = None,
                 numbers: bool = True) -> list[str]:
    """A formula's rows after its lhs, typeset: symbols, the numbers substituted (unless
    not numbers), the result in bold (unless the last row already reads it)."""
    rows = []
    if formula.symbols:
        rows.append(math_html(formula.symbols))
    if formula.template and numbers:
        rows.append(math_html(formula.numbers(precision, limit)))
    result = formula.result_text(precision, limit)
    if not rows or rows[-1] != math_html(result):
        rows.append(f"<b>{math_html(result)}</b>")
    return rows


def formula_html(formula: Formula, precision: int, colors: Colors, layout: str = "rows",
                 limit: int | None = None, rows: list[str] | None = None) -> str:
    """`rows`: three aligned rows lhs = symbols / = numbers / = result; `lines`: one
    paragraph lhs = symbols = numbers = result; `results`: lhs = symbols = result.
    rows: formula_rows' for this layout and limit, if made already."""
    if rows is None:
        rows = formula_rows(formula, precision, limit, layout != "results")
    lhs = f"<span style='color:{colors.positive}'>{math_html(formula.lhs)}</span>"
    if layout != "rows":
        return f"<p style='margin:0 0 4px 0'>{lhs} = " + " = ".join(rows) + "</p>"
    cells = []
    for i, row in enumerate(rows):
        cells.append(f"<tr><td align=right>{lhs if i == 0 else ''}</td><td>&nbsp;=&nbsp;</td>"
                     f"<td>{row}</td></tr>")
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
        self.subtitle = FittedLabel(first_give_way)
        # a long title is cut at the panel's edge instead of widening the window past the
        # screen (F5's larger text); its whole text is in the tooltip
        for label in (self.title, self.subtitle):
            label.setMinimumWidth(1)
        self.digits = QSpinBox()
        self.digits.setRange(1, MAX_PRECISION)
        self.digits.setValue(precision)
        self.digits.setPrefix(self.tr("digits: "))
        self.digits.setToolTip(self.tr("Decimals shown in the formulas"))
        self.digits.valueChanged.connect(self._precision_changed)
        self._layout = LAYOUTS[0]
        self._scale = 1.0
        #: per kind of step (None: any) the index of the layout it took last
        self._fitted: dict[tuple[str, int] | None, int] = {}
        self._fonts: dict[float, QFont] = {}  # the formulas' font per scale, until a font change
        #: while _fit tries layouts, what they share: typeset rows by (formula, limit, numbers),
        #: the script line (a phase click of phone-price formatted its numbers per layout tried)
        self._kept: dict | None = None
        #: the document a fit lays out: the browser's, or a copy while the next click's
        #: fit is found ahead (_fit_ahead)
        self._scratch: QTextDocument | None = None
        #: the next click's fit found ahead: (what it is for, its layout, scale, the
        #: layouts' memory after it, its html), or None
        self._ahead: tuple | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        # the fit is measured at the viewport's full width: a scroll bar coming and going
        # while layouts are tried would change the width the text wraps at
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.subtitle, 1)
        header.addWidget(self.digits)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.browser, 1)
        self.paced = Paced(bridge, self.refresh, self)  # a few a second while Run trains
        self._bridge = bridge
        # a child timer: a pending single shot's lambda kept a closed window alive
        self._ahead_timer = QTimer(self, singleShot=True, interval=0)
        self._ahead_timer.timeout.connect(self._fit_ahead)
        self.browser.viewport().installEventFilter(self)  # its paint: then the next fit
        bridge.cursorChanged.connect(self.paced)
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
        """The formulas as plain text, one line each, elided as shown (what `bpviewer shot
        --text` writes)."""
        step = self.session.step
        if step is None:
            return []
        numbers = self._layout[0] != "results"
        return [f.text(self.precision, self._limit(f), numbers) for f in step.formulas]

    def text_px(self) -> float:
        """The smallest text the panel's formulas draw, in pixels (its sub- and superscripts
        aside: they are the formulas' indices, smaller by design), for `shot --labels`: the
        text a clicker's room reads must stay ≥ 11 px at 1024×768 however a step is fitted."""
        dpi = self.browser.logicalDpiY() / 72
        sizes = []
        block = self.browser.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fmt = fragments.fragment().charFormat()
                if fmt.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignNormal:
                    font = fmt.font()
                    sizes.append(font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * dpi)
                fragments += 1
            block = block.next()
        return round(min(sizes, default=0.0), 2)

    def _limit(self, formula: Formula) -> int | None:
        if self._layout[1] is None and _size(formula) > FULL_NUMBERS:
            return LAYOUTS[2][1]
        return self._layout[1]

    def _precision_changed(self, precision: int) -> None:
        self.refresh()
        self.precisionChanged.emit(precision)

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: ANN001, N802 - Qt's names
        """After the formulas' paint, the next click's fit (_fit_ahead) at an idle turn."""
        if event.type() == QEvent.Type.Paint and self._ahead is None and self.session.step is not None:
            self._ahead_timer.start()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._restyle()

    def _restyle(self) -> None:
        self._fonts.clear()
        base = self.font().pointSizeF()
        title = QFont(self.font())
        title.setPointSizeF(base * TITLE_SCALE)
        title.setBold(True)
        self.title.setFont(title)
        self._fit()

    def _fit(self) -> None:
        """The roomiest layout that fits the panel at the window's text size (a clicker
        cannot scroll), its formulas then as large as FORMULA_SCALE allows; if none fits,
        the most compact one, smaller. A more compact layout fits wherever a roomier one
        does, so the search may start at the last step's layout and walk either way."""
        step = self.session.step
        ahead, self._ahead = self._ahead, None
        if step is None:
            self._set_scale(FORMULA_SCALE)
            return
        if ahead is not None and ahead[0] == self._fit_key(step):
            _, self._layout, scale, self._fitted, html = ahead
            self._show(scale, html)
            return
        self._show(1.0, None)
        self._kept = {}
        try:
            self._search(step)
        finally:
            self._kept = None

    def _show(self, scale: float, html: str | None) -> None:
        """The formulas' font at this scale, then the html (None: set by the search next):
        set on the text shown, the font would lay it out again for nothing."""
        doc = self._document()
        if doc.defaultFont() != self._font(scale):
            doc.clear()
        self._set_scale(scale)
        if html is not None:
            width = self.browser.viewport().width()
            if doc.textWidth() != width:
                doc.setTextWidth(width)
            self.browser.setHtml(html)

    def _fit_key(self, step) -> tuple:  # noqa: ANN001 - a core Step
        """What a fit depends on besides the layouts' memory (_fitted): the step, digits,
        colours, the window's font and the panel's size."""
        size = self.browser.viewport().size()
        return (step, self.precision, self.colors, self.font(), size.width(), size.height())

    def _fit_ahead(self) -> None:
        """While the teacher reads: the next click's fit, found on a copy of the document
        (a click laid out two or three layouts and a size, ~1 ms each; it then lays out
        the one found). Not while Run trains or a long train shows its progress, nor at
        an iteration's last step where the next iteration is not trained yet: computing
        it ahead here came before the graph's pictures of that click (phone-price's
        75 ms), which a click 30 ms after a jump then drew itself."""
        s = self.session
        if self._bridge.running or s.training or s.at_end_of_iteration and s.iteration >= len(s.history):
            return  # at the history's end the graph's pictures come first (NetworkView._draw_ahead)
        after = s.step_after()
        if after is None:
            return
        step = after[0]
        key, shown = self._fit_key(step), (self._layout, self._scale, self._fitted)
        self._fitted = dict(self._fitted)
        self._scratch = self.browser.document().clone()
        try:
            self._show(1.0, None)
            self._kept = {}
            self._search(step)
            self._ahead = (key, self._layout, self._scale, self._fitted, self._html(step))
        finally:
            self._kept = self._scratch = None
            self._layout, self._scale, self._fitted = shown

    def _document(self) -> QTextDocument:
        return self.browser.document() if self._scratch is None else self._scratch

    def _set_html(self, html: str) -> None:
        if self._scratch is None:
            self.browser.setHtml(html)
        else:
            self._scratch.setHtml(html)

    def _search(self, step) -> None:  # noqa: ANN001 - a core Step
        """_fit's search, from the window's text size (the layouts tried share _kept)."""
        kind = (step.phase, len(step.formulas))
        start = self._fitted.get(kind, self._fitted.get(None, 0))
        found = None
        # the roomier layout first: it mostly does not fit, and the last one tried is then
        # the one shown (trying it after would lay the step out a third time)
        roomier = start > 0 and self._try(start - 1, step)
        if self._try(start, step):
            found = start
            if roomier:
                found -= 1
                while found > 0 and self._try(found - 1, step):
                    found -= 1
        else:
            found = next((i for i in range(start + 1, len(LAYOUTS)) if self._try(i, step)), None)
        if found is not None:
            self._fitted[kind] = self._fitted[None] = found
            if self._layout != LAYOUTS[found]:
                self._try(found, step)
            self._grow(1.0, FORMULA_SCALE)
            return
        self._fitted[kind] = self._fitted[None] = len(LAYOUTS) - 1
        if not self._fits(MIN_SCALE):  # the numbers are in the layer steps and the Tables
            self._layout = ("results", LAYOUTS[-1][1])
            self._set_html(self._html(step))
        self._grow(MIN_SCALE, 1.0)

    def _try(self, index: int, step) -> bool:  # noqa: ANN001 - a core Step
        """Whether LAYOUTS[index] fits at the window's text size (it is then shown); not
        laid out where its rows alone are taller than the panel (`_rows_height`)."""
        self._layout = LAYOUTS[index]
        html = self._html(step)
        if self._layout[0] == "rows" and self._rows_height(html) > self.browser.viewport().height():
            return False
        self._set_html(html)
        return self._fits(1.0)

    def _rows_height(self, html: str) -> float:
        """At most the height of the `rows` layout's html at the window's text size: a line
        of the formulas' font a table row (each has its '=' in it) and the document's
        margins. A step of five or more formulas is taller in rows than a 1024×768 panel
        without laying it out (a layout is ~1 ms, and the roomier layout is tried first)."""
        margins = 2 * self._document().documentMargin()
        return html.count("<tr>") * QFontMetricsF(self.font()).height() + margins

    def _grow(self, low: float, high: float) -> None:
        """The largest scale in [low, high] (steps of 0.1) that fits, low if none does.
        Text height grows about in proportion to the scale, so the first guess is
        usually right and a click costs two or three layouts."""
        height = self._document().size().height()
        room = self.browser.viewport().height()
        scale = high if height <= 0 else min(high, math.floor(10 * self._scale * room / height) / 10)
        scale = max(low, scale)
        while scale > low and not self._fits(scale):
            scale = round(scale - 0.1, 2)
        self._set_scale(max(scale, low))

    def _font(self, scale: float) -> QFont:
        formulas = self._fonts.get(scale)
        if formulas is None:
            formulas = self._fonts[scale] = QFont(self.font())
            formulas.setPointSizeF(self.font().pointSizeF() * scale)
        return formulas

    def _set_scale(self, scale: float) -> None:
        self._scale = scale
        formulas = self._font(scale)
        doc = self._document()
        if doc.defaultFont() != formulas:
            doc.setDefaultFont(formulas)

    def _fits(self, scale: float) -> bool:
        self._set_scale(scale)
        doc = self._document()
        width = self.browser.viewport().width()
        if doc.textWidth() != width:
            doc.setTextWidth(width)
        return doc.size().height() <= self.browser.viewport().height()

    def _html(self, step) -> str:  # noqa: ANN001 - a core Step
        layout = self._layout[0]
        kept = {} if self._kept is None else self._kept
        html = []
        for i, f in enumerate(step.formulas):
            key = (i, self._limit(f), layout != "results")
            rows = kept.get(key)
            if rows is None:
                rows = kept[key] = formula_rows(f, self.precision, key[1], key[2])
            html.append(formula_html(f, self.precision, self.colors, layout, key[1], rows))
        script = kept.get("script")
        if script is None:
            script = kept["script"] = self._torch_html(step)
        return ("<br>" if layout == "rows" else "").join(html) + script

    def _torch_html(self, step) -> str:  # noqa: ANN001 - a core Step
        """Where the exported PyTorch script holds the same numbers, to select and copy into
        a notebook (not part of `lines()`: those are the formulas)."""
        s = self.session
        names = torch_expressions(step, s.params, s.trainer.optimizer.state)
        if not names:
            return ""
        code = " · ".join(f"<code>{escape(name)}</code>" for name in names)
        label = self.tr("In the PyTorch script:")
        return f"<p style='color:{self.colors.muted}'><small>{label} {code}</small></p>"

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
        for label in (self.title, self.subtitle):
            label.setToolTip(self.title.text() + self.subtitle.text())
        # the labels' new widths now: a layout request handled after the paint painted the
        # header a second time each click (~0.5 ms CPU on phone-price)
        self.layout().activate()
        self._fit()
