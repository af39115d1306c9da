"""A clicker cannot scroll: every step's formulas fit the chain panel at 1024×768, on every
preset, at every granularity, the result line included."""

from __future__ import annotations

import pytest

from bpviewer.core import presets
from bpviewer.core.steps import GRANULARITIES


def sampled(n: int) -> list[int]:
    return sorted({0, n // 4, n // 2, (3 * n) // 4, n - 1})


@pytest.mark.parametrize("preset", presets.names())
def test_every_step_fits_the_chain_panel_at_1024(make_window, qtbot, preset) -> None:
    window = make_window()
    window.resize(1024, 768)
    session = window.session
    session.load(presets.load(preset))
    session.goto(2)
    browser = window.chain.browser
    for granularity in GRANULARITIES:
        session.set_granularity(granularity)
        for index in sampled(len(session.steps)):
            session.goto(2, index)
            window.bridge.flush()
            where = (preset, granularity, index, session.step.title)
            assert browser.verticalScrollBar().maximum() == 0, where
            assert window.chain.lines()[-1].split(" = ")[-1] in browser.toPlainText(), where
