"""A long Go to shows progress with Cancel and keeps the window alive; Cancel keeps the work."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from bpviewer.qt import train_progress


def test_a_long_goto_shows_progress_repaints_and_cancels(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(train_progress, "SHOW_AFTER_MS", 0)
    window = make_window()
    ticks: list[int] = []
    heartbeat = QTimer(window)
    heartbeat.timeout.connect(lambda: ticks.append(len(window.session.history)))
    heartbeat.start(10)
    seen: list[QProgressDialog] = []

    def cancel_when_shown() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() + window.findChildren(QProgressDialog)
                   if isinstance(w, QProgressDialog) and w.isVisible()]
        # cancel only once the heartbeat saw the history grow a few times: a fast machine
        # passes 2,000 iterations within three chunks
        if dialogs and len(window.session.history) > 2000 and len(set(ticks)) > 3:
            seen.append(dialogs[0])
            dialogs[0].cancel()
        else:
            QTimer.singleShot(10, cancel_when_shown)

    QTimer.singleShot(0, cancel_when_shown)
    window.controls.spin.setValue(1_000_000)  # returns once cancelled
    heartbeat.stop()
    n = len(window.session.history)
    assert seen and 2000 < n < 1_000_000
    assert window.session.iteration == n and not window.session.training
    assert len(set(ticks)) > 3  # timers ran (and the history grew) while it trained
    qtbot.waitUntil(lambda: "cancelled" in window.message.text())
    window.controls.spin.setValue(n + 5)  # a short jump: no dialog, straight there
    assert window.session.iteration == n + 5
