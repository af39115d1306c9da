"""Render the application icon from its hand-drawn SVG: `make icons` (or run this file).

bpviewer/resources/icons/bpviewer.svg is the source; this writes beside it
- bpviewer-N.png for N in SIZES, drawn by Qt's own SVG renderer (what the window shows),
- bpviewer.ico (Windows: 16..256) and bpviewer.icns (macOS: 16..512) packed by Pillow
  from those PNGs, for the PyInstaller bundle.
The outputs are committed, so neither the app nor CI needs Pillow (`make icons` installs it).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "bpviewer" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the .ico format stops at 256


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "bpviewer.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'bpviewer.svg'}", file=sys.stderr)
        return 1
    pngs = {}
    for size in SIZES:
        pngs[size] = ICONS / f"bpviewer-{size}.png"
        render(renderer, size).save(str(pngs[size]), "PNG")
    images = {size: Image.open(path).convert("RGBA") for size, path in pngs.items()}
    images[256].save(ICONS / "bpviewer.ico", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[images[s] for s in ICO_SIZES if s != 256])
    retina = QByteArray()
    render(renderer, 1024).save(QBuffer(retina), "PNG")  # 512@2x, for the .icns only
    Image.open(io.BytesIO(retina.data())).save(
        ICONS / "bpviewer.icns", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    print(f"wrote {len(pngs)} PNGs, bpviewer.ico and bpviewer.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
