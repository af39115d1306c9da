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
    assert box.prompt.plain == "net_h1 = ?" and "4 decimals" in box.feedback.plain
    assert box.prompt.text() == "net<sub>h1</sub> = ?"  # typeset as the chain panel's
    net = torch.tensor([[0.15, 0.20], [0.25, 0.30]], dtype=torch.float64) @ torch.tensor(
        [0.05, 0.10], dtype=torch.float64) + 0.35
    out_h1 = torch.sigmoid(net[0]).item()

    def enter(text: str) -> str:
        qtbot.keyClicks(box.field, text)
        qtbot.keyClick(box.field, Qt.Key_Return)
        window.bridge.flush()
        return box.feedback.plain

    assert enter(f"{net[0].item():.4f}").startswith("✔")
    assert box.prompt.plain == "out_h1 = ?" and window.session.iteration == 0
    assert enter("0.5").endswith("out_h1 = σ(net_h1) = 1 / (1 + e^−net_h1)")
    assert box.field.text() == "0.5"  # kept for correcting
    box.field.clear()
    assert enter("0.6").endswith("= 1 / (1 + exp(−0.3775))")
    qtbot.keyClick(window, Qt.Key_F9)  # the teacher's reveal
    window.bridge.flush()
    assert box.feedback.plain == f"✘ the answer: out_h1 = σ(net_h1) = 1 / (1 + e^−net_h1) = " \
                                  f"1 / (1 + exp(−0.3775)) = {out_h1:.4f}"
    assert (window.session.iteration, window.session.step_index) == (1, 0)
    assert box.prompt.plain == "net_h2 = ?"
    assert window.practice.score.text() == "score 1/2 · streak 0"
    window.chain.browser.setFocus()
    qtbot.keyClick(window.chain.browser, Qt.Key_PageDown)  # the clicker's forward reveals too
    window.bridge.flush()
    assert box.prompt.plain == "out_h2 = ?" and box.feedback.plain.startswith("✘ the answer: net_h2")
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


def test_a_hint_belongs_to_the_question_asked_now(make_window, qtbot) -> None:
    """Right, wrong twice, reveal, then a hint left behind by a step back: the box never
    shows a hint about another quantity than the one it asks for."""
    window = make_window("mazur")
    window.chain.set_precision(4)
    box = window.practice.box
    qtbot.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    qtbot.waitUntil(box.field.hasFocus)

    def enter(text: str) -> None:
        box.field.clear()
        qtbot.keyClicks(box.field, text)
        qtbot.keyClick(box.field, Qt.Key_Return)
        window.bridge.flush()

    def asked() -> str:
        return box.prompt.plain.removesuffix(" = ?")

    enter("0.3775")  # right: net_h1
    assert asked() == "out_h1" and box.feedback.plain.startswith("✔ right: 0.3775")
    enter("0.1")
    assert box.feedback.plain.startswith(f"not yet. {asked()} = σ(net_h1)")
    enter("0.2")
    assert f"{asked()} = σ(net_h1)" in box.feedback.plain and "exp(−0.3775)" in box.feedback.plain
    qtbot.keyClick(window, Qt.Key_F9)
    window.bridge.flush()
    assert asked() == "net_h2" and box.feedback.plain.startswith("✘ the answer: out_h1")
    enter("9")  # a hint about net_h2 …
    assert box.feedback.plain.startswith("not yet. net_h2 =")
    qtbot.keyClick(window, Qt.Key_Left)  # … and the cursor steps back: h1 is asked again
    window.bridge.flush()
    assert asked() == "net_h1"
    assert "net_h2" not in box.feedback.plain and "4 decimals" in box.feedback.plain
