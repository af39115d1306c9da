"""Training data: inline rows, seeded 2-D generators, or a CSV file; and batching.

Targets are always stored as a float matrix the loss can use directly. Class-index
targets for cross-entropy become one-hot rows here (torch gives identical values and
gradients for a class index and its one-hot probability row) and keep their labels.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import jsonfile
from .errors import SpecError
from .spec import MAX_ROWS, REGRESSION_GENERATORS, NetworkSpec, show
from .texts import tr

#: samples × the widest layer: the size of one layer's values for a full-batch pass
#: (80 MB in float64), so a large data set on a wide network is refused, not swapped
MAX_VALUES = 10_000_000
#: the csv module's own limit on one cell
MAX_CELL = 131_072


@dataclass(frozen=True)
class Dataset:
    """Training rows (and held-out test rows); `raw` are the inputs before features."""

    inputs: np.ndarray
    targets: np.ndarray
    labels: np.ndarray | None = None
    raw: np.ndarray | None = None
    test_inputs: np.ndarray | None = None
    test_targets: np.ndarray | None = None
    test_labels: np.ndarray | None = None
    test_raw: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.inputs.shape[0]

    @property
    def has_test(self) -> bool:
        return self.test_inputs is not None and len(self.test_inputs) > 0

    @property
    def has_plane(self) -> bool:
        """A map over the input plane means something: two raw inputs and several rows
        (one sample, as Mazur's, colours the plane with no boundary to see)."""
        return self.raw is not None and self.raw.shape[1] == 2 and self.n > 1


FEATURE_LABELS = {"x1": "x1", "x2": "x2", "x1^2": "x1²", "x2^2": "x2²", "x1*x2": "x1·x2",
                  "sin_x1": "sin x1", "sin_x2": "sin x2", "cos_x1": "cos x1", "cos_x2": "cos x2"}

_FEATURE_FUNCTIONS = {
    "x1": lambda x: x[:, 0], "x2": lambda x: x[:, 1],
    "x1^2": lambda x: x[:, 0] ** 2, "x2^2": lambda x: x[:, 1] ** 2,
    "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin_x1": lambda x: np.sin(x[:, 0]), "sin_x2": lambda x: np.sin(x[:, 1]),
    "cos_x1": lambda x: np.cos(x[:, 0]), "cos_x2": lambda x: np.cos(x[:, 1]),
}


def apply_features(features: tuple[str, ...] | None, raw: np.ndarray) -> np.ndarray:
    """The network's input columns for raw (n, 2) points: the features, or raw itself."""
    if not features:
        return raw
    raw = np.asarray(raw)
    return np.stack([_FEATURE_FUNCTIONS[f](raw) for f in features], axis=1)


def _two_class(x: np.ndarray, y: np.ndarray, spec: NetworkSpec) -> Dataset:
    """One 0/1 target for a single output, one-hot rows otherwise (spec checked the count)."""
    outputs = spec.layers[-1]
    if outputs == 1:
        targets = y[:, None].astype(float)
        return Dataset(x, targets, y.astype(int))
    return Dataset(x, np.eye(outputs)[y], y.astype(int))


def generate(kind: str, n: int, noise: float, seed: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Playground-style 2-D sets in roughly [−6, 6]²; labels 0..classes−1."""
    rng = np.random.default_rng(seed)
    if kind == "xor":
        x = rng.uniform(-5, 5, size=(n, 2))
        x += np.sign(x) * 0.3
        y = (x[:, 0] * x[:, 1] < 0).astype(int)
    elif kind == "circles":
        y = np.arange(n) % 2
        r = np.where(y == 0, rng.uniform(0, 2.0, n), rng.uniform(3.5, 5.0, n))
        angle = rng.uniform(0, 2 * np.pi, n)
        x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    elif kind == "moons":
        y = np.arange(n) % 2
        angle = rng.uniform(0, np.pi, n)
        x = np.where(y[:, None] == 0,
                     np.stack([np.cos(angle), np.sin(angle)], axis=1),
                     np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1))
        x = (x - [0.5, 0.25]) * 3.0
    elif kind == "spiral":
        y = np.arange(n) % classes
        t = rng.uniform(0, 1, n)
        r = 5.0 * t
        angle = 1.75 * 2 * np.pi * t + 2 * np.pi * y / classes
        x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    elif kind == "gaussians":
        y = np.arange(n) % classes
        centres = 3.0 * np.stack([np.cos(2 * np.pi * np.arange(classes) / classes + 0.25 * np.pi),
                                  np.sin(2 * np.pi * np.arange(classes) / classes + 0.25 * np.pi)],
                                 axis=1)
        x = centres[y] + rng.normal(0, 1.0, size=(n, 2))
    else:
        x = rng.uniform(-5, 5, size=(n, 2))
        y = (x[:, 0] + x[:, 1] > 0).astype(int)
    x = x + rng.normal(0, noise * 5.0, size=x.shape) if noise else x
    return x.astype(float), y.astype(int)


_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1],
                   [4, -2.5, -1]], float)


def generate_regression(kind: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Playground's regression sets: a tilted plane, or six Gaussian bumps of ±1."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-6, 6, size=(n, 2))
    if kind == "plane":
        y = (x[:, 0] + x[:, 1]) / 12.0
    else:
        d2 = ((x[:, None, :] - _BUMPS[None, :, :2]) ** 2).sum(axis=2)
        y = (_BUMPS[:, 2] * np.exp(-d2 / 2.0)).sum(axis=1)
    y = y + rng.normal(0, noise, size=n) if noise else y
    return x, y[:, None]


def _read_csv(path: Path, spec: NetworkSpec, targets: list[str], inputs: list[str] | None) -> Dataset:
    """Excel's "CSV UTF-8" (a BOM) and a trailing blank line read as expected; a repeated
    column name, an oversized cell or a non-finite number is refused with its line."""
    header, values = _csv_values(path, targets, inputs or [])
    input_cols = inputs if inputs is not None else [h for h in header if h not in targets]
    x = values[:, [header.index(h) for h in input_cols]]
    t = values[:, [header.index(h) for h in targets]]
    width = 2 if spec.features else spec.layers[0]
    if x.shape[1] != width:
        raise SpecError("data.csv", tr("{name} gives {value} input columns, the network needs {width}",
                                       name=path.name, value=x.shape[1], width=width))
    return _check_targets(spec, x, t)


def _csv_values(path: Path, targets: list[str], inputs: list[str]) -> tuple[list[str], np.ndarray]:
    field = "data.csv"
    try:
        text = jsonfile.decode(jsonfile.read_bytes(path), str(path))
    except SpecError as exc:
        raise SpecError(field, tr("{path}: {problem}", path=path, problem=exc.problem)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[list[float]] = []
    try:
        for row in reader:
            if not row:
                continue
            if header is None:
                header = _header(row, path.name, targets, inputs)
                continue
            if len(rows) == MAX_ROWS:
                raise SpecError(field, tr("{name} has more than {MAX_ROWS:,} data rows",
                                          name=path.name, MAX_ROWS=MAX_ROWS))
            rows.append(_row(row, header, f"{path.name} line {reader.line_num}"))
    except csv.Error as exc:
        raise SpecError(field, tr("{name} line {line_num}: {problem}", name=path.name,
                                  line_num=reader.line_num, problem=_csv_problem(exc))) from None
    if not rows:
        raise SpecError(field, tr("{name} has no data rows", name=path.name))
    return header, np.array(rows, dtype=float)


def csv_header(path: Path) -> list[str]:
    """A CSV's column names (its first row that is not blank), for the network editor to list
    as the teacher types the file's name; SpecError where the file cannot be read as training
    would read it (a folder, a pipe that would wait for a writer, > 64 MB, not UTF-8, a NUL)."""
    text = jsonfile.decode(jsonfile.read_bytes(path), str(path))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        row = next((row for row in reader if row), [])
    except csv.Error as exc:
        raise SpecError("data.csv", tr("{name} line {line_num}: {problem}", name=path.name,
                                       line_num=reader.line_num, problem=_csv_problem(exc)),
                        str(path)) from None
    return [h.strip() for h in row]


def _csv_problem(exc: csv.Error) -> str:
    return f"a cell longer than {MAX_CELL:,} characters" if "field limit" in str(exc) else str(exc)


def _header(row: list[str], name: str, targets: list[str], inputs: list[str]) -> list[str]:
    header = [h.strip() for h in row]
    for i, h in enumerate(header):
        if h in header[:i]:
            raise SpecError("data.csv", tr("{name}: column {h} appears twice (columns {value} and "
                                           "{value2})",
                                           name=name, h=repr(h), value=header.index(h) + 1, value2=i + 1))
    for column in targets + inputs:
        if column not in header:
            hint = tr(" (bpviewer reads commas; this file seems to use ';')") if ";" in row[0] else ""
            raise SpecError("data.targets" if column in targets else "data.inputs",
                            tr("no column {column} in {name}{hint}", column=repr(column), name=name,
                               hint=hint))
    return header


def _row(row: list[str], header: list[str], where: str) -> list[float]:
    if len(row) != len(header):
        raise SpecError("data.csv", tr("{where}: expected {n} cells, got {n2}", where=where,
                                       n=len(header), n2=len(row)))
    out = []
    for h, cell in zip(header, row, strict=True):
        try:  # float() also reads "1_000" and other scripts' digits ("０.５"), which spreadsheets
            # and pandas do not take for numbers: a typo "0_5" was read as 5
            value = float(cell) if cell.isascii() and "_" not in cell else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise SpecError("data.csv", tr("{where}, column {h}: {cell} is not a finite number",
                                           where=where, h=repr(h), cell=show(cell)))
        out.append(value)
    return out


def _check_targets(spec: NetworkSpec, x: np.ndarray, t: np.ndarray) -> Dataset:
    outputs = spec.layers[-1]
    if spec.loss == "cross_entropy":
        if t.shape[1] == 1 and outputs > 1:
            labels = t[:, 0]
            if (labels != np.round(labels)).any() or labels.min() < 0 or labels.max() >= outputs:
                raise SpecError("data.targets", tr("class indices must be integers 0..{value}",
                                                   value=outputs - 1))
            labels = labels.astype(int)
            return Dataset(x, np.eye(outputs)[labels], labels)
        if (t < 0).any():
            raise SpecError("data.targets", tr("probability rows must not be negative"))
    if t.shape[1] != outputs:
        raise SpecError("data.targets", tr("expected {outputs} target columns, got {value}",
                                           outputs=outputs, value=t.shape[1]))
    if spec.loss == "bce" and ((t < 0) | (t > 1)).any():
        raise SpecError("data.targets", tr("bce targets must lie in [0, 1]"))
    return Dataset(x, t)


def resolve(spec: NetworkSpec) -> Dataset:
    """The data set the network trains on, features applied and the test rows held out."""
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is refused below, by name
        full = _resolve_raw(spec)
        raw = full.inputs
        x = apply_features(spec.features, raw)
    _check_size(spec, full.n)
    for name, column in zip(spec.features or (), x.T, strict=False):
        if not np.isfinite(column).all():
            raise SpecError("features", tr("{name} overflows on these inputs (a non-finite value)",
                                           name=name))
    fraction = spec.data.get("test_fraction", 0.0)
    if not fraction:
        return Dataset(_standardized(spec, x, x), full.targets, full.labels, raw)
    order = np.random.default_rng([spec.data.get("seed", spec.seed), 1]).permutation(full.n)
    n_test = int(round(full.n * fraction))
    if n_test >= full.n:
        raise SpecError("data.test_fraction", tr("leaves no training data"))
    test, train = order[:n_test], order[n_test:]

    def rows(a: np.ndarray | None, idx: np.ndarray) -> np.ndarray | None:
        return None if a is None else a[idx]

    return Dataset(_standardized(spec, x[train], x[train]), full.targets[train],
                   rows(full.labels, train), raw[train], _standardized(spec, x[test], x[train]),
                   full.targets[test], rows(full.labels, test), raw[test])


def _standardized(spec: NetworkSpec, x: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """With data.standardize: (x − mean) / std of the training rows (sklearn's StandardScaler:
    population std, a constant column left at 0)."""
    if not spec.data.get("standardize"):
        return x
    std = fit.std(axis=0)
    return (x - fit.mean(axis=0)) / np.where(std > 0, std, 1.0)


def _check_size(spec: NetworkSpec, n: int) -> None:
    widest = max(spec.layers)
    if n * widest > MAX_VALUES:
        raise SpecError("data", tr("{n:,} samples × {widest:,} neurons = {value:,} values in a layer; "
                                   "at most {MAX_VALUES:,} (fewer samples or neurons)",
                                   n=n, widest=widest, value=n * widest, MAX_VALUES=MAX_VALUES))


def _generated(x: np.ndarray, y: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Refuse a noise so large that the points overflow, as a CSV's inf is refused."""
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise SpecError("data.noise", tr("{noise:g} makes generated values infinite", noise=noise))
    return x, y


def _resolve_raw(spec: NetworkSpec) -> Dataset:
    d = spec.data
    noise = d.get("noise", 0.0)
    if d.get("generator") in REGRESSION_GENERATORS:
        x, y = _generated(*generate_regression(d["generator"], d.get("n", 200), noise,
                                               d.get("seed", 0)), noise)
        return _check_targets(spec, x, y)
    if "generator" in d:
        classes = d.get("classes", spec.layers[-1] if spec.layers[-1] > 1 else 2)
        if d["generator"] in ("xor", "circles", "moons", "linear"):
            classes = 2
        x, y = _generated(*generate(d["generator"], d.get("n", 200), noise, d.get("seed", 0),
                                    classes), noise)
        return _two_class(x, y, spec)
    if "csv" in d:
        path = Path(d["csv"])
        if not path.is_absolute():
            path = Path(spec.base_dir or ".") / path
        return _read_csv(path, spec, d["targets"], d.get("inputs"))
    return _check_targets(spec, np.asarray(d["inputs"], float), np.asarray(d["targets"], float))


def epoch_order(n: int, epoch: int, shuffle: bool, seed: int) -> np.ndarray:
    """Sample order for a 0-based epoch: in order, or a permutation seeded by (seed, epoch)."""
    if not shuffle:
        return np.arange(n)
    return np.random.default_rng([seed, epoch]).permutation(n)
