"""Table models over the cursor iteration's record: forward values, gradients, parameters.

Each table is built by one function from the Session (the forward and gradient tables
*are* core.export's CSV rows for one iteration), so the numbers shown, copied and
exported are the record's numbers. Cells show them rounded with core.formula.fmt;
copying and CSV export use repr, exactly as the command line writes them.

Rows are taken from the export's row iterator only as far as a view reads them
(`LazyRows`): a view shows a few dozen of spiral's 11,100 forward rows, so following the
cursor at 30 frames a second costs those, not a whole table a frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from ..core import csvfile, export
from ..core.formula import fmt
from ..core.params import ParamRef, display_name
from ..core.session import Session

Index = QModelIndex | QPersistentModelIndex
#: columns that only say where a row belongs: hidden on screen when constant (one iteration,
#: one sample) or when the row's name already says it, so a narrow dock shows the values
CONSTANT_BOOKKEEPING = ("iteration", "sample")
NAMED_BOOKKEEPING = ("kind", "layer", "neuron", "to", "from", "name")
#: a batch's sample column headed "#" on screen (its CSV name in the tooltip): "sample" made
#: the column as wide as a value, and pushed `a` out of the Tables dock at 1024×768
SHORT_HEADERS = {"sample": "#"}
#: the Parameters table's story, first on screen: each value and what the update made of it
BEFORE_AFTER = ("value", "new_value")
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DISPLAY, TOOLTIP, ALIGNMENT, BACKGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole))
ROLES = frozenset((DISPLAY, TOOLTIP, ALIGNMENT, BACKGROUND))


class _Rows(Sequence):
    """`length` items, each found by `_item` only when read; equal to a list of the same
    items."""

    _length: int

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # noqa: ANN001, ANN204 - int or slice, as list's
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._item(index)

    def _item(self, index: int):  # noqa: ANN202 - whatever the rows hold
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class LazyRows(_Rows):
    """`length` items taken from `items` as far as they are read."""

    def __init__(self, items: Iterable, length: int) -> None:
        self._items: Iterator = iter(items)
        self._taken: list = []
        self._length = length

    @property
    def taken(self) -> int:
        """Items taken from the iterator so far."""
        return len(self._taken)

    def _item(self, index: int):  # noqa: ANN202
        if index >= len(self._taken):
            self._taken.extend(islice(self._items, index + 1 - len(self._taken)))
        return self._taken[index]


class Repeated(_Rows):
    """`items` over and over, `length` in all: a forward table's row names, sample after
    sample, without reading its rows (a header measures its first and last hundred)."""

    def __init__(self, items: Sequence, length: int) -> None:
        self._items, self._length = items, length

    @property
    def items(self) -> Sequence:
        """What repeats."""
        return self._items

    def _item(self, index: int):  # noqa: ANN202
        return self._items[index % len(self._items)]


@dataclass(frozen=True)
class Table:
    """Columns and rows as core.export writes them, plus display-only row names."""

    columns: tuple[str, ...]
    rows: Sequence[tuple]
    row_names: Sequence[str]
    #: per row, the flat parameter index it shows (parameter tables only)
    param_indices: Sequence[int] | None = None
    #: bookkeeping columns whose value differs between rows (see redundant_columns)
    varying: tuple[str, ...] = ()
    #: columns a view shows first, in this order: what the table is about before what it
    #: repeats from another (a gradient before the value the Parameters table also shows)
    lead: tuple[str, ...] = ()
    #: rows a sample of a batch fills (its rows repeat per sample; 0: no such blocks)
    block: int = 0


def forward_table(session: Session) -> Table:
    """forward.csv's rows for the cursor iteration; rows are named i1, h1, o1, …"""
    rec = session.record
    if rec is None:
        return Table(export.FORWARD_COLUMNS, [], [])
    k = session.iteration
    # a sample's rows: every neuron, layer by layer, inputs first (export's order)
    names = [display_name(session.neuron_label(l, j)) for l, width in enumerate(session.spec.layers)
             for j in range(1, width + 1)]
    length = rec.batch_size * len(names)
    batch = rec.batch_size > 1
    return Table(export.FORWARD_COLUMNS, LazyRows(export.forward_rows(session, k, k), length),
                 Repeated(names, length), varying=("sample",) if batch else (),
                 lead=("z", "a"), block=len(names) if batch else 0)


def gradient_table(session: Session) -> Table:
    """gradients.csv's rows for the cursor iteration; rows are named w5, b₂,₁, … as on the graph"""
    k = session.iteration
    if not k:
        return Table(export.GRADIENT_COLUMNS, [], [])
    trainable = session.params.trainable
    rows = LazyRows(export.gradient_rows(session, k, k), len(trainable))
    labels = session.params.labels
    names = labels if session.params.all_trainable else [labels[i] for i in trainable]
    return Table(export.GRADIENT_COLUMNS, rows, names, lead=("grad",))


def parameter_table(session: Session) -> Table:
    """Every parameter before → after the cursor's update, with the optimizer's buffers
    after it and the lr. Frozen parameters have no gradient or state: empty cells."""
    k = session.iteration
    buffers = tuple(session.trainer.optimizer.state)
    columns = ("iteration", "name", "value", "grad", "new_value", *buffers, "lr")
    refs = session.params.refs
    names = session.params.labels  # the rows' header, as in the other tables
    rec = session.record
    if rec is None:
        initial = session.history.initial
        empty = (None,) * (len(columns) - 3)
        rows = ((0, r.name, float(initial[r.index]), *empty) for r in refs)
        return Table(columns, LazyRows(rows, len(refs)), names, range(len(refs)), lead=BEFORE_AFTER)
    position = np.full(len(refs), -1)
    position[session.params.trainable] = np.arange(len(session.params.trainable))
    state = [rec.state(name) for name in buffers]

    def row(r: ParamRef) -> tuple:
        p = int(position[r.index])
        trained = p >= 0
        return (k, r.name, float(rec.before[r.index]), float(rec.grad[r.index]) if trained else None,
                float(rec.after[r.index]), *(float(s[p]) if trained else None for s in state), rec.lr)

    return Table(columns, LazyRows(map(row, refs), len(refs)), names, range(len(refs)),
                 lead=BEFORE_AFTER)


def redundant_columns(table: Table) -> list[int]:
    """The columns a view may hide without losing information; CSV export keeps them all."""
    hidden = []
    for c, name in enumerate(table.columns):
        constant = name in CONSTANT_BOOKKEEPING and name not in table.varying
        # no rows (iteration 0 has no forward pass yet): nothing for them to place either
        named = name in NAMED_BOOKKEEPING and (bool(table.row_names) or not len(table.rows))
        if constant or named:
            hidden.append(c)
    return hidden


class RecordTableModel(QAbstractTableModel):
    """A read-only adapter over one Table, rebuilt when the cursor's iteration changes."""

    def __init__(self, session: Session, build: Callable[[Session], Table],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._build = build
        self._table = Table((), [], [])
        self._built_for: int | None = None
        self.precision = 6

    # -- content -------------------------------------------------------------------------
    @property
    def table(self) -> Table:
        return self._table

    def invalidate(self) -> None:
        """History changed: the next refresh rebuilds even at the same iteration."""
        self._built_for = None

    def refresh(self) -> str | None:
        """Rebuild if the cursor moved to another iteration (steps within one do not matter):
        "values" if only the cells changed (the view keeps its columns' order, widths and
        hidden ones: a reset dropped them, and Run's tables paid for them again), "shape"
        if the rows or columns did; None if nothing was rebuilt."""
        if self._built_for == self.session.iteration:
            return None
        table = self._build(self.session)
        self._built_for = self.session.iteration
        if _same_shape(table, self._table):
            self._table = table
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self.rowCount() - 1, self.columnCount() - 1))
            return "values"
        self.beginResetModel()
        self._table = table
        self.endResetModel()
        return "shape"

    def set_precision(self, precision: int) -> None:
        self.precision = precision
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def value(self, row: int, column: int) -> float | int | str | None:
        return self._table.rows[row][column]

    def text(self, row: int, column: int) -> str:
        """What the cell shows (its DisplayRole)."""
        return _display(self._table.rows[row][column], self.precision)

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        # the roles first: a column's resize asks each cell for a dozen roles
        if role not in ROLES or not index.isValid():
            return None
        if role == BACKGROUND:  # a batch's samples in alternate bands, not its rows
            block = self._table.block
            return QGuiApplication.palette().alternateBase() \
                if block and index.row() // block % 2 else None
        value = self.value(index.row(), index.column())
        if role == DISPLAY:
            return _display(value, self.precision)
        if role == TOOLTIP:
            return csvfile.cell(value) if isinstance(value, float) else None
        return None if isinstance(value, str) else NUMBER_ALIGNMENT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == TOOLTIP:
            return self._table.columns[section]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            name = self._table.columns[section]
            return SHORT_HEADERS.get(name, name)
        names = self._table.row_names
        return names[section] if section < len(names) else str(section + 1)

    # -- out -----------------------------------------------------------------------------
    def write_csv(self, path: str | Path) -> None:
        """The CLI's format: same writer, same columns, repr numbers."""
        csvfile.write_csv(path, self._table.columns, self._table.rows)

    def tsv(self, indexes: Iterable[Index]) -> str:
        """The selection's bounding rectangle as tab-separated repr values, for spreadsheets;
        cells inside it that are not selected stay empty."""
        cells = {(i.row(), i.column()) for i in indexes if i.isValid()}
        if not cells:
            return ""
        rows = range(min(r for r, _ in cells), max(r for r, _ in cells) + 1)
        columns = range(min(c for _, c in cells), max(c for _, c in cells) + 1)
        lines = ["\t".join(_raw(self.value(r, c)) if (r, c) in cells else "" for c in columns)
                 for r in rows]
        return "\n".join(lines) + "\n"


def _same_shape(a: Table, b: Table) -> bool:
    """Same columns, rows and row names: what a view lays out (hidden, moved, sized columns)."""
    return (a.columns == b.columns and len(a.rows) == len(b.rows) and a.varying == b.varying
            and a.lead == b.lead and _same_names(a.row_names, b.row_names))


def _same_names(a: Sequence[str], b: Sequence[str]) -> bool:
    if isinstance(a, Repeated) and isinstance(b, Repeated):  # without reading 11,100 names
        return len(a) == len(b) and a.items == b.items
    return type(a) is type(b) and a == b


def _display(value: float | int | str | None, precision: int) -> str:
    if isinstance(value, float):
        return fmt(value, precision)
    return "" if value is None else display_name(str(value))  # a parameter's name: b₂,₁


def _raw(value: float | int | str | None) -> str:
    return csvfile.cell(value)
