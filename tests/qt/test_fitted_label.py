"""The status line's fitting: it fits, and the counts at its end are the last to go."""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QFontMetrics

from bpviewer.qt.fitted_label import SEPARATOR, first_give_way, widest_gives_way

WORD = st.text("abcdefgh₁₂,/δ∂E", min_size=1, max_size=8)
TITLE = st.lists(WORD, min_size=2, max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@example("E E EEEEE f /ff", 463, 0.0)  # a pixel over in CI: the parts' widths did not add up
@given(TITLE, st.integers(200, 700), st.sampled_from([0.0, 9.0, 10.5, 12.0, 15.5]))
def test_a_line_fits_and_keeps_its_ends(qapp, title, width, points):
    font = QFont()
    if points:
        font.setPointSizeF(points)
    metrics = QFontMetrics(font)
    parts = ["iteration 301", "forward", title, "step 10/246", "sample 1/20"]
    text = SEPARATOR.join(parts)
    shown = widest_gives_way(text, metrics, width)
    if metrics.horizontalAdvance(text) <= width:
        assert shown == text
        return
    assert metrics.horizontalAdvance(shown) <= max(width, 0) or shown in ("", "…")
    essential = SEPARATOR.join(parts[:2] + ["ab…"] + parts[3:])
    if metrics.horizontalAdvance(essential) <= width:
        assume(metrics.horizontalAdvance(title) > max(map(metrics.horizontalAdvance, parts[:2] + parts[3:])))
        kept = shown.split(SEPARATOR)
        assert kept[:2] + kept[3:] == parts[:2] + parts[3:]
        assert kept[2].startswith("…") and title.endswith(kept[2][1:])


@settings(max_examples=60, deadline=None)
@example(100, 10000, 275, 12.0)  # the step count cut though the last two parts fit (elidedText's fractions)
@given(st.integers(1, 99_999), st.integers(1, 99_999), st.integers(0, 500),
       st.sampled_from([0.0, 9.0, 10.5, 12.0, 15.5]))
def test_the_subtitle_keeps_its_step_count_longest(qapp, iteration, step, width, points):
    font = QFont()
    if points:
        font.setPointSizeF(points)
    metrics = QFontMetrics(font)
    parts = ["backward", f"iteration {iteration}", f"step {step}/99999"]
    text = "  " + SEPARATOR.join(parts)
    shown = first_give_way(text, metrics, width)
    assert metrics.horizontalAdvance(shown) <= width or shown in ("", "…")
    kept = shown.strip().split(SEPARATOR)
    for n in range(1, 4):  # the whole, or its last n parts whenever they fit
        tail = "  " + SEPARATOR.join(parts[-n:])
        if metrics.horizontalAdvance(tail) <= width:
            assert kept[-n:] == parts[-n:] and shown.startswith("  ")
