"""The network builder: every field of a `bpviewer-network/1` file in one dialog.

The dialog never checks values itself: on every change it assembles the file's dict and
lets core.spec.from_dict (and data.resolve, for the data set) judge it, so the dialog and
the file format can never disagree. The first problem found is shown in red, naming the
field, and OK stays disabled until it is fixed.

The Data tab holds what TensorFlow Playground offers: data set, noise, test ratio, seed
and input features (each checked feature is an input neuron); choosing a regression data
set makes the network a regressor (MSE, identity output) and a classification set a
classifier (BCE, sigmoid output).
"""

from __future__ import annotations

import math
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import activations, losses
from ..core import data as data_mod
from ..core.data import FEATURE_LABELS
from ..core.errors import SpecError
from ..core.spec import (
    DTYPES,
    FEATURES,
    FORMAT,
    GENERATORS,
    INIT_SCHEMES,
    OPTIMIZER_DEFAULTS,
    REGRESSION_GENERATORS,
    SCHEDULER_KEYS,
    NetworkSpec,
    from_dict,
)
from .theme import readable

MIN_POINTS = 12
MAX_NEURONS = 512  # the notes' phone-price net has a layer of 256
ERROR_RED = "#b00020"
KEEP_WEIGHTS = "current weights"

#: values offered for a newly chosen scheduler (its required keys have no torch default)
SCHEDULER_PREFILL: dict[str, dict[str, Any]] = {
    "step": {"step_size": 10, "gamma": 0.1},
    "multistep": {"milestones": [10, 20], "gamma": 0.1},
    "exponential": {"gamma": 0.95},
}
SCHEDULER_REQUIRED = {name: {k for k, v in keys.items() if v is None}
                      for name, keys in SCHEDULER_KEYS.items()}
CLASSIFICATION_LOSSES = ("bce", "cross_entropy")
#: generated data sets whose number of classes can be chosen
MULTICLASS_GENERATORS = ("spiral", "gaussians")
#: what a generated data set has when the file does not say
GENERATOR_DEFAULTS = {"n": 200, "noise": 0.0, "seed": 0}
MAX_TEST_PERCENT = 90
FEATURE_COLUMNS = 3


def error_label() -> QLabel:
    """Red bold text for refusals; a palette, not a style sheet, so it keeps the 12 pt font."""
    label = QLabel()
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.WindowText, QColor(ERROR_RED))
    label.setPalette(palette)
    bold = QFont()  # only the weight is set: the size is still inherited from the dialog
    bold.setBold(True)
    label.setFont(bold)
    return label


def _discard(widget: QWidget) -> None:
    """Out of sight at once (a hidden widget takes no room in its layout), deleted soon."""
    widget.hide()
    widget.deleteLater()


def _scrolling(panel: QWidget) -> QScrollArea:
    """Long forms (RMSprop with a schedule) scroll instead of squashing on a projector's 768 px."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setWidget(panel)
    return area


def parse_number(text: str, field: str, kind: type = float) -> float:
    """Typed text → a finite number, or a SpecError naming the field (as a file would)."""
    text = text.strip()
    try:
        value = kind(text)
    except ValueError:
        noun = "an integer" if kind is int else "a number"
        raise SpecError(field, f"{text!r} is not {noun}") from None
    if not math.isfinite(value):
        raise SpecError(field, f"{text} is not a finite number")
    return value


def _parse_like(text: str, field: str, default: Any) -> Any:
    """Parse text as the same kind of value as the default (number or list of numbers)."""
    if isinstance(default, list):
        kind = type(default[0]) if default else float
        return [parse_number(part, f"{field}[{i}]", kind)
                for i, part in enumerate(text.split(","))]
    return parse_number(text, field, type(default))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return repr(value)


def _class_text(value: float) -> str:
    """Class indices are stored as floats; a teacher reads and types them as 0, 1, 2."""
    return str(int(value)) if float(value).is_integer() else _text(value)


def _spin(value: int, low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def _combo(items: Collection[str], current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setCurrentText(current)
    return box


class ParamForm(QWidget):
    """One keyword-argument dict (optimizer, scheduler, generator) as a form.

    The kind of each field comes from its default; `values()` keeps a key when it was in
    the file, is required, or differs from the default, so an untouched form round-trips.
    """

    changed = Signal()

    def __init__(self, prefix: str, defaults: Mapping[str, Any], given: Mapping[str, Any],
                 required: Collection[str] = ()) -> None:
        super().__init__()
        self._prefix = prefix
        self._defaults = dict(defaults)
        self._keep = set(given) | set(required)
        self._widgets: dict[str, QWidget] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, default in self._defaults.items():
            value = given.get(key, default)
            if isinstance(default, bool):
                widget = QCheckBox()
                widget.setChecked(value)
                widget.toggled.connect(self.changed)
            else:
                widget = QLineEdit(_text(value))
                widget.textChanged.connect(self.changed)
            self._widgets[key] = widget
            form.addRow(key, widget)

    def field(self, key: str) -> QWidget:
        return self._widgets[key]

    def values(self) -> dict[str, Any]:
        out = {}
        for key, widget in self._widgets.items():
            default = self._defaults[key]
            if isinstance(widget, QCheckBox):
                value = widget.isChecked()
            else:
                value = _parse_like(widget.text(), f"{self._prefix}.{key}", default)
            if key in self._keep or value != default:
                out[key] = value
        return out


class ChoiceForm(QWidget):
    """A name picked from a combo plus that name's ParamForm (rebuilt when it changes)."""

    changed = Signal()

    def __init__(self, prefix: str, key: str, choices: Mapping[str, Mapping[str, Any]],
                 given: Mapping[str, Any] | None,
                 required: Mapping[str, Collection[str]] | None = None) -> None:
        super().__init__()
        self._prefix, self._key, self._choices = prefix, key, choices
        self._given = dict(given or {})
        self._required = required or {}
        self.combo = _combo(choices, self._given.get(key, "none"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.combo)
        self._form: ParamForm | None = None
        self._rebuild()
        self.combo.currentTextChanged.connect(self._rebuild)

    def _rebuild(self) -> None:
        if self._form is not None:
            _discard(self._form)
        name = self.combo.currentText()
        given = self._given if self._given.get(self._key) == name else {}
        given = {k: v for k, v in given.items() if k != self._key}
        self._form = ParamForm(self._prefix, self._choices[name], given,
                               self._required.get(name, ()))
        self._form.changed.connect(self.changed)
        self._layout.addWidget(self._form)
        self.changed.emit()

    def field(self, key: str) -> QWidget:
        """The editor of one keyword argument of the current choice."""
        return self._form.field(key)

    def values(self) -> dict[str, Any] | None:
        name = self.combo.currentText()
        if name == "none":
            return None
        return {self._key: name, **self._form.values()}


class _LayerRow:
    """The widgets of one weight layer: title, width, activation, dropout (hidden), frozen."""

    def __init__(self, neurons: int, activation: str, dropout: float, frozen: bool) -> None:
        self.title = QLabel()
        self.neurons = _spin(neurons, 1, MAX_NEURONS)
        self.activation = _combo(activations.NAMES, activation)
        self.dropout = QLineEdit(_text(dropout))
        self.frozen = QCheckBox(QCoreApplication.translate("LayersPanel", "frozen"))
        self.frozen.setToolTip(QCoreApplication.translate(
            "LayersPanel", "Keep this layer's weights and biases fixed while training"))
        self.frozen.setChecked(frozen)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.title, self.neurons, self.activation, self.dropout, self.frozen

    def connect(self, slot) -> None:
        self.neurons.valueChanged.connect(slot)
        self.activation.currentTextChanged.connect(slot)
        self.dropout.textChanged.connect(slot)
        self.frozen.toggled.connect(slot)


class LayersPanel(QWidget):
    """Neurons per layer, one activation per weight layer, dropout and freezing."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        self.inputs = _spin(spec.layers[0], 1, MAX_NEURONS)
        self.inputs.valueChanged.connect(self.changed)
        dropout = list(spec.dropout or [0.0] * (spec.n_weight_layers - 1)) + [0.0]
        self.rows: list[_LayerRow] = []
        for layer in range(1, len(spec.layers)):
            self._add_row(_LayerRow(spec.layers[layer], spec.activations[layer - 1],
                                    dropout[layer - 1], layer in spec.frozen_layers))
        self.slope = QLineEdit(_text(spec.leaky_relu_slope))
        self.slope.textChanged.connect(self.changed)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(5, 1)
        for column, title in enumerate((self.tr("Layer"), self.tr("Neurons"), self.tr("Activation"),
                                        self.tr("Dropout"))):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.grid.addWidget(QLabel(self.tr("0 · inputs")), 1, 0)
        self.grid.addWidget(self.inputs, 1, 1)
        add = QPushButton(self.tr("Add hidden layer"))
        add.clicked.connect(self.add_hidden)
        self.remove = QPushButton(self.tr("Remove hidden layer"))
        self.remove.clicked.connect(self.remove_hidden)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        buttons.addStretch()
        slope = QFormLayout()
        slope.addRow(self.tr("LeakyReLU slope"), self.slope)
        outer = QVBoxLayout(self)
        outer.addLayout(self.grid)
        outer.addLayout(buttons)
        outer.addLayout(slope)
        outer.addStretch()
        self._relayout()

    def _add_row(self, row: _LayerRow, at: int | None = None) -> None:
        row.connect(self.changed)
        self.rows.insert(len(self.rows) if at is None else at, row)

    def add_hidden(self) -> None:
        """A new last hidden layer, shaped like the one before it (3 sigmoids if none)."""
        last = self.rows[-2] if len(self.rows) > 1 else None
        neurons = last.neurons.value() if last else 3
        activation = last.activation.currentText() if last else "sigmoid"
        self._add_row(_LayerRow(neurons, activation, 0.0, False), -1)
        self._relayout()
        self.changed.emit()

    def remove_hidden(self) -> None:
        if len(self.rows) > 1:
            for widget in self.rows.pop(-2).widgets():
                _discard(widget)
            self._relayout()
            self.changed.emit()

    def _relayout(self) -> None:
        for row in self.rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
        for layer, row in enumerate(self.rows, start=1):
            hidden = layer < len(self.rows)
            role = self.tr("hidden") if hidden else self.tr("output")
            row.title.setText(f"{layer} · {role}")
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, layer + 1, column)
            row.dropout.setVisible(hidden)
        self.remove.setEnabled(len(self.rows) > 1)

    def widths(self) -> tuple[int, int]:
        """(inputs, outputs): what the inline data table's columns follow."""
        return self.inputs.value(), self.rows[-1].neurons.value()

    def follow_features(self, count: int) -> None:
        """With input features the input layer has one neuron per feature."""
        if count:
            self.inputs.setValue(count)
        elif not self.inputs.isEnabled():  # features just cleared: the raw (x1, x2) again
            self.inputs.setValue(2)
        self.inputs.setEnabled(not count)

    def values(self) -> dict[str, Any]:
        dropout = [parse_number(row.dropout.text(), f"dropout[{i}]")
                   for i, row in enumerate(self.rows[:-1])]
        return {
            "layers": [self.inputs.value()] + [row.neurons.value() for row in self.rows],
            "activations": [row.activation.currentText() for row in self.rows],
            "frozen_layers": [layer for layer, row in enumerate(self.rows, start=1)
                              if row.frozen.isChecked()],
            "dropout": dropout if any(dropout) else None,
            "leaky_relu_slope": parse_number(self.slope.text(), "leaky_relu_slope"),
        }


class TrainingPanel(QWidget):
    """Loss, optimizer, schedule, batching, L1 and precision."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        self.loss = _combo(losses.NAMES, spec.loss)
        # weight_decay is the L2 rate, edited beside L1 rather than among the optimizer's keys
        without_l2 = {name: {k: v for k, v in keys.items() if k != "weight_decay"}
                      for name, keys in OPTIMIZER_DEFAULTS.items()}
        self.optimizer = ChoiceForm("optimizer", "name", without_l2, spec.optimizer)
        self._l2_given = "weight_decay" in spec.optimizer
        self.l2 = QLineEdit(_text(spec.optimizer_kwargs()["weight_decay"]))
        self.l2.setToolTip(self.tr("L2 regularization: the optimizer's weight_decay "
                                   "(AdamW: decoupled weight decay)"))
        self.scheduler = ChoiceForm("scheduler", "name", {"none": {}, **SCHEDULER_PREFILL},
                                    spec.scheduler, SCHEDULER_REQUIRED)
        self.batch = _spin(spec.batch_size or 0, 0, 1_000_000)
        self.batch.setSpecialValueText(self.tr("full batch"))
        self.shuffle = QCheckBox(self.tr("shuffle each epoch"))
        self.shuffle.setChecked(spec.shuffle)
        self.l1 = QLineEdit(_text(spec.l1))
        self.dtype = _combo(DTYPES, spec.dtype)
        form = QFormLayout(self)
        form.addRow(self.tr("Loss"), self.loss)
        form.addRow(self.tr("Optimizer"), self.optimizer)
        form.addRow(self.tr("Scheduler"), self.scheduler)
        form.addRow(self.tr("Batch size"), self.batch)
        form.addRow("", self.shuffle)
        form.addRow("L1 λ", self.l1)
        form.addRow(self.tr("L2 λ (weight decay)"), self.l2)
        form.addRow(self.tr("Precision"), self.dtype)
        for signal in (self.loss.currentTextChanged, self.optimizer.changed,
                       self.scheduler.changed, self.batch.valueChanged, self.shuffle.toggled,
                       self.l1.textChanged, self.l2.textChanged, self.dtype.currentTextChanged):
            signal.connect(self.changed)

    def values(self) -> dict[str, Any]:
        optimizer = self.optimizer.values()
        l2 = parse_number(self.l2.text(), "optimizer.weight_decay")
        if self._l2_given or l2 != OPTIMIZER_DEFAULTS[optimizer["name"]]["weight_decay"]:
            optimizer["weight_decay"] = l2
        return {
            "loss": self.loss.currentText(),
            "optimizer": optimizer,
            "scheduler": self.scheduler.values(),
            "batch_size": self.batch.value() or None,
            "shuffle": self.shuffle.isChecked(),
            "l1": parse_number(self.l1.text(), "l1"),
            "dtype": self.dtype.currentText(),
        }


class WeightsPanel(QWidget):
    """Keep the weights at the cursor, or draw new ones from an init scheme and seed."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec, init: Mapping[str, Any] | None) -> None:
        super().__init__()
        self._spec = spec
        self._init = dict(init or {"scheme": "torch_default", "seed": 0})
        self.scheme = _combo((KEEP_WEIGHTS, *INIT_SCHEMES),
                             KEEP_WEIGHTS if spec.weights is not None else self._init["scheme"])
        self.init_seed = _spin(self._init.get("seed", 0), 0, 2**31 - 1)
        self.train_biases = QCheckBox(self.tr("train biases"))
        self.train_biases.setChecked(spec.train_biases)
        self.seed = _spin(spec.seed, 0, 2**31 - 1)
        form = QFormLayout(self)
        form.addRow(self.tr("Initial weights"), self.scheme)
        form.addRow(self.tr("Init seed"), self.init_seed)
        form.addRow("", self.train_biases)
        form.addRow(self.tr("Seed (dropout, shuffle)"), self.seed)
        for signal in (self.scheme.currentTextChanged, self.init_seed.valueChanged,
                       self.train_biases.toggled, self.seed.valueChanged):
            signal.connect(self.changed)

    def values(self, layers: list[int]) -> dict[str, Any]:
        common = {"train_biases": self.train_biases.isChecked(), "seed": self.seed.value()}
        scheme = self.scheme.currentText()
        if scheme == KEEP_WEIGHTS:
            if tuple(layers) != self._spec.layers:
                raise SpecError("weights", "the layer sizes changed: choose an init scheme")
            return {**common, "weights": self._spec.weights, "biases": self._spec.biases}
        # Scheme-specific options (gain, mode, nonlinearity…) survive only with their scheme.
        init = dict(self._init) if scheme == self._init["scheme"] else {"scheme": scheme}
        init["seed"] = self.init_seed.value()
        return {**common, "init": init}


class InlineData(QWidget):
    """Inputs and targets typed into a table; its columns follow the layer widths."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        data = spec.data if "inputs" in spec.data and "csv" not in spec.data else \
            {"inputs": [[0.0] * spec.layers[0]], "targets": [[0.0] * spec.layers[-1]]}
        self.classes = QCheckBox(self.tr("targets are class indices (cross-entropy)"))
        self.classes.setChecked(spec.loss == "cross_entropy" and spec.layers[-1] > 1
                                and len(data["targets"][0]) == 1)
        self.table = QTableWidget()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self._widths = (spec.layers[0], spec.layers[-1])
        target_text = _class_text if self.classes.isChecked() else _text
        self._fill([[_text(v) for v in row] for row in data["inputs"]],
                   [[target_text(v) for v in row] for row in data["targets"]])
        add = QPushButton(self.tr("Add sample"))
        add.clicked.connect(self.add_row)
        remove = QPushButton(self.tr("Remove sample"))
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        for widget in (add, remove, self.classes):
            buttons.addWidget(widget)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(self.changed)
        self.classes.toggled.connect(lambda: self._reshape(self._widths))

    def _target_width(self) -> int:
        return 1 if self.classes.isChecked() else self._widths[1]

    def _fill(self, inputs: list[list[str]], targets: list[list[str]]) -> None:
        n_in, n_t = self._widths[0], self._target_width()
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(inputs))
        self.table.setColumnCount(n_in + n_t)
        names = ["class"] if self.classes.isChecked() else [f"t{j}" for j in range(1, n_t + 1)]
        self.table.setHorizontalHeaderLabels([f"x{j}" for j in range(1, n_in + 1)] + names)
        for r, (x, t) in enumerate(zip(inputs, targets, strict=True)):
            cells = (x + ["0"] * n_in)[:n_in] + (t + ["0"] * n_t)[:n_t]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)

    def _cells(self) -> tuple[list[list[str]], list[list[str]]]:
        rows = [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
        n_in = self._widths[0]
        return [row[:n_in] for row in rows], [row[n_in:] for row in rows]

    def set_widths(self, inputs: int, outputs: int) -> None:
        if (inputs, outputs) != self._widths:
            self._reshape((inputs, outputs))

    def _reshape(self, widths: tuple[int, int]) -> None:
        cells = self._cells()
        self._widths = widths
        self._fill(*cells)
        self.changed.emit()

    def add_row(self) -> None:
        inputs, targets = self._cells()
        self._fill(inputs + [[]], targets + [[]])
        self.changed.emit()

    def remove_row(self) -> None:
        inputs, targets = self._cells()
        if len(inputs) > 1:
            self._fill(inputs[:-1], targets[:-1])
            self.changed.emit()

    def values(self) -> dict[str, Any]:
        inputs, targets = self._cells()
        return {key: [[parse_number(v, f"data.{key}[{r}][{c}]") for c, v in enumerate(row)]
                      for r, row in enumerate(rows)]
                for key, rows in (("inputs", inputs), ("targets", targets))}


class CsvData(QWidget):
    """A CSV file (stored relative to the network file) and the names of its target columns."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        self._base_dir = spec.base_dir
        data = spec.data if "csv" in spec.data else {"csv": "", "targets": []}
        #: what the file says and this form does not edit, kept so the network round-trips
        self._kept = {k: v for k, v in data.items() if k in ("inputs", "standardize", "test_fraction")}
        self.path = QLineEdit(data["csv"])
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        self.targets = QLineEdit(", ".join(data["targets"]))
        self.columns = QLabel()
        self.columns.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("CSV file"), row)
        form.addRow(self.tr("Target columns"), self.targets)
        form.addRow("", self.columns)
        self.path.textChanged.connect(self._show_columns)
        self.path.textChanged.connect(self.changed)
        self.targets.textChanged.connect(self.changed)
        self._show_columns()

    def _resolved(self) -> Path:
        return Path(self._base_dir or ".") / self.path.text()

    def _show_columns(self) -> None:
        """At every keystroke: a name that is a pipe must not wait for a writer (it hung)."""
        try:
            header = data_mod.csv_header(self._resolved())
        except SpecError:
            self.columns.setText("")
            return
        self.columns.setText(self.tr("Columns: ") + ", ".join(header))

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import CSV data"), self._base_dir,
                                              "CSV files (*.csv)")
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        """Relative to the network file's folder when there is one, so the pair can move."""
        self.path.setText(os.path.relpath(path, self._base_dir) if self._base_dir else path)

    def values(self) -> dict[str, Any]:
        if not self.path.text():
            raise SpecError("data.csv", "choose a CSV file")
        names = [n.strip() for n in self.targets.text().split(",") if n.strip()]
        return {"csv": self.path.text(), "targets": names, **self._kept}


class GeneratorData(QWidget):
    """A Playground-style data set: which one, how many points, noise, test ratio, seed."""

    changed = Signal()
    #: the teacher picked another data set (its name)
    chosen = Signal(str)

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        given = spec.data if "generator" in spec.data else {"generator": "circles"}
        self._given = dict(given)
        self.combo = _combo(GENERATORS, given["generator"])
        self.problem = QLabel()
        self.n = _spin(given.get("n", GENERATOR_DEFAULTS["n"]), 1, 100_000)
        self.noise = QLineEdit(_text(given.get("noise", GENERATOR_DEFAULTS["noise"])))
        self.noise.setToolTip(self.tr("Standard deviation of the noise, as a fraction of the "
                                      "data's spread (0 = clean)"))
        self.test = _spin(round(given.get("test_fraction", 0.0) * 100), 0, MAX_TEST_PERCENT)
        self.test.setSuffix(" %")
        self.test.setToolTip(self.tr("Share of the points held out as test data: never trained "
                                     "on, drawn hollow, their loss plotted beside the training loss"))
        self.seed = _spin(given.get("seed", GENERATOR_DEFAULTS["seed"]), 0, 2**31 - 1)
        self.classes = _spin(given.get("classes", max(spec.layers[-1], 2)), 2, MAX_NEURONS)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Data set"), self.combo)
        form.addRow("", self.problem)
        form.addRow(self.tr("Points"), self.n)
        form.addRow(self.tr("Noise"), self.noise)
        form.addRow(self.tr("Test data"), self.test)
        form.addRow(self.tr("Seed (data, split)"), self.seed)
        form.addRow(self.tr("Classes"), self.classes)
        self._form = form
        self.combo.currentTextChanged.connect(self._chosen)
        for signal in (self.n.valueChanged, self.noise.textChanged, self.test.valueChanged,
                       self.seed.valueChanged, self.classes.valueChanged):
            signal.connect(self.changed)
        self._show_kind()

    @property
    def regression(self) -> bool:
        return self.combo.currentText() in REGRESSION_GENERATORS

    def _show_kind(self) -> None:
        self.problem.setText(self.tr("regression: the output is a value") if self.regression
                             else self.tr("classification: the output is a class"))
        self._form.setRowVisible(self.classes, self.combo.currentText() in MULTICLASS_GENERATORS)

    def _chosen(self, name: str) -> None:
        self._show_kind()
        self.chosen.emit(name)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """Keys the file had, or whose value differs from the default, so it round-trips."""
        name = self.combo.currentText()
        out: dict[str, Any] = {"generator": name}
        for key, value in (("n", self.n.value()), ("seed", self.seed.value()),
                           ("noise", parse_number(self.noise.text(), "data.noise"))):
            if key in self._given or value != GENERATOR_DEFAULTS[key]:
                out[key] = value
        if name in MULTICLASS_GENERATORS and ("classes" in self._given or self.classes.value() > 2):
            out["classes"] = self.classes.value()
        given = self._given.get("test_fraction", 0.0)
        percent = self.test.value()
        if percent or "test_fraction" in self._given:
            out["test_fraction"] = given if percent == round(given * 100) else percent / 100
        return out


class FeaturesBox(QWidget):
    """Playground's input features: each checked one is an input neuron named after it;
    none checked means the raw inputs."""

    changed = Signal()

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        chosen = set(spec.features or ())
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, name in enumerate(FEATURES):
            box = QCheckBox(FEATURE_LABELS[name])
            box.setChecked(name in chosen)
            box.toggled.connect(self.changed)
            self.boxes[name] = box
            grid.addWidget(box, i // FEATURE_COLUMNS, i % FEATURE_COLUMNS)

    def features(self) -> list[str] | None:
        checked = [name for name, box in self.boxes.items() if box.isChecked()]
        return checked or None


class DataPanel(QWidget):
    """Inline samples, a seeded generator, or a CSV file; and the input features."""

    changed = Signal()
    #: a data set was chosen (a generator's name; also when the source becomes "generator")
    datasetChosen = Signal(str)
    SOURCES = ("inline table", "generator", "CSV file")

    def __init__(self, spec: NetworkSpec) -> None:
        super().__init__()
        self.inline = InlineData(spec)
        self.generator = GeneratorData(spec)
        self.csv = CsvData(spec)
        self.stack = QStackedWidget()
        for widget in (self.inline, self.generator, self.csv):
            self.stack.addWidget(widget)
            widget.changed.connect(self.changed)
        current = 1 if "generator" in spec.data else 2 if "csv" in spec.data else 0
        self.source = _combo(self.SOURCES, self.SOURCES[current])
        self.stack.setCurrentIndex(current)
        self.features_box = FeaturesBox(spec)
        self.features_box.changed.connect(self.changed)
        self.generator.chosen.connect(self.datasetChosen)
        self.source.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.source.currentIndexChanged.connect(self._source_changed)
        layout = QFormLayout(self)
        layout.addRow(self.tr("Source"), self.source)
        layout.addRow(self.stack)
        layout.addRow(QLabel(self.tr("<b>Input features</b> (none checked: the raw inputs)")))
        layout.addRow(self.features_box)

    def _source_changed(self) -> None:
        if self.stack.currentWidget() is self.generator:
            self.datasetChosen.emit(self.generator.combo.currentText())
        self.changed.emit()

    def features(self) -> list[str] | None:
        return self.features_box.features()

    def values(self) -> dict[str, Any]:
        return self.stack.currentWidget().values()


class NetworkEditor(QDialog):
    """Builds a NetworkSpec; `result_spec` holds it once the dialog is accepted."""

    def __init__(self, spec: NetworkSpec, init: Mapping[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network builder"))
        readable(self, MIN_POINTS)
        self._base = spec
        self.result_spec: NetworkSpec | None = None
        self.name = QLineEdit(spec.name)
        self.description = QLineEdit(spec.description)
        self.description.setCursorPosition(0)
        self.layers = LayersPanel(spec)
        self.training = TrainingPanel(spec)
        self.weights = WeightsPanel(spec, init)
        self.data = DataPanel(spec)
        tabs = QTabWidget()
        for panel, title in ((self.layers, self.tr("Layers")), (self.training, self.tr("Training")),
                             (self.weights, self.tr("Weights")), (self.data, self.tr("Data"))):
            tabs.addTab(_scrolling(panel), title)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        name = QFormLayout()
        name.addRow(self.tr("Name"), self.name)
        name.addRow(self.tr("Description"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(name)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.layers.changed.connect(self._follow_layers)
        self.data.changed.connect(self._follow_features)
        self.data.datasetChosen.connect(self._follow_dataset)
        for panel in (self.layers, self.training, self.weights, self.data):
            panel.changed.connect(self.validate)
        self.name.textChanged.connect(self.validate)
        self.description.textChanged.connect(self.validate)
        self.resize(820, 680)
        self.validate()

    def _follow_layers(self) -> None:
        """The inline table has the raw inputs' columns: 2 with features, else one per input."""
        inputs, outputs = self.layers.widths()
        self.data.inline.set_widths(2 if self.data.features() else inputs, outputs)

    def _follow_features(self) -> None:
        self.layers.follow_features(len(self.data.features() or ()))

    def _follow_dataset(self, name: str) -> None:
        """Regression or classification follows the data set, as in Playground."""
        loss, output = self.training.loss, self.layers.rows[-1]
        if name in REGRESSION_GENERATORS and loss.currentText() in CLASSIFICATION_LOSSES:
            loss.setCurrentText("mse")
            output.activation.setCurrentText("identity")
            output.neurons.setValue(1)
        elif name not in REGRESSION_GENERATORS and loss.currentText() not in CLASSIFICATION_LOSSES:
            loss.setCurrentText("bce")
            output.activation.setCurrentText("sigmoid")

    def build(self) -> NetworkSpec:
        """The spec the fields describe; raises SpecError naming the first bad field."""
        layers = self.layers.values()
        raw = {"format": FORMAT, "name": self.name.text(), "description": self.description.text(),
               **layers, **self.training.values(), **self.weights.values(layers["layers"]),
               "data": self.data.values(), "features": self.data.features()}
        spec = from_dict(raw, base_dir=self._base.base_dir)
        data_mod.resolve(spec)
        return spec

    def validate(self) -> bool:
        try:
            self.result_spec = self.build()
        except SpecError as err:
            self.result_spec = None
            self.error.setText(err.line())
        else:
            self.error.setText("")
        ok = self.result_spec is not None
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)
        return ok
