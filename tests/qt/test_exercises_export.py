"""File ▸ Export Exercises writes HTML and PDF per variant; a refusal is one message box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from bpviewer.core import presets


def test_export_exercises_from_the_window(make_window, tmp_path, monkeypatch) -> None:
    window = make_window("mazur")
    assert window.commands["export_exercises"].text() == "Export E&xercises…"
    from bpviewer.qt.exercises_export import export_exercises_to

    assert export_exercises_to(window, window.session.current_spec(), tmp_path / "out", 1, 3)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "key-1.html", "key-1.pdf", "network-1.json", "sheet-1.html", "sheet-1.pdf"]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert not export_exercises_to(window, presets.load("phone-price-mini"), tmp_path / "big", 1, 0)
    assert len(warnings) == 1 and "at most 60" in warnings[0] and not (tmp_path / "big").exists()


def test_the_export_speaks_the_interface_language(make_window, tmp_path) -> None:
    from bpviewer.qt import i18n
    from bpviewer.qt.exercises_export import export_exercises_to

    window = make_window("mazur")
    i18n.install(i18n.CHINESE)
    try:
        assert export_exercises_to(window, window.session.current_spec(), tmp_path / "zh", 1, 3)
    finally:
        i18n.install(i18n.ENGLISH)
    sheet = (tmp_path / "zh" / "sheet-1.html").read_text(encoding="utf-8")
    assert "练习" in sheet and "前向传播" in sheet and "Forward" not in sheet
