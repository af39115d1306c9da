"""File ▸ Export Handout: the cursor's iteration as core.handout's self-contained HTML,
or as PDF printed by Qt from the same HTML (the inline SVG diagram is drawn into an
image first, because QTextDocument does not render SVG).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from ..core.handout import iteration_html
from ..core.session import Session

DIAGRAM_URL = "bpviewer-diagram.png"
DIAGRAM_SCALE = 2
_APP: QApplication | None = None
_SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)


def handout_html(session: Session, precision: int) -> str:
    """The handout of the cursor's iteration (ValueError at iteration 0)."""
    return iteration_html(session, session.iteration, precision)


def write_handout(session: Session, path: str | os.PathLike, precision: int) -> None:
    """HTML, or PDF when the name ends in .pdf. Raises ValueError (nothing to hand out)
    or OSError (the file cannot be written)."""
    page = handout_html(session, precision)
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        write_pdf(page, path)
        return
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise OSError(f"{path}: {err.strerror or 'cannot write the file'}") from None


def pdf_writer() -> Callable[[str, Path], None]:
    """`write_pdf` with a QApplication made if none runs (the command line has none)."""
    global _APP
    if QApplication.instance() is None:
        _APP = QApplication(["bpviewer", "-platform", "offscreen"])
    return write_pdf


def _diagram(svg: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size: QSize = renderer.defaultSize() * DIAGRAM_SCALE
    image = QImage(size, QImage.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def document(page: str) -> QTextDocument:
    """The page as Qt lays it out for print (the SVG diagram drawn into an image)."""
    document = QTextDocument()
    match = _SVG.search(page)
    if match:
        image = _diagram(match.group(0))
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(DIAGRAM_URL), image)
        width = image.width() // DIAGRAM_SCALE
        page = (page[: match.start()] + f'<p><img src="{DIAGRAM_URL}" width="{width}"></p>'
                + page[match.end():])
    document.setHtml(page)
    return document


def write_pdf(page: str, path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setOutputFileName(str(path))
    path.unlink(missing_ok=True)
    document(page).print_(printer)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"{path}: cannot write the file")
