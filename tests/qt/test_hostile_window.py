"""The hostile files in the window: File ▸ Open, Open Lesson and the Playground import each
show one line, leave the open network (and its position) as it was and start no lesson."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from bpviewer.core import lesson, presets
from bpviewer.core import spec as spec_mod
from bpviewer.qt.playground_dialog import PlaygroundDialog

MAZUR = json.dumps(presets.load("mazur").to_dict())
NETWORKS = {
    "huge-float": MAZUR.replace('"lr": 0.5', '"lr": 1' + "0" * 400).encode(),
    "huge-int": MAZUR.replace('"lr": 0.5', '"lr": 1' + "0" * 5000).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "duplicate": MAZUR.replace('{"format"', '{"name": "x", "format"', 1).encode(),
    "bad-init": json.dumps({**{k: v for k, v in json.loads(MAZUR).items()
                               if k not in ("weights", "biases")},
                            "init": {"scheme": "uniform", "a": 2, "b": 1}}).encode(),
    "wide": MAZUR.replace('"layers": [2, 2, 2]', '"layers": [2, 100000000, 2]').encode(),
    "latin-1": MAZUR.replace("Mazur", "Maz\u00e9r").encode("latin-1"),
    "surrogate": MAZUR.replace('"Mazur', '"\\ud800').encode(),
    "dev-zero-csv": json.dumps({**json.loads(MAZUR),
                                "data": {"csv": "/dev/zero", "targets": ["a"]}}).encode(),
}


def one_line(shown: list[str]) -> str:
    assert len(shown) == 1 and "\n" not in shown[0], shown
    return shown[0]


def test_file_open_shows_one_line_and_keeps_the_network(make_window, tmp_path, monkeypatch,
                                                        warnings_shown):
    """One window for every case: a refused file must leave it exactly as the next one finds it."""
    window = make_window("xor")
    window.session.goto(3)
    spec = window.session.spec
    chosen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen[-1]), ""))
    for case in [*sorted(NETWORKS), "folder"]:
        path = tmp_path / case / "net.json"
        path.parent.mkdir()
        path.mkdir() if case == "folder" else path.write_bytes(NETWORKS[case])
        chosen.append(path)
        window.commands["open"].trigger()
        assert str(path) in one_line(warnings_shown), case
        assert window.session.spec is spec and window.session.iteration == 3, case
        assert window.files.path == "", case
        warnings_shown.clear()


LESSON = {"format": lesson.FORMAT, "title": "T",
          "slides": [{"preset": "mazur", "notes": "a"}, {"goto": [1, 0], "notes": "b"}]}


def hostile_lesson(case: str) -> bytes:
    def slide(**changes) -> bytes:
        raw = json.loads(json.dumps(LESSON))
        raw["slides"][1].update(changes)
        return json.dumps(raw).encode()

    return {
        "unknown-preset": slide(preset="nope"),
        "unknown-lab": slide(lab="Quantum"),
        "lab-not-text": slide(lab=["Optimizer race"]),
        "title-not-text": json.dumps({**LESSON, "title": {"en": "T"}}).encode(),
        "slide-title-not-text": slide(title=7),
        "goto-too-far": slide(goto=[3_000_000, 0]),
        "goto-true": slide(goto=[True, 0]),
        "latin-1": slide(notes="caf\u00e9").decode().replace("\\u00e9", "\u00e9").encode("latin-1"),
        "deep": b'{"format": "bpviewer-lesson/1", "slides": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "huge-number": slide(run=1).replace(b'"run": 1', b'"run": 1' + b"0" * 5000),
    }[case]


def test_a_hostile_lesson_is_one_line_and_starts_nothing(make_window, tmp_path, warnings_shown):
    window = make_window("xor")
    window.session.goto(2)
    spec = window.session.spec
    for case in ["unknown-preset", "unknown-lab", "lab-not-text", "title-not-text",
                 "slide-title-not-text", "goto-too-far", "goto-true", "latin-1", "deep",
                 "huge-number", "folder"]:
        path = tmp_path / case / "lesson.json"
        path.parent.mkdir()
        path.mkdir() if case == "folder" else path.write_bytes(hostile_lesson(case))
        assert not window.open_lesson_path(str(path)), case
        assert str(path) in one_line(warnings_shown), case
        assert window.session.spec is spec and window.session.iteration == 2, case
        assert not window.lesson.active and not window.lesson_dock.isVisible(), case
        warnings_shown.clear()


def test_the_lesson_loader_knows_every_lab_of_the_window():
    from bpviewer.qt.labs import LABS

    assert tuple(lab.title for lab in LABS) == lesson.LAB_TITLES


GOOD = "#activation=tanh&dataset=circle&networkShape=4,2&x=true&y=true"


@pytest.mark.parametrize("bad", ["batchSize=nan", "networkShape=1000", "networkShape=100000,100000",
                                 "networkShape=1,1,1,1,1,1,1", "noise=1e308"])
def test_a_bad_playground_link_after_a_good_one_disables_ok(qtbot, bad):
    dialog = PlaygroundDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    dialog.link.setText(GOOD)
    assert ok.isEnabled() and dialog.spec is not None
    dialog.link.setText(f"{GOOD}&{bad}")
    assert not ok.isEnabled() and dialog.spec is None
    assert dialog.error.text().startswith("playground link: ") and "\n" not in dialog.error.text()


def test_saving_through_a_symlink_keeps_link_and_mode(make_window, tmp_path, warnings_shown):
    real = tmp_path / "real.json"
    spec_mod.save(presets.load("mazur"), real)
    os.chmod(real, 0o664)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    window = make_window("mazur")
    assert window.files.open_path(link)
    window.session.set_param(0, 0.125)
    assert window.files.save() and warnings_shown == []
    assert link.is_symlink() and os.stat(real).st_mode & 0o777 == 0o664
    assert spec_mod.load(real).weights[0][0][0] == 0.125


def test_saving_over_a_folder_is_one_line(make_window, tmp_path, monkeypatch, warnings_shown):
    target = tmp_path / "net.json"
    target.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = make_window("mazur")
    assert not window.files.save_as()
    assert one_line(warnings_shown) == f"{target}: is a folder; refusing to replace it"
    assert target.is_dir()
