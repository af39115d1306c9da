"""The application's identity: the icon (its PNGs are the SVG as Qt draws it), the names
that place the settings, and an About box that tells the versions actually in use — read
without the Qt side importing torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QMessageBox

from bpviewer import __version__
from bpviewer.qt.identity import app_icon, identify

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "bpviewer" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4).copy()


@pytest.mark.parametrize("size", [16, 48, 256])
def test_each_png_is_the_svg_drawn_at_its_size(qapp, size) -> None:
    drawn = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
    drawn.fill(Qt.transparent)
    painter = QPainter(drawn)
    painter.setRenderHint(QPainter.Antialiasing)
    QSvgRenderer(str(ICONS / "bpviewer.svg")).render(painter)
    painter.end()
    difference = np.abs(pixels(drawn).astype(int) - pixels(QImage(str(ICONS / f"bpviewer-{size}.png"))))
    assert difference.mean() < 1.0, "run `make icons` after editing bpviewer.svg"


def test_the_ico_and_icns_files_hold_the_icon_sizes() -> None:
    ico = (ICONS / "bpviewer.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0"
    count = int.from_bytes(ico[4:6], "little")
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == {16, 24, 32, 48, 64, 128, 256}
    icns = (ICONS / "bpviewer.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    for kind in (b"ic07", b"ic08", b"ic09", b"ic10"):  # 128, 256, 512, 512@2x
        assert kind in icns


def test_the_application_icon_has_every_size_and_names_the_settings(qapp) -> None:
    assert sorted(s.width() for s in app_icon().availableSizes()) == list(SIZES)
    identify(qapp)
    assert qapp.windowIcon().availableSizes() == app_icon().availableSizes()
    assert (qapp.organizationName(), qapp.applicationName()) == ("bpviewer", "bpviewer")
    assert qapp.applicationVersion() == __version__
    assert QApplication.desktopFileName() == "bpviewer"


def test_about_tells_version_licence_and_libraries(make_window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    make_window().commands["about"].trigger()
    (text,) = shown
    assert '\nlicense = "MIT"\n' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    for expected in (f"bpviewer {__version__}", "MIT", torch.__version__, qVersion(),
                     f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"):
        assert expected in text


def test_reading_the_versions_does_not_import_torch() -> None:
    code = ("import sys; from bpviewer.qt.identity import versions; v = dict(versions()); "
            "print(v['PyTorch'], 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == [torch.__version__, "False"], done.stderr
