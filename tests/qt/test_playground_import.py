"""File ▸ Import Playground Link…: a good link replaces the network (undoably), a bad one
is refused with core's one-line reason and the network stays as it was."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from bpviewer.core.errors import SpecError
from bpviewer.core.playground import import_link
from bpviewer.qt.playground_dialog import PlaygroundDialog

LINK = ("https://playground.tensorflow.org/#activation=relu&batchSize=10&dataset=xor"
        "&regDataset=reg-plane&learningRate=0.03&regularizationRate=0.001&noise=20"
        "&networkShape=6,3&seed=0.5&showTestData=false&discretize=false&percTrainData=70"
        "&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&cosX=false&sinX=true"
        "&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false"
        "&hideText=false&regularization=L1")


def ok_enabled(dialog: PlaygroundDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()


def test_a_good_link_gives_core_s_network(qtbot):
    dialog = PlaygroundDialog()
    qtbot.addWidget(dialog)
    assert not ok_enabled(dialog) and dialog.error.text() == ""  # nothing typed yet
    dialog.link.setText(LINK)
    assert ok_enabled(dialog) and dialog.error.text() == ""
    assert dialog.spec == import_link(LINK)
    assert dialog.spec.layers == (4, 6, 3, 1) and "xor" in dialog.summary.text()


@pytest.mark.parametrize("link", ["https://playground.tensorflow.org/", "#activation=swish",
                                  "#bogus=1&dataset=xor", "#networkShape=4,x", "#noise"])
def test_a_bad_link_is_refused_with_core_s_line(qtbot, link):
    dialog = PlaygroundDialog()
    qtbot.addWidget(dialog)
    dialog.link.setText(link)
    with pytest.raises(SpecError) as err:
        import_link(link)
    assert dialog.error.text() == err.value.line() and "\n" not in dialog.error.text()
    assert not ok_enabled(dialog) and dialog.spec is None


def test_the_file_menu_action_replaces_the_network_undoably(make_window, monkeypatch):
    window = make_window("mazur")
    before = window.session.current_spec()
    assert window.commands["import_playground"] in window.menus["&File"].actions()

    def paste(dialog):
        dialog.link.setText(LINK)
        return QDialog.Accepted

    monkeypatch.setattr(PlaygroundDialog, "exec", paste)
    window.commands["import_playground"].trigger()
    window.bridge.flush()
    assert window.session.spec == import_link(LINK)
    assert window.session.dataset.has_test and window.files.path == ""
    window.commands["undo"].trigger()
    window.bridge.flush()
    assert window.session.current_spec() == before


def test_a_cancelled_or_bad_link_leaves_the_network_alone(make_window, monkeypatch):
    window = make_window("mazur")
    before = window.session.current_spec()

    def paste_bad(dialog):
        dialog.link.setText("#dataset=moons")
        return QDialog.Accepted if dialog.spec is not None else QDialog.Rejected

    monkeypatch.setattr(PlaygroundDialog, "exec", paste_bad)
    window.commands["import_playground"].trigger()
    assert window.session.current_spec() == before and window.undo_stack.count() == 0
