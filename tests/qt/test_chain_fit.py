"""A clicker cannot scroll: every step's formulas fit the chain panel at 1024×768, on every
preset, at every granularity, the result line included.

The panel's size is taken from the real window at 1024×768; the steps are then shown in a
panel of that size on each preset's session (the graph's own speed is tested elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from bpviewer.core import presets
from bpviewer.core.session import Session
from bpviewer.core.steps import GRANULARITIES
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.chain_panel import LAYOUTS, ChainPanel, formula_rows, math_html


@pytest.fixture(scope="module")
def panel_size(qapp):
    from bpviewer.qt.main_window import MainWindow

    window = MainWindow(Session(presets.load("mazur")))
    window.resize(1024, 768)
    window.show()
    QApplication.processEvents()
    size = window.chain.size()
    window.close()
    window.deleteLater()
    assert 500 < size.width() < 1024 and 100 < size.height() < 768
    return size


def sampled(n: int) -> list[int]:
    return sorted({0, n // 3, (2 * n) // 3, n - 1})


def shown_panel(qtbot, panel_size, preset: str) -> tuple[ChainPanel, Session, SessionBridge]:
    """A chain panel of the window's size at 1024×768 on the preset, shown."""
    session = Session(presets.load(preset))
    bridge = SessionBridge(session)
    panel = ChainPanel(bridge)
    qtbot.addWidget(panel)
    panel.resize(panel_size)
    panel.show()
    return panel, session, bridge


def walk(qtbot, panel_size, preset: str) -> Iterator[tuple[ChainPanel, Session, tuple]]:
    """A panel of the window's size at 1024×768 showing a few steps of iteration 2 at each
    granularity: (the panel, its session, where it is)."""
    panel, session, bridge = shown_panel(qtbot, panel_size, preset)
    session.goto(2)
    for granularity in GRANULARITIES:
        session.set_granularity(granularity)
        for index in sampled(len(session.steps)):
            session.goto(2, index)
            bridge.flush()
            yield panel, session, (preset, granularity, index, session.step.title)


@pytest.mark.parametrize("preset", presets.names())
def test_every_step_fits_the_chain_panel_at_1024(qtbot, panel_size, preset) -> None:
    for panel, _, where in walk(qtbot, panel_size, preset):
        QApplication.processEvents()
        assert panel.browser.verticalScrollBar().maximum() == 0, where
        assert panel.lines()[-1].split(" = ")[-1] in panel.browser.toPlainText(), where


@pytest.mark.parametrize("preset", ["mazur", "softmax-3class", "spiral", "phone-price-mini"])
def test_a_rows_layout_is_at_least_as_tall_as_its_rows_bound(qtbot, panel_size, preset) -> None:
    """The panel skips laying out the roomiest layout where its rows alone are taller
    than the panel: that bound is never more than the layout's real height."""
    tried = 0
    for panel, session, where in walk(qtbot, panel_size, preset):
        panel._layout = LAYOUTS[0]
        html = panel._html(session.step)
        panel.browser.setHtml(html)
        panel._fits(1.0)
        height = panel.browser.document().size().height()
        assert 0 < panel._rows_height(html) <= height, where
        tried += 1
    assert tried >= 9


def test_an_exponent_is_raised_with_its_minus_sign():
    """The sigmoid's line read "1 / (1 + e^−net_h1)", caret and all, on every forward step; an
    index stays up in its exponent (Qt draws a sub inside a sup at the line's subscript level)."""
    assert math_html("1 / (1 + e^−net_h1)") == "1 / (1 + e<sup>−net<small>h1</small></sup>)"
    assert math_html("β₁^t") == "<i>β</i>₁<sup>t</sup>"
    # two hidden layers: the index reads h2,1 as everywhere else (it read "neth2_1")
    assert math_html("1 / (1 + e^−net_h2_1)") == "1 / (1 + e<sup>−net<small>h2,1</small></sup>)"


@pytest.mark.parametrize("preset", [p for p in presets.names() if p != "phone-price"])
def test_no_row_shows_an_underscore(preset):
    """Every row of every layer and phase step, typeset: the softmax layer's matrix form read
    "e^z⁽³⁾ / Σₖ e^z⁽³⁾_k", the "_k" literal after the superscript's parenthesis."""
    session = Session(presets.load(preset))
    for granularity in ("layer", "phase"):
        session.set_granularity(granularity)
        session.goto(1, 0)
        for index in range(len(session.plan)):
            session.goto(1, index)
            for formula in session.step.formulas:
                for row in formula_rows(formula, 6, 8):
                    assert "_" not in re.sub(r"<[^>]+>", "", row), (granularity, row)



@pytest.mark.parametrize("preset", ["mazur", "spiral"])
def test_the_layouts_a_click_tries_share_its_numbers(qtbot, panel_size, preset, monkeypatch) -> None:
    """A click tries two or three layouts: a formula's numbers at one limit are formatted
    once a click, not once a layout tried (phone-price's phase steps formatted them twice)."""
    from bpviewer.core.formula import Formula

    formatted: list[tuple[int, int | None]] = []
    layouts: list[tuple] = []
    numbers, html = Formula.numbers, ChainPanel._html

    def counted(self, precision=6, limit=None):
        formatted.append((id(self), limit))
        return numbers(self, precision, limit)

    def tried(self, step):
        layouts.append(self._layout)
        return html(self, step)

    monkeypatch.setattr(Formula, "numbers", counted)
    monkeypatch.setattr(ChainPanel, "_html", tried)
    shared = 0
    for panel, _, where in walk(qtbot, panel_size, preset):
        formatted.clear()
        layouts.clear()
        panel.refresh()
        assert len(formatted) == len(set(formatted)), where
        shared += len({limit for _, limit in layouts}) < len(layouts)
    assert shared  # some clicks tried two layouts of the same numbers



@pytest.mark.parametrize("preset", ["mazur", "spiral"])
def test_a_click_sets_no_font_on_the_last_steps_text(qtbot, panel_size, preset) -> None:
    """The text shown is replaced at each click: setting the formulas' font back to the
    window's size first laid the last step's text out again for nothing."""
    panel, session, bridge = shown_panel(qtbot, panel_size, preset)
    session.goto(2)
    bridge.flush()
    doc = panel.browser.document()
    set_html, set_font = panel.browser.setHtml, doc.setDefaultFont
    click = {"replaced": False, "stale": 0, "sets": 0}

    def html(text: str) -> None:
        click["replaced"] = True
        set_html(text)

    def font(value: QFont) -> None:
        click["sets"] += 1
        click["stale"] += not click["replaced"] and bool(doc.toPlainText())
        set_font(value)

    panel.browser.setHtml, doc.setDefaultFont = html, font
    for granularity in GRANULARITIES:
        session.set_granularity(granularity)
        for index in range(len(session.steps)):
            click["replaced"] = False
            session.goto(2, index)
            bridge.flush()
    assert click["sets"] and not click["stale"]


@pytest.mark.parametrize("preset", ["mazur", "spiral", "phone-price-mini"])
def test_a_click_shows_the_fit_found_ahead_as_a_fit_afresh_does(qtbot, panel_size, preset) -> None:
    """While the teacher reads, the next click's layout and size are found on a copy of
    the document: the click then sets its text once (it laid out two or three layouts and
    a size), and the panel shows what finding the fit afresh shows."""
    panel, session, bridge = shown_panel(qtbot, panel_size, preset)
    set_html = panel.browser.setHtml
    sets = []

    def counted(html: str) -> None:
        sets.append(html)
        set_html(html)

    panel.browser.setHtml = counted
    clicks = 0
    for granularity in GRANULARITIES:
        session.set_granularity(granularity)
        for index in sampled(len(session.steps) - 1):
            session.goto(2, index)
            bridge.flush()
            qtbot.waitUntil(lambda: panel._ahead is not None)
            sets.clear()
            session.next_step()
            bridge.flush()
            where = (granularity, index + 1)
            assert len(sets) == 1, where
            shown = (panel._layout, panel._scale, panel.browser.toHtml())
            panel._fit()  # afresh: nothing was found ahead for it
            assert (panel._layout, panel._scale, panel.browser.toHtml()) == shown, where
            clicks += 1
    assert clicks >= 9


def test_a_step_s_header_is_laid_out_before_its_paint(qtbot, panel_size):
    """A step's title of another width resizes the header's labels at the refresh, not at a
    layout request handled after the paint (which painted the header twice a click)."""
    panel, session, _ = shown_panel(qtbot, panel_size, "phone-price-mini")
    qtbot.waitExposed(panel)
    session.set_granularity("phase")
    session.goto(2, 0)
    panel.refresh()
    QApplication.processEvents()
    before = panel.title.geometry()
    session.goto(2, 2)  # "backward" after "forward": a wider title
    panel.refresh()
    laid_out = panel.title.geometry(), panel.subtitle.geometry()
    QApplication.processEvents()
    assert laid_out[0] != before
    assert laid_out == (panel.title.geometry(), panel.subtitle.geometry())
