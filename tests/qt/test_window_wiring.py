"""The window's follow-ups: File ▸ Open Recent, editing a weight from the parameters
table, exporting the table shown and the plots from the File menu."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QDialog, QFileDialog

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.qt.editing import ParamDialog


def test_open_recent_lists_saved_networks_and_opens_one(make_window, tmp_path, monkeypatch):
    window = make_window()
    path = tmp_path / "xor.json"
    spec_mod.save(presets.load("xor"), path)
    assert window.files.open_path(path)
    window.edits.load_preset("mazur")
    menu = window.commands["open_recent"].menu()
    assert menu is window.recent_menu and window.commands["open_recent"] in \
        window.menus["&File"].actions()
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.isEnabled()]
    assert [a.text() for a in entries] == ["xor.json"]
    entries[0].trigger()
    assert window.session.spec.layers == presets.load("xor").layers
    assert window.files.path == str(path)


def test_open_recent_says_when_there_is_none(make_window):
    window = make_window()
    window.recent_menu.aboutToShow.emit()
    assert [a.isEnabled() for a in window.recent_menu.actions()] == [False]


def test_double_clicking_a_parameter_value_edits_it_undoably(make_window, monkeypatch):
    window = make_window()

    def typed(dialog: ParamDialog) -> int:
        dialog.edit.setText("0.25")
        return QDialog.Accepted

    monkeypatch.setattr(ParamDialog, "exec", typed)
    table = window.tables.parameters
    table.refresh()
    model = table.model()
    w5 = window.session.params.ref("weight", 2, 1, 1).index
    row = model.table.param_indices.index(w5)
    column = model.table.columns.index("value")
    table.doubleClicked.emit(model.index(row, column))
    assert window.session.history.params_at(0)[w5] == 0.25
    window.commands["undo"].trigger()
    assert window.session.history.params_at(0)[w5] == 0.4


def test_table_and_plots_export_from_the_file_menu(make_window, tmp_path, monkeypatch):
    window = make_window()
    window.session.run(3)
    window.bridge.flush()
    targets = iter([str(tmp_path / "forward.csv"), str(tmp_path / "plots.png")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(targets), ""))
    window.commands["export_table"].trigger()
    window.commands["export_plots"].trigger()
    with open(tmp_path / "forward.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["iteration"] == "3"
    assert (tmp_path / "plots.png").read_bytes()[:4] == b"\x89PNG"


def test_the_labs_arrive_after_the_window_is_shown(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.tabs.count() > 1, timeout=60_000)
    assert window.tabs.currentIndex() == 0


def test_docks_behind_another_tab_skip_their_refresh(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: not window.plots.isVisible())
    assert window.tables.isVisible()
    window.session.run(5)
    window.bridge.flush()
    plots_dock = window.plots.parentWidget().parentWidget()
    plots_dock.raise_()
    qtbot.waitUntil(window.plots.isVisible)
    assert not window.tables.isVisible()
    assert window.dockWidgetArea(plots_dock) == window.dockWidgetArea(window._right_dock)
