"""FileController: open refuses bad files without harm, save round-trips, recent files, export."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QMessageBox,
    QWidget,
)

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session
from bpviewer.qt.bridge import SessionBridge
from bpviewer.qt.files import MAX_RECENT, FileController


@pytest.fixture
def files(qtbot, tmp_path, warnings_shown):
    window = QWidget()
    qtbot.addWidget(window)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    bridge = SessionBridge(Session(presets.load("mazur")))
    return FileController(bridge, window, settings, QUndoStack(window))


@pytest.fixture
def mazur_file(tmp_path):
    path = tmp_path / "mazur.json"
    spec_mod.save(presets.load("mazur"), path)
    return path


def edit(files: FileController) -> None:
    files.bridge.session.set_param(0, 0.1 + 0.2)
    files.bridge.flush()


def answer_save_as(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


@pytest.mark.parametrize(("text", "field"), [
    ("{ not json", "not valid JSON"),
    (json.dumps({**presets.load("mazur").to_dict(), "layers": [2, 3, 2]}), "weights[0]"),
])
def test_bad_file_is_refused_naming_it_and_the_network_stays(files, tmp_path, warnings_shown,
                                                             text, field):
    bad = tmp_path / "broken.json"
    bad.write_text(text, encoding="utf-8")
    before = files.bridge.session.current_spec().to_dict()
    assert not files.open_path(bad)
    assert str(bad) in warnings_shown[0] and field in warnings_shown[0]
    assert files.bridge.session.current_spec().to_dict() == before
    assert files.path == "" and files.recent_files() == []


def _mazur_text(**changes) -> str:
    return json.dumps({**presets.load("mazur").to_dict(), **changes})


def _hostile(tmp_path, kind: str):
    """A damaged network file (or what stands in its place) of each kind File ▸ Open meets."""
    path = tmp_path / "hostile.json"
    texts = {
        "nan": _mazur_text(seed=0).replace('"seed": 0', '"seed": NaN'),
        "duplicate key": _mazur_text().replace('{"format"', '{"seed": 1, "seed": 2, "format"', 1),
        "deep": _mazur_text(seed=0).replace('"seed": 0', '"seed": ' + "[" * 40 + "]" * 40),
        "huge": _mazur_text(seed=0).replace('"seed": 0', '"seed": 1' + "0" * 500),
        "negative": _mazur_text(layers=[2, -2, 2]),
        "wrong type": _mazur_text(loss=["mse"]),
        "surrogate": _mazur_text(loss="\ud800"),
        "damaged csv": _mazur_text(data={"csv": "d.csv", "inputs": ["x1", "x2"], "targets": ["t1", "t2"]}),
    }
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "utf-16":
        path.write_bytes(b"\xff\xfe" + _mazur_text().encode("utf-16-le"))  # Notepad's "Unicode"
    else:
        (tmp_path / "d.csv").write_text("x1,x2,t1,t2\n0.05,0_1,0.01,0.99\n", encoding="utf-8")
        path.write_text(texts[kind], encoding="utf-8")
    return path


#: how each kind of damage is said, at the end of its line
SAID = {
    "nan": "seed: expected an integer, got NaN",
    "duplicate key": "seed: appears twice (which one is meant?)",
    "deep": "nested deeper than 32 levels",
    "huge": "seed: expected an integer, got a 501-digit number",
    "negative": "layers[1]: must be at least 1, got -2",
    "wrong type": "expected one of sse_half, mse, mae, smooth_l1, bce, cross_entropy",
    "surrogate": "loss: text with an unpaired surrogate '\\ud800' cannot be saved as UTF-8",
    "damaged csv": "d.csv line 2, column 'x2': \"0_1\" is not a finite number",
    "folder": "is a folder",
    "utf-16": "UTF-16 or UTF-32 text (byte 0xff at offset 0); save it as UTF-8",
    "pipe": "is not a regular file",
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["nan", "duplicate key", "deep", "huge", "negative", "wrong type",
                                  "surrogate", "damaged csv", "folder", "utf-16",
                                  pytest.param("pipe", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"),
                                                                                reason="no named pipes"))])
def test_a_hostile_file_is_one_line_and_the_open_network_stays(files, tmp_path, warnings_shown, kind):
    """Through the window's own File ▸ Open (FileController.open_path): one box of one line
    naming the file, and the network, its position and its history as they were."""
    session = files.bridge.session
    session.run(3)
    session.goto(2, 4)
    before = (session.current_spec().to_dict(), session.iteration, session.step_index, len(session.history))
    path = _hostile(tmp_path, kind)
    assert not files.open_path(path)
    assert len(warnings_shown) == 1 and str(path) in warnings_shown[0] and "\n" not in warnings_shown[0]
    assert "Traceback" not in warnings_shown[0]
    assert warnings_shown[0].endswith(SAID[kind])
    assert (session.current_spec().to_dict(), session.iteration, session.step_index,
            len(session.history)) == before
    assert files.path == "" and files.recent_files() == []


def test_open_loads_sets_path_and_clears_the_undo_stack(files, mazur_file, qtbot, monkeypatch):
    files.undo_stack.push(QUndoCommand("an edit of the previous network"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(mazur_file), ""))
    with qtbot.waitSignal(files.pathChanged) as changed:
        assert files.open()
    assert changed.args == [str(mazur_file)]
    assert files.undo_stack.count() == 0
    assert not files.modified


def test_edits_mark_modified_and_save_clears_it(files, mazur_file, qtbot):
    files.open_path(mazur_file)
    with qtbot.waitSignal(files.modifiedChanged) as changed:
        edit(files)
    assert changed.args == [True] and files.modified
    assert files.save()
    assert not files.modified


def test_save_then_load_round_trips_bit_for_bit(files, tmp_path, monkeypatch):
    files.bridge.session.run(3)
    edit(files)
    target = tmp_path / "trained"
    answer_save_as(monkeypatch, target)
    assert files.save()  # no path yet: asks, and adds the extension
    assert files.path == str(tmp_path / "trained.json")
    loaded = spec_mod.load(files.path)
    assert loaded.to_dict() == files.bridge.session.current_spec().to_dict()


def test_atomic_save_leaves_no_temporary_files(files, tmp_path, warnings_shown, monkeypatch):
    answer_save_as(monkeypatch, tmp_path / "net.json")
    assert files.save_as()
    assert files.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json"]
    answer_save_as(monkeypatch, tmp_path / "missing" / "net.json")
    assert not files.save_as()
    assert "missing" in warnings_shown[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json"]


def test_csv_path_stays_relative_to_the_saved_file(files, tmp_path, monkeypatch):
    source = tmp_path / "a"
    source.mkdir()
    (source / "pts.csv").write_text("x1,x2,t1,t2\n0.1,0.2,0,1\n", encoding="utf-8")
    spec = presets.load("mazur").to_dict() | {"data": {"csv": "pts.csv", "targets": ["t1", "t2"]}}
    (source / "net.json").write_text(json.dumps(spec), encoding="utf-8")
    assert files.open_path(source / "net.json")
    (tmp_path / "b").mkdir()
    answer_save_as(monkeypatch, tmp_path / "b" / "net.json")
    assert files.save_as()
    assert spec_mod.load(tmp_path / "b" / "net.json").data["csv"] == "../a/pts.csv"


def test_recent_files_most_recent_first_capped_and_pruned(files, tmp_path):
    paths = []
    for i in range(MAX_RECENT + 2):
        paths.append(tmp_path / f"n{i}.json")
        spec_mod.save(presets.load("mazur"), paths[-1])
        files.open_path(paths[-1])
    files.open_path(paths[3])
    expected = [paths[3]] + [p for p in reversed(paths) if p != paths[3]][:MAX_RECENT - 1]
    assert files.recent_files() == [str(p) for p in expected]
    expected[1].unlink()
    assert str(expected[1]) not in files.recent_files()


@pytest.mark.parametrize(("answer", "keeps_going", "still_modified"), [
    (QMessageBox.Cancel, False, True),
    (QMessageBox.Discard, True, True),
    (QMessageBox.Save, True, False),
])
def test_maybe_save(files, mazur_file, monkeypatch, answer, keeps_going, still_modified):
    assert files.maybe_save()  # nothing to save: no question asked
    files.open_path(mazur_file)
    edit(files)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: answer)
    assert files.maybe_save() is keeps_going
    assert files.modified is still_modified


def test_forget_path_makes_save_ask(files, mazur_file, tmp_path, monkeypatch):
    files.open_path(mazur_file)
    files.forget_path()
    assert files.path == ""
    answer_save_as(monkeypatch, "")
    assert not files.save()  # the dialog was cancelled: the old file is not overwritten


@pytest.fixture
def view(qtbot):
    graphics = QGraphicsView()
    qtbot.addWidget(graphics)
    scene = QGraphicsScene(0, 0, 200, 100, graphics)  # owned by the view, as in the window
    scene.addEllipse(20, 20, 60, 60)
    scene.addText("w5 = 0.4")
    graphics.setScene(scene)
    return graphics


def test_export_png_at_twice_the_scene_size(files, view, tmp_path):
    assert files.export_graph_to(view, tmp_path / "graph.png")
    image = QImage(str(tmp_path / "graph.png"))
    assert (image.width(), image.height()) == (400, 200)


def test_export_svg_and_extension_from_the_chosen_filter(files, view, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "graph"), "SVG drawing (*.svg)"))
    assert files.export_graph(view)
    assert "<svg" in (tmp_path / "graph.svg").read_text(encoding="utf-8")


def test_export_refuses_unknown_extensions(files, view, tmp_path, warnings_shown):
    assert not files.export_graph_to(view, tmp_path / "graph.bmp")
    assert ".png or .svg" in warnings_shown[0]


@pytest.mark.parametrize("name", ["graph.png", "graph.svg"])
def test_export_refuses_a_pipe_or_a_folder_with_one_line(files, view, tmp_path, warnings_shown, name):
    """QImage.save waited on a pipe chosen in the dialog: the window hung."""
    os.mkfifo(tmp_path / name)
    (tmp_path / "folder.png").mkdir()
    assert not files.export_graph_to(view, tmp_path / name)
    assert not files.export_graph_to(view, tmp_path / "folder.png")
    assert len(warnings_shown) == 2 and all("\n" not in w for w in warnings_shown)
    assert "not a regular file" in warnings_shown[0] and "folder" in warnings_shown[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.png", name]  # nothing left beside
