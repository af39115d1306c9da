"""Every control a newcomer can point at explains itself."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QMenuBar,
    QSlider,
    QTabBar,
    QWidget,
)

from bpviewer.qt.actions import ACTIONS
from bpviewer.qt.labs import LABS

CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QSlider)  # incl. QCheckBox, QSpinBox


def _qt_internal(widget: QWidget) -> bool:
    """Buttons Qt makes for itself: dock title buttons, table corners, scroll arrows."""
    return (type(widget) is QAbstractButton or widget.objectName().startswith("qt_")
            or isinstance(widget.parentWidget(), QTabBar | QMenuBar))


def _describe(widget: QWidget) -> str:
    path, parent = [], widget
    while parent is not None:
        path.append(type(parent).__name__)
        parent = parent.parentWidget()
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{' < '.join(path)} {text!r}"


def test_every_control_has_a_tooltip(make_window, current_lab):
    window = make_window()
    window.add_lab_tabs()
    for index in range(1, window.tabs.count()):
        window.tabs.setCurrentIndex(index)  # builds each lab
        current_lab(window)
    window.tabs.setCurrentIndex(0)
    assert len(window.tabs.findChildren(QWidget)) > 100 and len(LABS) > 0
    missing = [_describe(w) for w in window.findChildren(QWidget)
               if isinstance(w, CONTROLS) and not _qt_internal(w)
               and not (w.toolTip() or w.statusTip())]
    assert missing == []


def test_every_registered_action_has_its_own_tooltip(make_window):
    window = make_window()
    for spec in ACTIONS:
        action = window.commands[spec.id]
        assert action.toolTip() and action.toolTip() != action.text().replace("&", ""), spec.id
