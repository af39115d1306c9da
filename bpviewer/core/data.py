"""Training data: inline rows, seeded 2-D generators, or a CSV file; and batching.

Targets are always stored as a float matrix the loss can use directly. Class-index
targets for cross-entropy become one-hot rows here (torch gives identical values and
gradients for a class index and its one-hot probability row) and keep their labels.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import SpecError
from .spec import REGRESSION_GENERATORS, NetworkSpec


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


def _two_class(x: np.ndarray, y: np.ndarray, spec: NetworkSpec, classes: int) -> Dataset:
    outputs = spec.layers[-1]
    if outputs == 1:
        targets = y[:, None].astype(float)
        return Dataset(x, targets, y.astype(int))
    if outputs < classes:
        raise SpecError("layers", f"the data set has {classes} classes but the network "
                                  f"has {outputs} outputs")
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
    field = "data.csv"
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise SpecError(field, f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(field, f"cannot read {path}: {exc}") from None
    if len(rows) < 2:
        raise SpecError(field, f"{path.name} has no data rows")
    header = [h.strip() for h in rows[0]]
    for name in targets + (inputs or []):
        if name not in header:
            raise SpecError("data.targets" if name in targets else "data.inputs",
                            f"no column {name!r} in {path.name}")
    input_cols = inputs if inputs is not None else [h for h in header if h not in targets]
    values = np.empty((len(rows) - 1, len(header)))
    for r, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise SpecError(field, f"{path.name} line {r}: expected {len(header)} cells, got {len(row)}")
        for c, cell in enumerate(row):
            try:
                values[r - 2, c] = float(cell)
            except ValueError:
                raise SpecError(field, f"{path.name} line {r}, column {header[c]!r}: "
                                       f"{cell!r} is not a number") from None
    if not np.isfinite(values).all():
        raise SpecError(field, f"{path.name} holds a non-finite number")
    x = values[:, [header.index(h) for h in input_cols]]
    t = values[:, [header.index(h) for h in targets]]
    width = 2 if spec.features else spec.layers[0]
    if x.shape[1] != width:
        raise SpecError(field, f"{path.name} gives {x.shape[1]} input columns, "
                               f"the network needs {width}")
    return _check_targets(spec, x, t)


def _check_targets(spec: NetworkSpec, x: np.ndarray, t: np.ndarray) -> Dataset:
    outputs = spec.layers[-1]
    if spec.loss == "cross_entropy":
        if t.shape[1] == 1 and outputs > 1:
            labels = t[:, 0]
            if (labels != np.round(labels)).any() or labels.min() < 0 or labels.max() >= outputs:
                raise SpecError("data.targets", f"class indices must be integers 0..{outputs - 1}")
            labels = labels.astype(int)
            return Dataset(x, np.eye(outputs)[labels], labels)
        if (t < 0).any():
            raise SpecError("data.targets", "probability rows must not be negative")
    if t.shape[1] != outputs:
        raise SpecError("data.targets", f"expected {outputs} target columns, got {t.shape[1]}")
    if spec.loss == "bce" and ((t < 0) | (t > 1)).any():
        raise SpecError("data.targets", "bce targets must lie in [0, 1]")
    return Dataset(x, t)


def resolve(spec: NetworkSpec) -> Dataset:
    """The data set the network trains on, features applied and the test rows held out."""
    full = _resolve_raw(spec)
    raw = full.inputs
    x = apply_features(spec.features, raw)
    fraction = spec.data.get("test_fraction", 0.0)
    if not fraction:
        return Dataset(_standardized(spec, x, x), full.targets, full.labels, raw)
    order = np.random.default_rng([spec.data.get("seed", spec.seed), 1]).permutation(full.n)
    n_test = int(round(full.n * fraction))
    if n_test >= full.n:
        raise SpecError("data.test_fraction", "leaves no training data")
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


def _resolve_raw(spec: NetworkSpec) -> Dataset:
    d = spec.data
    if d.get("generator") in REGRESSION_GENERATORS:
        x, y = generate_regression(d["generator"], d.get("n", 200), d.get("noise", 0.0), d.get("seed", 0))
        return _check_targets(spec, x, y)
    if "generator" in d:
        classes = d.get("classes", spec.layers[-1] if spec.layers[-1] > 1 else 2)
        if d["generator"] in ("xor", "circles", "moons", "linear"):
            classes = 2
        x, y = generate(d["generator"], d.get("n", 200), d.get("noise", 0.0), d.get("seed", 0),
                        classes)
        return _two_class(x, y, spec, classes)
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
