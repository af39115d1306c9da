"""A text box's width is measured once per pattern of its numbers (their digits as 0) where
the font allows it, and is always what the font's metrics say of the text itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont

from bpviewer.qt import graph_items


class Metrics:
    """A font's metrics: each character's advance, plus a kerning adjustment per pair;
    what it measured, in order."""

    def __init__(self, advances: dict[str, float], kerning: dict[str, float] | None = None) -> None:
        self.advances, self.kerning, self.measured = advances, kerning or {}, []

    def horizontalAdvance(self, text: str) -> float:  # noqa: N802 - Qt's name
        self.measured.append(text)
        return sum(self.advances.get(c, 7.0) for c in text) + sum(
            self.kerning.get(text[i:i + 2], 0.0) for i in range(len(text) - 1))


DIGITS = "0123456789"


@pytest.fixture
def widths(qapp, monkeypatch):
    """_widths of a font of these metrics, with nothing measured before."""
    monkeypatch.setattr(graph_items, "_WIDTH_CACHES", {})
    return lambda metrics: graph_items._widths(QFont(), metrics)


def test_a_new_number_of_a_pattern_measured_before_is_not_measured(widths):
    metrics = Metrics(dict.fromkeys(DIGITS, 10.0))
    width = widths(metrics)
    assert width("out 0.731942") == metrics.horizontalAdvance("out 0.731942")
    metrics.measured.clear()
    assert width("out 0.264801") == metrics.horizontalAdvance("out 0.264801")
    assert metrics.measured == ["out 0.264801"]  # the test's own call only


def test_a_font_whose_digits_differ_measures_each_number(widths):
    metrics = Metrics({**dict.fromkeys(DIGITS, 10.0), "1": 6.0})
    width = widths(metrics)
    assert [width(t) for t in ("0.10", "0.11", "0.00")] == [33.0, 29.0, 37.0]


def test_a_character_kerning_with_a_digit_keeps_its_texts_apart(widths):
    metrics = Metrics(dict.fromkeys(DIGITS, 10.0), {"T7": -2.0, "4.": -1.5})
    width = widths(metrics)
    assert [width(t) for t in ("T0 0.5", "T7 0.5", "x 0.5", "x 4.5")] == [51.0, 49.0, 41.0, 39.5]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(DIGITS + "ab.−"), st.sampled_from([6.0, 10.0]), max_size=4),
       st.dictionaries(st.text("0123ab.−", min_size=2, max_size=2), st.sampled_from([-1.0, 0.5]),
                       max_size=3),
       st.lists(st.text("0123456789ab.− ", max_size=8), min_size=1, max_size=30))
def test_every_width_is_the_fonts_for_the_text_itself(qapp, advances, kerning, texts):
    kept = graph_items._WIDTH_CACHES
    graph_items._WIDTH_CACHES = {}
    try:
        metrics = Metrics({**dict.fromkeys(DIGITS, 10.0), **advances}, kerning)
        width = graph_items._widths(QFont(), metrics)
        for text in texts + texts[::-1]:
            assert width(text) == metrics.horizontalAdvance(text)
    finally:
        graph_items._WIDTH_CACHES = kept
