"""File ▸ Export Handout writes core.handout's page for the cursor's iteration."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpviewer.core.handout import iteration_html


def test_html_handout_is_core_handout_for_the_cursor(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    window.session.goto(2, 5)
    path = tmp_path / "handout.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.commands["export_handout"].trigger()
    expected = iteration_html(window.session, 2, window.chain.precision)
    assert path.read_text(encoding="utf-8") == expected


def test_pdf_handout(make_window, tmp_path):
    window = make_window("xor")
    window.session.goto(1)
    path = tmp_path / "handout.pdf"
    assert window.export_handout_to(str(path))
    assert path.read_bytes().startswith(b"%PDF")


def test_no_handout_at_iteration_0_and_unwritable_path(make_window, tmp_path, monkeypatch):
    window = make_window()
    window.commands["export_handout"].trigger()
    assert "iteration 1" in window.message.text()
    window.session.goto(1)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert not window.export_handout_to(str(tmp_path / "missing" / "h.html"))
    assert len(warnings) == 1 and "\n" not in warnings[0] and "missing" in warnings[0]
    assert window.session.iteration == 1
