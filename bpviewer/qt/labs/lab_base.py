"""What every lab shares: large fonts, plots in the theme's colours, a table with CSV
export, PNG export.

A lab subclasses `Lab`, sets `title`, puts its plots in `self.figure` (what PNG export
grabs) and its tables in `TablePanel`s. `next_step`/`previous_step` are what a
presentation clicker's Right/Left do in that lab. Fonts set with `set_lab_font`, every
figure and what a lab draws through `follow_style` follow the theme and the text zoom.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.formula import fmt
from ...core.labs.table import Table
from ...core.labs.warm import warm_up
from ...core.texts import tr as core_tr
from ..bridge import SessionBridge
from ..dock_views import saved, wrote
from ..plots import (
    FONT_PT,
    PALETTE,
    TICK_PT,
    VisibleRefresher,
    ask_save_path,
    follow_style,
    ink,
    restyle_figure,
    style_plot,
)
from ..theme import look
from ..zoom import text_zoom

PLOT_FONT_PT = TICK_PT  # text inside plots
PRECISION = 6
MIN_TABLE_PX = 120  # a header and three rows
FOLLOW_MS = 250  # a burst of edits or steps in the window is followed once it settles
COLORS = PALETTE[:7]  # the training plots' Okabe–Ito colours, without the yellow, faint on white
INK = 6  # the palette's black: drawn in the theme's text colour
BASE_PT = "base_pt"  # the widget property holding a lab font's size before the text zoom


def lab_font(size: float = FONT_PT, bold: bool = False) -> QFont:
    """A lab's font: `size` points at the window's text zoom."""
    font = QFont()
    font.setPointSizeF(text_zoom().points(size))
    font.setBold(bold)
    return font


def set_lab_font(widget: QWidget, size: float = FONT_PT, bold: bool = False) -> None:
    """Give `widget` a lab font that its lab rescales when the text zoom changes."""
    widget.setProperty(BASE_PT, (size, bold))
    widget.setFont(lab_font(size, bold))


def color(index: int) -> str:
    """Palette colour `index`; the palette's black is the theme's text colour."""
    return ink() if index % len(COLORS) == INK else COLORS[index % len(COLORS)]


def pen(index: int = 0, width: float = 3, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> object:
    return pg.mkPen(color(index), width=width, style=style)


def add_plot(figure: pg.GraphicsLayoutWidget, title: str, x_label: str, y_label: str,
             row: int | None = None, col: int | None = None) -> pg.PlotItem:
    """A PlotItem with black 12–14 pt text on the white figure, styled as the training plots."""
    plot = figure.addPlot(row=row, col=col)
    style_plot(plot, title, x_label, y_label)
    plot.setMenuEnabled(False)
    return plot


def figure() -> pg.GraphicsLayoutWidget:
    widget = pg.GraphicsLayoutWidget()
    widget.setBackground(look().colors.background)
    # its width, as the tables', is shared by the layout's stretch factors alone (a wide
    # table's size hint squeezed the optimizer race's plot at 1024 px)
    widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    return widget


def button(text: str, handler: Callable[[], None], tooltip: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tooltip)
    b.clicked.connect(lambda _checked=False: handler())
    return b


def double_spin(value: float, lo: float, hi: float, decimals: int,
                step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setValue(value)
    return box


def int_spin(value: int, lo: int, hi: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    return box


def colored(text: str, index: int) -> str:
    """Rich text in palette colour `index`: a legend inside a title or a label."""
    return f"<span style='color:{color(index)}'>{text}</span>"


def numbers(values: Sequence[float], precision: int = 4) -> str:
    """A short vector for a label, e.g. [0.6590, 0.2424, 0.0986]."""
    return "[" + ", ".join(fmt(float(v), precision) for v in values) + "]"


def follow(widget: QWidget, bridge: SessionBridge, refresh: Callable[[], None]) -> None:
    """Run `refresh` when the window's network is edited or stepped: once a burst of
    changes settles, and only while `widget` is on screen (training may be running)."""
    refresher = VisibleRefresher(widget, refresh)
    timer = QTimer(widget)
    timer.setSingleShot(True)
    timer.setInterval(FOLLOW_MS)
    timer.timeout.connect(refresher.request)
    bridge.networkChanged.connect(timer.start)
    bridge.cursorChanged.connect(timer.start)


def cycle(box: QComboBox, offset: int) -> None:
    """Choose the next (offset 1) or previous (−1) entry, wrapping around: clicker steps."""
    box.setCurrentIndex((box.currentIndex() + offset) % box.count())


def combo(items: Sequence[tuple[str, object]], editable: bool = False) -> QComboBox:
    """A combo box of (label, data) pairs; labels from core (surfaces, examples) shown
    in the interface language."""
    box = QComboBox()
    box.setEditable(editable)
    for label, data in items:
        box.addItem(core_tr(label), data)
    return box


def read_float(box: QComboBox) -> float:
    """The number typed or chosen in an editable combo; ValueError if it is not one."""
    return float(box.currentText().strip().replace("−", "-"))


def row(*widgets: QWidget | str, stretch: bool = True) -> QHBoxLayout:
    """Widgets left to right; strings become labels."""
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(QLabel(w) if isinstance(w, str) else w)
    if stretch:
        layout.addStretch(1)
    return layout


def message_label(parent: QWidget) -> QLabel:
    """A wrapped line for results and errors, hidden while it has nothing to say. Born
    with its parent: a parentless label shown by `show_message` would be a window of
    its own, taking the keyboard from the main window."""
    label = QLabel(parent)
    label.hide()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_message(label: QLabel, text: str, error: bool = False) -> None:
    """Set a label's text, in the theme's red for errors (by palette: a stylesheet would
    reset the font); other texts take the window's palette, whichever the theme."""
    palette = QPalette()
    if error:
        palette.setColor(QPalette.ColorRole.WindowText, QColor(look().colors.error))
    label.setPalette(palette)
    label.setText(text)
    label.setVisible(bool(text))


def _text(value: object, precision: int) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return core_tr(value)  # a verdict, a run's name; names and symbols pass unchanged
    if isinstance(value, float):
        return fmt(value, precision)
    return str(value)


class TablePanel(QWidget):
    """A titled table of core numbers (shown rounded, exported at repr precision)."""

    exported = Signal(str)

    def __init__(self, title: str, precision: int = PRECISION,
                 column_precision: dict[str, int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.precision = precision
        self.column_precision = column_precision or {}
        self.table_data = Table((), ())
        self.view = QTableWidget()
        self.view.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(False)
        # the layout's stretch factors share the room, not the table's large size hint
        self.view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.view.setMinimumHeight(MIN_TABLE_PX)
        self.title = QLabel(title)
        set_lab_font(self.title, FONT_PT, bold=True)
        self.csv_button = button("CSV…", self._ask_csv,
                                 self.tr("Export this table to CSV (full precision)"))
        self.header = QHBoxLayout()
        self.header.addWidget(self.title, 1)
        self.header.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.header)
        layout.addWidget(self.view, 1)

    def set_table(self, data: Table, highlight: int | None = None) -> None:
        """Show `data`; rows equal to those shown are not rebuilt (long optimizer runs)."""
        old = self.table_data
        same = 0
        if old.columns == data.columns:
            common = min(len(old.rows), len(data.rows))
            while same < common and old.rows[same] == data.rows[same]:
                same += 1
        else:
            self.view.setColumnCount(len(data.columns))
            self.view.setHorizontalHeaderLabels([core_tr(c) for c in data.columns])  # CSV: English
        self.table_data = data
        self.view.setRowCount(len(data.rows))
        digits = [self.column_precision.get(name, self.precision) for name in data.columns]
        for r in range(same, len(data.rows)):
            for c, value in enumerate(data.rows[r]):
                item = QTableWidgetItem(_text(value, digits[c]))
                if isinstance(value, (int, float)):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.view.setItem(r, c, item)
        self.highlight(highlight)

    def highlight(self, index: int | None) -> None:
        """Select and scroll to one row (the current step), or clear the selection."""
        self.view.clearSelection()
        if index is not None and 0 <= index < self.view.rowCount():
            self.view.selectRow(index)
            self.view.scrollToItem(self.view.item(index, 0))

    def cell_text(self, r: int, c: int) -> str:
        item = self.view.item(r, c)
        return item.text() if item else ""

    def export_csv(self, path: str) -> None:
        self.table_data.write_csv(path)
        self.exported.emit(path)

    def _ask_csv(self) -> None:
        path = ask_save_path(self, self.tr("Export table"), self.title.text().replace(" ", "_") + ".csv",
                             "CSV (*.csv)")
        if path:
            wrote(self, path, self.export_csv)


class Lab(QWidget):
    """Base of every lab tab: a header with the title and PNG export, fonts ≥ 12 pt."""

    title: ClassVar[str] = ""
    # its tab's title where `title` is long ("" for `title`): the seven tabs' full titles
    # took 1,086 px of the 772 a 1024×768 window gives them, the last one cut by the arrows
    tab: ClassVar[str] = ""
    png_exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_lab_font(self)
        self.figure = figure()
        heading = QLabel(QCoreApplication.translate("Labs", self.title))
        set_lab_font(heading, FONT_PT + 3, bold=True)
        self.png_button = button("PNG…", self._ask_png, self.tr("Save the plots as a PNG image"))
        self.header = QHBoxLayout()
        self.header.addWidget(heading)
        self.header.addStretch(1)
        self.header.addWidget(self.png_button)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.header)
        follow_style(self, self.restyle)

    def restyle(self) -> None:
        """The theme's colours and the text zoom: fonts, every figure (a lab redraws its own
        items through `follow_style`)."""
        for widget in [self, *self.findChildren(QWidget)]:
            base = widget.property(BASE_PT)
            if base is not None:
                widget.setFont(lab_font(*base))
        for figure_ in self.findChildren(pg.GraphicsLayoutWidget):
            restyle_figure(figure_)

    @classmethod
    def prepare(cls) -> None:
        """What the lab computes before it can be built in a blink, run once in a worker
        thread (no Qt here): torch.optim's first, slow import, and any cached computation."""
        warm_up()

    def attach(self, bridge: SessionBridge) -> None:
        """The window's Session, for labs that work on the current network."""

    def next_step(self) -> None:
        """Right on the clicker."""

    def previous_step(self) -> None:
        """Left on the clicker."""

    def plot_widget(self) -> QWidget:
        """What PNG export grabs (a lab with pages returns the current page's figure)."""
        return self.figure

    def export_png(self, path: str) -> bool:
        ok = saved(self, path, lambda temporary: self.plot_widget().grab().save(temporary, "PNG"))
        if ok:
            self.png_exported.emit(path)
        return ok

    def _ask_png(self) -> None:
        path = ask_save_path(self, self.tr("Export plot"), self.title.replace(" ", "_") + ".png",
                             "PNG image (*.png)")
        if path:
            self.export_png(path)

