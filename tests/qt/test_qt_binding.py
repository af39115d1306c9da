"""The installed Qt binding keeps reference counts straight (PySide6 6.12.0 on Python
3.11 does not: every void call drops a reference to None until the interpreter aborts)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QLabel


def test_void_calls_and_signal_blockers_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(3000):
        with QSignalBlocker(label):
            label.setText(str(i))
    assert abs(sys.getrefcount(None) - before) < 100
