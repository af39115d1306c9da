"""The numbers of the cursor's iteration as tables a class can copy into a spreadsheet.

Three tables (forward values, gradients, parameters with optimizer state) over
table_models, picked from a list as the Plots dock picks a plot: three tabs and the CSV
button did not fit the dock of a 1024 px window ("Gra…", "Parameters" scrolled away).
Only the table on screen is rebuilt, once per frame at most, and only when the cursor
reaches another iteration or history changes. Bookkeeping columns that are constant or that
the row names already say are hidden, and what a table is about comes first, so a narrow
dock shows values.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .bridge import SessionBridge
from .dock_views import FONT_PT, VisibleRefresher, ask_save_path, wrote
from .pacing import Paced
from .table_models import RecordTableModel, forward_table, gradient_table, parameter_table, redundant_columns
from .theme import readable
from .zoom import text_zoom

#: ~15 px: z and a (6 digits) beside h₁,₁₀ and a scroll bar, and value and new_value, fit
#: the 1024 px window's dock (at 12, a and new_value were cut)
TABLE_PT = 11
ROW_PAD = 8  # px above and below a row's text
#: parameter-table columns whose double-click asks to edit the parameter
VALUE_COLUMNS = ("value", "new_value")
#: rows a column fit reads around the view
FIT_ROWS = 50
ADVANCES_KEPT = 20_000  # texts' widths remembered per table (an iteration brings ~150 new)


class CutColumnDelegate(QStyledItemDelegate):
    """Draws a cell of a column the viewport's edge cuts in the part in view, where the
    style elides its text ("1…"): clipped at the edge, a data set's sample "117" showed its
    first digit and read as sample 1 (Qt elides only a text wider than its column)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        clipped = QStyleOptionViewItem(option)
        clipped.rect = option.rect.intersected(self._view.viewport().rect())
        super().paint(painter, clipped, index)


class RecordTableView(QTableView):
    """Ctrl+C copies the selection as TSV at full precision; right-click offers Copy and
    Export CSV…"""

    def __init__(self, model: RecordTableModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._unsized = False  # refreshed while Run trained, its columns not measured
        self._advances: dict[str, float] = {}  # texts' widths in the table's font
        self._sized: dict[float, int] = {}  # a cell's width per its text's width
        self._cut_delegate = CutColumnDelegate(self)
        self._cut: set[int] = set()  # columns drawn by _cut_delegate
        self.setModel(model)
        self._zoom_changed()
        text_zoom().changed.connect(self._zoom_changed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # a double-click on a header's edge resizes its column through Qt: as many rows
        self.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        copy = QAction(self.tr("Copy"), self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.setShortcutVisibleInContextMenu(True)
        copy.triggered.connect(self.copy_selection)
        export = QAction(self.tr("Export CSV…"), self)
        export.triggered.connect(self.ask_csv)
        self.addActions([copy, export])
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _zoom_changed(self) -> None:
        """Font and row height follow the window's text zoom."""
        font = self.font()
        font.setPointSizeF(text_zoom().points(TABLE_PT))
        self.setFont(font)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + ROW_PAD)
        # a column of one-digit sample numbers as narrow as its "#" (the style's least
        # section, 32 px, put xor's "#" 7 px past the 1024×768 dock, cut in half)
        self.horizontalHeader().setMinimumSectionSize(self.fontMetrics().height())
        self._advances, self._sized = {}, {}
        self.fit_columns()

    def model(self) -> RecordTableModel:
        return super().model()

    def refresh(self, running: bool = False) -> None:
        """The cursor's iteration; running: Run trains, the columns keep their widths
        (measuring them took most of a refresh) until a refresh after it stops."""
        changed = self.model().refresh()
        if changed == "shape":
            table = self.model().table
            self.verticalHeader().setVisible(bool(table.row_names))
            self.setAlternatingRowColors(not table.block)  # a batch's bands are its samples
            hidden = redundant_columns(table)
            for c in range(len(table.columns)):
                self.setColumnHidden(c, c in hidden)
            header = self.horizontalHeader()
            for name in reversed(table.lead):
                header.moveSection(header.visualIndex(table.columns.index(name)), 0)
        if changed == "shape" or (not running and (changed or self._unsized)):
            self.fit_columns()
            self._unsized = False
        elif changed:
            self._unsized = True

    def fit_columns(self) -> None:
        """Each shown column as wide as its header or its widest cell among the rows
        `_fit_rows` names, whichever is wider: what resizeColumnsToContents gives for the
        same rows, without asking each of ~50 rows' cells for its size through the model
        (3-16 ms a click into another iteration). A cell's width is its delegate's size
        hint, which follows from its text's width (one font, no icons): it is asked once per
        text width within a pixel of the widest; the grid line takes one pixel more."""
        model = self.model()
        low, high = self._fit_rows()
        advances, sized, metrics = self._advances, self._sized, QFontMetricsF(self.font())
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        grid = 1 if self.showGrid() else 0
        header = self.horizontalHeader()
        for c in range(model.columnCount()):
            if self.isColumnHidden(c):
                continue
            row_of = {}  # a row per text width: numbers of equal digits share one
            for r in range(low, high + 1):
                text = model.text(r, c)
                width = advances.get(text)
                if width is None:
                    if len(advances) >= ADVANCES_KEPT:
                        advances.clear()
                    width = advances[text] = metrics.horizontalAdvance(text)
                row_of.setdefault(width, r)
            widest = max(row_of, default=0.0)
            cells = [0]
            for width, r in row_of.items():
                if width >= widest - 1.0:
                    if width not in sized:
                        index = model.index(r, c)
                        sized[width] = self.itemDelegateForIndex(index).sizeHint(option, index).width()
                    cells.append(sized[width])
            self.setColumnWidth(c, max(header.sectionSizeHint(c), max(cells) + grid))

    def _fit_rows(self) -> tuple[int, int]:
        """The rows a fit reads (first, last): those in view, and around them as many below
        as above up to FIT_ROWS rows, so a scroll of a page either way shows whole texts;
        the first FIT_ROWS while the table is not on screen."""
        count = self.model().rowCount()
        rows = self.verticalHeader()
        top = max(0, rows.visualIndexAt(0))
        bottom = rows.visualIndexAt(self.viewport().height())
        if not self.isVisible() or bottom == -1:
            bottom = min(count, top + FIT_ROWS) - 1
        spare = max(0, FIT_ROWS - (bottom - top + 1))
        low = max(0, top - spare // 2)
        high = min(count - 1, bottom + spare - (top - low))
        return max(0, min(low, high - FIT_ROWS + 1)), high

    def hint(self) -> str:
        """What an empty table says in its place: at iteration 0 nothing has been computed,
        and a blank grid under its headers read as broken."""
        if self.model().rowCount():
            return ""
        return self.tr("Nothing is computed at iteration 0: press → to start iteration 1.")

    def cut_columns(self) -> set[int]:
        """The columns the viewport's left or right edge cuts."""
        width = self.viewport().width()
        cut = set()
        for c in (self.columnAt(0), self.columnAt(width - 1)):
            left = self.columnViewportPosition(c)
            if c >= 0 and (left < 0 or left + self.columnWidth(c) > width):
                cut.add(c)
        return cut

    def _draw_cut_columns_elided(self) -> None:
        """Only the cut columns get the Python delegate: on every cell it would cost a
        table's repaint a few ms, which Run pays each frame."""
        cut = self.cut_columns()
        if cut != self._cut:
            for c in self._cut - cut:
                self.setItemDelegateForColumn(c, None)
            for c in cut - self._cut:
                self.setItemDelegateForColumn(c, self._cut_delegate)
            self._cut = cut

    def paintEvent(self, event: QPaintEvent) -> None:
        self._draw_cut_columns_elided()
        super().paintEvent(event)
        if hint := self.hint():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            margin = self.fontMetrics().height()
            painter.drawText(self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                             Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, hint)

    def copy_selection(self) -> None:
        QGuiApplication.clipboard().setText(self.model().tsv(self.selectedIndexes()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QTableView would copy only the current cell's rounded text
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        else:
            super().keyPressEvent(event)

    def ask_csv(self) -> None:
        default = f"{self.name}-iteration-{self.model().session.iteration}.csv"
        path = ask_save_path(self, "Export table", default, "CSV (*.csv)")
        if path:
            wrote(self, path, self.model().write_csv)


class TablesWidget(QWidget):
    #: a value cell of the parameters table was double-clicked: edit that flat index
    editParamRequested = Signal(int)

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        readable(self, FONT_PT)
        self.bridge = bridge
        session = bridge.session
        self.forward = RecordTableView(RecordTableModel(session, forward_table, self), "forward")
        self.gradients = RecordTableView(RecordTableModel(session, gradient_table, self), "gradients")
        self.parameters = RecordTableView(RecordTableModel(session, parameter_table, self),
                                          "parameters")
        self.views = (self.forward, self.gradients, self.parameters)
        self.stack = QStackedWidget()
        self.choice = QComboBox()
        self.choice.setToolTip(self.tr("The table shown"))
        for view, title in zip(self.views, (self.tr("Forward"), self.tr("Gradients"),
                                            self.tr("Parameters")), strict=True):
            self.stack.addWidget(view)
            self.choice.addItem(title)
        self.choice.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.parameters.setToolTip(self.tr("Double-click a value to edit the parameter"))
        self.parameters.doubleClicked.connect(self._double_clicked)
        export = QPushButton("CSV…")
        export.setToolTip(self.tr("Export the table shown to CSV at full precision"))
        export.clicked.connect(lambda _checked=False: self.current().ask_csv())
        controls = QHBoxLayout()
        controls.addWidget(self.choice, 1)
        controls.addWidget(export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.stack, 1)
        self._refreshers = [VisibleRefresher(view, lambda v=view: v.refresh(bridge.running))
                            for view in self.views]
        self.paced = Paced(bridge, self._request, self)
        bridge.historyChanged.connect(self._history_changed)
        bridge.cursorChanged.connect(self.paced)
        bridge.runningChanged.connect(self._running_changed)
        self._request()

    def current(self) -> RecordTableView:
        """The table shown."""
        return self.stack.currentWidget()

    def show_table(self, view: RecordTableView) -> None:
        self.choice.setCurrentIndex(self.views.index(view))

    def _history_changed(self) -> None:
        for view in self.views:
            view.model().invalidate()
        self.paced()

    def _running_changed(self, running: bool) -> None:
        if not running:  # the columns measured again
            self._request()

    def _request(self) -> None:
        for refresher in self._refreshers:
            refresher.request()

    def set_precision(self, precision: int) -> None:
        """Digits shown; copies and exports keep full precision."""
        for view in self.views:
            view.model().set_precision(precision)
            view.fit_columns()

    def export_csv(self, path: str | Path) -> None:
        """Write the table shown, as the command line would."""
        view = self.current()
        view.refresh()
        view.model().write_csv(path)

    def _double_clicked(self, index: QModelIndex) -> None:
        model = self.parameters.model()
        if model.table.columns[index.column()] in VALUE_COLUMNS:
            self.editParamRequested.emit(model.table.param_indices[index.row()])
