"""Practice mode driven by keys only: right, wrong twice (hints), the teacher's reveal, leave."""

from __future__ import annotations

import torch
from PySide6.QtCore import Qt


def test_practice_by_keys(make_window, qtbot) -> None:
    window = make_window("mazur")
    window.chain.set_precision(4)
    box = window.practice.box
    qtbot.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    assert box.isVisible() and window.practice.score.isVisible()
    qtbot.waitUntil(box.field.hasFocus)
    assert box.prompt.text() == "net_h1 = ?" and "4 decimals" in box.feedback.text()
    net = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=torch.float64) @ torch.tensor(
        [0.05, 0.10], dtype=torch.float64) + 0.35
    out_h1 = torch.sigmoid(net[0]).item()

    def enter(text: str) -> str:
        qtbot.keyClicks(box.field, text)
        qtbot.keyClick(box.field, Qt.Key_Return)
        window.bridge.flush()
        return box.feedback.text()

    assert enter(f"{net[0].item():.4f}").startswith("✔")
    assert box.prompt.text() == "out_h1 = ?" and window.session.iteration == 0
    assert enter("0.5").endswith("out_h1 = σ(net_h1) = 1 / (1 + e^−net_h1)")
    assert box.field.text() == "0.5"  # kept for correcting
    box.field.clear()
    assert enter("0.6").endswith("= 1 / (1 + exp(−0.3775))")
    qtbot.keyClick(window, Qt.Key_F9)  # the teacher's reveal
    window.bridge.flush()
    assert box.feedback.text() == f"✘ the answer: out_h1 = σ(net_h1) = 1 / (1 + e^−net_h1) = " \
                                  f"1 / (1 + exp(−0.3775)) = {out_h1:.4f}"
    assert (window.session.iteration, window.session.step_index) == (1, 0)
    assert box.prompt.text() == "net_h2 = ?"
    assert window.practice.score.text() == "score 1/2 · streak 0"
    window.chain.browser.setFocus()
    qtbot.keyClick(window.chain.browser, Qt.Key_PageDown)  # the clicker's forward reveals too
    window.bridge.flush()
    assert box.prompt.text() == "out_h2 = ?" and box.feedback.text().startswith("✘ the answer: net_h2")
    qtbot.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    assert not box.isVisible() and not window.practice.active
    qtbot.keyClick(window, Qt.Key_Right)
    window.bridge.flush()
    assert (window.session.iteration, window.session.step_index) == (1, 1)


def test_the_score_is_remembered_per_network_and_welcomes_back(make_window, qtbot) -> None:
    window = make_window("mazur")
    window.chain.set_precision(4)
    qtbot.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    box = window.practice.box
    qtbot.keyClicks(box.field, "0.3775")
    qtbot.keyClick(box.field, Qt.Key_Return)
    qtbot.keyClick(window, Qt.Key_F9)
    assert window.practice.score.text() == "score 1/2 · streak 0"
    again = make_window("mazur")
    dialog = again.show_welcome()
    assert f"{window.session.spec.name} 1/2" in dialog.progress.text()
    dialog.reject()
    again.commands["practice"].trigger()
    assert again.practice.score.text() == "score 1/2 · streak 0"
