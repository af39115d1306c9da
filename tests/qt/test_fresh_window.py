"""A window lays itself out the same whatever an earlier window left in the application
(its font, style, palette): the graph's scale once depended on which test ran before."""

from __future__ import annotations

import gc
import json

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from bpviewer.core import presets
from bpviewer.qt.main_window import MainWindow
from bpviewer.qt.shot import render


def _labels(tmp_path, point_size: float) -> list:
    app = QApplication.instance()
    font = QFont(app.font())
    font.setPointSizeF(point_size)
    app.setFont(font)  # as a window zoomed to larger or smaller text leaves it
    out = tmp_path / f"{point_size}.json"
    render(presets.load("xor"), 1, 0, (1024, 768), tmp_path / "shot.png", None, out)
    report = json.loads(out.read_text())
    return [(label["param"], label["rect"], label["px"]) for label in report["labels"]]


def test_the_graph_does_not_depend_on_the_window_before(tmp_path):
    assert _labels(tmp_path, 7) == _labels(tmp_path, 20)


def test_a_render_leaves_no_window_behind(tmp_path):
    """No event loop runs in a render to delete its window: each one stayed, with its
    application-wide key filter, and a sweep's renders grew slower one after another
    (regression-losses at 1024×768: 0.5 s CPU the third render, 2.3 s the tenth)."""
    render(presets.load("mazur"), 0, 0, (1024, 768), tmp_path / "shot.png", None)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def test_a_closed_window_releases_its_menus_and_itself(tmp_path):
    """pyqtgraph makes each plot's menus parentless windows (~70 top-level widgets a
    window, ~12 MB): they outlived their window, and the Save-as-PNG action's handler in
    them kept the whole window and its Session alive, render after render."""
    gc.collect()
    widgets = len(QApplication.topLevelWidgets())
    windows = sum(type(o) is MainWindow for o in gc.get_objects())
    for _ in range(3):
        render(presets.load("mazur"), 0, 0, (1024, 768), tmp_path / "shot.png", None)
    gc.collect()
    assert len(QApplication.topLevelWidgets()) <= widgets
    assert sum(type(o) is MainWindow for o in gc.get_objects()) <= windows
