"""Light, dark and presenter looks, and the text zoom, for a room full of students.

One `Theme` value decides the palette, the application font and the colours the
network view and the chain-rule panel draw with, so every widget agrees.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QTabBar, QWidget

BASE_PT = 12.0
PRESENTER_SCALE = 1.35
ZOOM_STEP = 1.15
ZOOM_LIMITS = (0.6, 3.0)


@dataclass(frozen=True)
class Colors:
    """Okabe–Ito hues: distinguishable by colour-blind students and on a projector."""

    background: str
    text: str
    muted: str
    box: str  # label background, #AARRGGBB
    positive: str
    negative: str
    focus: str  # what the current step computes
    reads: str  # what it reads
    edge: str
    error: str = "#E53935"  # legible on white and on the dark greys alike


LIGHT = Colors("#ffffff", "#111111", "#666666", "#e6ffffff", "#0072B2", "#D55E00",
               "#E69F00", "#009E73", "#9a9a9a")
DARK = Colors("#1e1f22", "#eeeeee", "#a0a0a0", "#e62b2d31", "#56B4E9", "#FF8C42",
              "#F0C000", "#2FD3A0", "#777777")
PRESENTER = Colors("#000000", "#ffffff", "#cccccc", "#e6000000", "#56B4E9", "#FF8C42",
                   "#FFD400", "#3CE6A8", "#8a8a8a")


@dataclass(frozen=True)
class Theme:
    dark: bool = False
    presenter: bool = False
    zoom: float = 1.0

    @property
    def colors(self) -> Colors:
        if self.presenter:
            return PRESENTER
        return DARK if self.dark else LIGHT

    @property
    def point_size(self) -> float:
        return BASE_PT * self.zoom * (PRESENTER_SCALE if self.presenter else 1.0)

    def zoomed(self, factor: float | None) -> Theme:
        """factor None resets the zoom."""
        zoom = 1.0 if factor is None else min(max(self.zoom * factor, ZOOM_LIMITS[0]),
                                              ZOOM_LIMITS[1])
        return Theme(self.dark, self.presenter, zoom)


class Look(QObject):
    """The colours plots, maps and labs draw with, process-wide like the text zoom: a
    view reads `colors` when it builds its items and follows `changed` afterwards."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.colors = LIGHT

    def set(self, colors: Colors) -> None:
        if colors != self.colors:
            self.colors = colors
            self.changed.emit()


@functools.cache
def look() -> Look:
    """The one Look every view reads (created on first use, after the QApplication)."""
    return Look()


def apply(app: QApplication, theme: Theme) -> None:
    """Style, palette and font for the whole application (widgets follow FontChange). The
    window applies its theme before its widgets and again once built: setting the style a
    second time would re-polish every widget for nothing."""
    if app.style().name() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(_palette(theme.colors))
    font = QFont(app.font())
    font.setPointSizeF(theme.point_size)
    app.setFont(font)


ICON_PX = (16, 24, 32, 48)


def icon(pixmap: QStyle.StandardPixmap, colors: Colors) -> QIcon:
    """The style's standard icon; on a dark background with its lightness inverted, since
    the style draws its icons dark (nearly invisible on the dark and presenter themes): dark
    strokes turn light and light details dark, so an icon keeps its shape (a floppy disk
    filled with one colour was a blank square)."""
    base = QApplication.style().standardIcon(pixmap)
    if colors is LIGHT:
        return base
    inverted = QIcon()
    for px in ICON_PX:
        image = base.pixmap(px, px).toImage().convertToFormat(QImage.Format.Format_RGBA8888)
        inverted.addPixmap(QPixmap.fromImage(_lightness_inverted(image)))
    return inverted


def _lightness_inverted(image: QImage) -> QImage:
    """Each pixel's HSL lightness L → 1 − L, hue and saturation kept: every channel moves
    by 255 − max − min (a yellow folder stays yellow, its dark outline turns light)."""
    rgba = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()].astype(np.int16)
    rgb = rgba[..., :3]
    rgb += (255 - rgb.max(axis=2) - rgb.min(axis=2))[..., None]
    out = np.ascontiguousarray(rgba.astype(np.uint8))
    return QImage(out.data, image.width(), image.height(), 4 * image.width(),
                  QImage.Format.Format_RGBA8888).copy()


def _palette(c: Colors) -> QPalette:
    if c is LIGHT:
        return QApplication.style().standardPalette()
    p = QPalette()
    window = QColor(c.background).lighter(130 if c is DARK else 100)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, QColor(c.text)),
        (QPalette.ColorRole.Base, QColor(c.background)),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, QColor(c.text)),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, QColor(c.text)),
        (QPalette.ColorRole.ToolTipBase, QColor(c.background)),
        (QPalette.ColorRole.ToolTipText, QColor(c.text)),
        (QPalette.ColorRole.Highlight, QColor(c.positive)),
        (QPalette.ColorRole.HighlightedText, QColor(c.background)),
        (QPalette.ColorRole.PlaceholderText, QColor(c.muted)),
    ):
        p.setColor(role, color)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c.muted))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c.muted))
    return p


def readable(widget: QWidget, points: float) -> None:
    """Legible from the back of a lecture hall, whatever the platform's default size."""
    font = widget.font()
    if font.pointSizeF() < points:
        font.setPointSizeF(points)
        widget.setFont(font)


#: a tab's room beside its text, in px (Fusion's 24 put "Tables Plots Decision map" in
#: 270 px, over the 246 px of the docks at 1024×768, which then scrolled to "Decision…")
TIGHT_TAB_SPACE = 10


class _TightTabs(QProxyStyle):
    """Fusion with narrower padding beside a tab's title, drawn as Fusion draws it."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option=None, widget=None) -> int:  # noqa: ANN001
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return TIGHT_TAB_SPACE
        return super().pixelMetric(metric, option, widget)


def tight_tabs(bar: QTabBar) -> None:
    """Whole titles in a narrow tab bar (the tabified docks'); the style lives with the bar."""
    style = _TightTabs(QStyleFactory.create(QApplication.style().name()))
    style.setParent(bar)
    bar.setStyle(style)
