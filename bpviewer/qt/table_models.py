"""Table models over the cursor iteration's record: forward values, gradients, parameters.

Each table is built by one function from the Session (the forward and gradient tables
*are* core.export's CSV rows for one iteration), so the numbers shown, copied and
exported are the record's numbers. Cells show them rounded with core.formula.fmt;
copying and CSV export use repr, exactly as the command line writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core import export
from ..core.formula import fmt
from ..core.session import Session

Index = QModelIndex | QPersistentModelIndex
#: columns that only say where a row belongs: hidden on screen when constant (one iteration,
#: one sample) or when the row's name already says it, so a narrow dock shows the values
CONSTANT_BOOKKEEPING = ("iteration", "sample")
NAMED_BOOKKEEPING = ("kind", "layer", "neuron", "to", "from")
NUMBER_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Table:
    """Columns and rows as core.export writes them, plus display-only row names."""

    columns: tuple[str, ...]
    rows: list[tuple]
    row_names: list[str]
    #: per row, the flat parameter index it shows (parameter tables only)
    param_indices: list[int] | None = None


def forward_table(session: Session) -> Table:
    """forward.csv's rows for the cursor iteration; rows are named i1, h1, o1, …"""
    k = session.iteration
    rows = list(export.forward_rows(session, k, k)) if k else []
    return Table(export.FORWARD_COLUMNS, rows, [session.neuron_label(r[2], r[3]) for r in rows])


def gradient_table(session: Session) -> Table:
    """gradients.csv's rows for the cursor iteration; rows are named w5, b2_1, …"""
    k = session.iteration
    rows = list(export.gradient_rows(session, k, k)) if k else []
    names = [session.params.refs[i].name for i in session.params.trainable] if rows else []
    return Table(export.GRADIENT_COLUMNS, rows, names)


def parameter_table(session: Session) -> Table:
    """Every parameter before → after the cursor's update, with the optimizer's buffers
    after it and the lr. Frozen parameters have no gradient or state: empty cells."""
    k = session.iteration
    buffers = tuple(session.trainer.optimizer.state)
    columns = ("iteration", "name", "value", "grad", "new_value", *buffers, "lr")
    refs = session.params.refs
    rec = session.record
    if rec is None:
        initial = session.history.initial.tolist()
        rows = [(0, r.name, initial[r.index], *(None,) * (len(columns) - 3)) for r in refs]
        return Table(columns, rows, [], [r.index for r in refs])
    position = {int(i): p for p, i in enumerate(session.params.trainable)}
    before, grad, after = rec.before.tolist(), rec.grad.tolist(), rec.after.tolist()
    state = [rec.state(name).tolist() for name in buffers]
    rows = []
    for r in refs:
        p = position.get(r.index)
        trained = p is not None
        rows.append((k, r.name, before[r.index], grad[r.index] if trained else None,
                     after[r.index], *(s[p] if trained else None for s in state), rec.lr))
    return Table(columns, rows, [], [r.index for r in refs])


def redundant_columns(table: Table) -> list[int]:
    """The columns a view may hide without losing information; CSV export keeps them all."""
    hidden = []
    for c, name in enumerate(table.columns):
        constant = name in CONSTANT_BOOKKEEPING and len({row[c] for row in table.rows}) <= 1
        named = name in NAMED_BOOKKEEPING and bool(table.row_names)
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

    def refresh(self) -> bool:
        """Rebuild if the cursor moved to another iteration (steps within one do not matter);
        True if it did."""
        if self._built_for == self.session.iteration:
            return False
        self.beginResetModel()
        self._table = self._build(self.session)
        self._built_for = self.session.iteration
        self.endResetModel()
        return True

    def set_precision(self, precision: int) -> None:
        self.precision = precision
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def value(self, row: int, column: int) -> float | int | str | None:
        return self._table.rows[row][column]

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(value, self.precision)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, float):
            return export.cell(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and not isinstance(value, str):
            return NUMBER_ALIGNMENT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._table.columns[section]
        names = self._table.row_names
        return names[section] if section < len(names) else str(section + 1)

    # -- out -----------------------------------------------------------------------------
    def write_csv(self, path: str | Path) -> None:
        """The CLI's format: same writer, same columns, repr numbers."""
        export.write_csv(Path(path), self._table.columns, iter(self._table.rows))

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


def _display(value: float | int | str | None, precision: int) -> str:
    if isinstance(value, float):
        return fmt(value, precision)
    return "" if value is None else str(value)


def _raw(value: float | int | str | None) -> str:
    return value if isinstance(value, str) else export.cell(value)
