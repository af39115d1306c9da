"""The `bpviewer-network/1` file: parse, validate, save.

Every check raises SpecError naming the field, so a typo or a wrong shape becomes one
clear line instead of a traceback. A NetworkSpec is plain data; `to_dict` and
`from_dict` round-trip it exactly (floats are written with repr precision by json).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import activations, atomic, jsonfile, losses
from .errors import SpecError
from .jsonfile import LongNumber
from .texts import tr

FORMAT = "bpviewer-network/1"

OPTIMIZER_DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0,
            "nesterov": False},
    "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
                "initial_accumulator_value": 0.0, "eps": 1e-10},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                "momentum": 0.0, "centered": False},
    "adam": {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
             "amsgrad": False},
    "adamw": {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 1e-2,
              "amsgrad": False},
}

SCHEDULER_KEYS: dict[str, dict[str, Any]] = {
    "step": {"step_size": None, "gamma": 0.1},
    "multistep": {"milestones": None, "gamma": 0.1},
    "exponential": {"gamma": None},
}

INIT_SCHEMES = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
                "uniform", "normal", "zeros", "torch_default")
INIT_KEYS = {"scheme", "seed", "gain", "a", "b", "mean", "std", "mode", "nonlinearity"}

GENERATORS = ("xor", "circles", "moons", "spiral", "gaussians", "linear", "plane", "multi_gaussian")
REGRESSION_GENERATORS = ("plane", "multi_gaussian")
GENERATOR_KEYS = {"generator", "n", "noise", "seed", "classes"}

#: derived inputs a network can take instead of (x1, x2), as TensorFlow Playground offers
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2", "cos_x1", "cos_x2")

DTYPES = ("float64", "float32")

# The largest sizes a file may ask for, so that a typo is refused in one line instead of
# asking for terabytes. Generous for teaching: the notes' phone-price model is 20-128-256-4.
MAX_NEURONS = 10_000  # in one layer
MAX_LAYERS = 32  # input and output included
MAX_PARAMETERS = 1_000_000  # weights and biases
MAX_ROWS = 100_000  # samples: generated points, inline rows, CSV rows; and batch_size
MAX_SEED = 2**64 - 1  # torch's generator takes 64 bits
MAX_EPOCHS = 1_000_000_000  # scheduler step sizes and milestones
MAX_INIT = 1e6  # |mean|, std, a, b and gain of an init scheme


@dataclass(frozen=True)
class NetworkSpec:
    layers: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    data: dict[str, Any]
    name: str = "network"
    description: str = ""
    weights: list | None = None
    biases: list | None = None
    init: dict[str, Any] | None = None
    leaky_relu_slope: float = 0.01
    train_biases: bool = True
    frozen_layers: tuple[int, ...] = ()
    optimizer: dict[str, Any] = field(default_factory=lambda: {"name": "sgd", "lr": 0.1})
    scheduler: dict[str, Any] | None = None
    batch_size: int | None = None
    shuffle: bool = False
    l1: float = 0.0
    dropout: tuple[float, ...] | None = None
    seed: int = 0
    dtype: str = "float64"
    features: tuple[str, ...] | None = None
    base_dir: str = field(default="", compare=False)

    @property
    def n_weight_layers(self) -> int:
        return len(self.layers) - 1

    def optimizer_kwargs(self) -> dict[str, Any]:
        """The optimizer's full keyword arguments, torch's defaults filled in."""
        name = self.optimizer["name"]
        merged = dict(OPTIMIZER_DEFAULTS[name])
        merged.update({k: v for k, v in self.optimizer.items() if k != "name"})
        return merged

    def is_trainable(self, kind: str, layer: int) -> bool:
        """layer is 1-based, as in the file and the CSVs."""
        if layer in self.frozen_layers:
            return False
        return kind == "weight" or self.train_biases

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        for f in fields(self):
            if f.name == "base_dir":
                continue
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            if f.name in _OPTIONAL and value == _OPTIONAL[f.name]:
                continue
            out[f.name] = value
        return out

    def with_changes(self, **changes: Any) -> NetworkSpec:
        """A validated copy; raises SpecError and leaves this spec as it was."""
        candidate = replace(self, **changes).to_dict()
        return from_dict(candidate, base_dir=self.base_dir)


_OPTIONAL: dict[str, Any] = {
    "description": "", "weights": None, "biases": None, "init": None,
    "leaky_relu_slope": 0.01, "frozen_layers": [], "l1": 0.0, "dropout": None, "seed": 0,
    "dtype": "float64", "features": None,
}

_KEYS = {f.name for f in fields(NetworkSpec)} - {"base_dir"} | {"format"}


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def show(x: Any) -> str:
    """A value as a one-line message quotes it: short, whatever it is."""
    if isinstance(x, LongNumber):
        return repr(x)
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}" if x.bit_length() <= 64 else f"a {int(x.bit_length() * 0.30103) + 1:,}-digit number"
    if isinstance(x, (list, tuple)):
        return f"a list of {len(x)}"
    if isinstance(x, dict):
        return "an object"
    text = json.dumps(x, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _finite(x: Any, name: str) -> float:
    try:
        value = float(x) if _is_number(x) else math.nan
    except OverflowError:  # an integer of hundreds of digits
        value = math.inf
    if not math.isfinite(value):
        raise SpecError(name, tr("expected a finite number, got {x}", x=show(x)))
    return value


def _int(x: Any, name: str, low: int | None = None, high: int | None = None,
         unit: str = "") -> int:
    """An integer in [low, high]; `unit` names what is counted in the message ("neurons")."""
    if isinstance(x, bool) or not isinstance(x, int):
        raise SpecError(name, tr("expected an integer, got {x}", x=show(x)))
    if low is not None and x < low:
        raise SpecError(name, tr("must be at least {low}, got {x}", low=low, x=show(x)))
    if high is not None and x > high:
        raise SpecError(name, tr("{x}{unit} is over the limit of {high:,}", x=show(x),
                                 unit=f" {unit}" if unit else "", high=high))
    return x


def _bool(x: Any, name: str) -> bool:
    if not isinstance(x, bool):
        raise SpecError(name, tr("expected true or false, got {x}", x=show(x)))
    return x


def _matrix(x: Any, rows: int, cols: int, name: str, axes: str = "to × from") -> list[list[float]]:
    shape = f"{rows}×{cols} ({axes})"
    if not isinstance(x, list) or len(x) != rows:
        raise SpecError(name, tr("expected {shape}, got {shape2}", shape=shape,
                                 shape2=_describe_shape(x)))
    for i, row in enumerate(x):
        if not isinstance(row, list) or len(row) != cols:
            raise SpecError(name, tr("expected {shape}, row {value} is {shape2}", shape=shape,
                                     value=i + 1, shape2=_describe_shape(row)))
        for j, v in enumerate(row):
            _finite(v, f"{name}[{i}][{j}]")
    return [[float(v) for v in row] for row in x]


def _vector(x: Any, size: int, name: str) -> list[float]:
    """A layer's biases: one number per neuron (a matrix's message would call it 1×n)."""
    if not isinstance(x, list) or len(x) != size:
        raise SpecError(name, tr("expected {size} numbers (one per neuron), got {shape}", size=size,
                                 shape=_describe_shape(x)))
    for j, v in enumerate(x):
        _finite(v, f"{name}[{j}]")
    return [float(v) for v in x]


def _describe_shape(x: Any) -> str:
    if isinstance(x, list):
        if x and all(isinstance(r, list) for r in x):
            widths = sorted({len(r) for r in x})
            return f"{len(x)}×{'/'.join(map(str, widths))}"
        return f"a list of {len(x)}"
    return show(x)


def _check_keys(d: dict, allowed: set[str], name: str) -> None:
    for key in d:
        if key not in allowed:
            raise SpecError(f"{name}{key}" if name else key, tr("unknown key"))


def from_dict(raw: Any, base_dir: str = "") -> NetworkSpec:
    if not isinstance(raw, dict):
        raise SpecError("", tr("expected a JSON object at the top level"))
    jsonfile.check_tree(raw)
    _check_keys(raw, _KEYS, "")
    fmt = raw.get("format", FORMAT)
    if fmt != FORMAT:
        raise SpecError("format", tr("expected {FORMAT}, got {fmt}", FORMAT=repr(FORMAT),
                                     fmt=show(fmt)))
    for required in ("layers", "activations", "loss", "data"):
        if required not in raw:
            raise SpecError(required, tr("missing"))

    layers = _layers(raw["layers"])
    n_w = len(layers) - 1

    acts = raw["activations"]
    if not isinstance(acts, list) or len(acts) != n_w:
        raise SpecError("activations", tr("expected {n_w} names (one per weight layer)", n_w=n_w))
    for i, a in enumerate(acts):
        if a not in activations.NAMES:
            raise SpecError(f"activations[{i}]",
                            tr("unknown activation {a}; expected one of {value}", a=show(a),
                               value=', '.join(activations.NAMES)))
        if a == "softmax" and i != n_w - 1:
            raise SpecError(f"activations[{i}]", tr("softmax is only allowed on the output layer"))

    loss = raw["loss"]
    if loss not in losses.NAMES:
        raise SpecError("loss", tr("unknown loss {loss}; expected one of {value}", loss=show(loss),
                                   value=', '.join(losses.NAMES)))
    if loss == "cross_entropy" and acts[-1] not in ("softmax", "identity"):
        raise SpecError("loss", tr("cross_entropy needs a softmax or identity output activation"))
    if loss == "bce" and acts[-1] not in ("sigmoid", "softmax"):
        raise SpecError("loss", tr("bce needs outputs in (0, 1): use a sigmoid output activation"))

    slope = _finite(raw.get("leaky_relu_slope", 0.01), "leaky_relu_slope")

    weights = raw.get("weights")
    biases = raw.get("biases")
    init = raw.get("init")
    if weights is None and init is None:
        raise SpecError("weights", tr("missing: give weights (and biases) or an init scheme"))
    if weights is not None:
        if not isinstance(weights, list) or len(weights) != n_w:
            raise SpecError("weights", tr("expected {n_w} matrices, got {shape}", n_w=n_w,
                                          shape=_describe_shape(weights)))
        weights = [_matrix(w, layers[i + 1], layers[i], f"weights[{i}]")
                   for i, w in enumerate(weights)]
        if biases is None:
            biases = [[0.0] * layers[i + 1] for i in range(n_w)]
    if biases is not None:
        if weights is None:
            raise SpecError("biases", tr("given without weights"))
        if not isinstance(biases, list) or len(biases) != n_w:
            raise SpecError("biases", tr("expected {n_w} vectors, got {shape}", n_w=n_w,
                                         shape=_describe_shape(biases)))
        biases = [_vector(b, layers[i + 1], f"biases[{i}]") for i, b in enumerate(biases)]
    if init is not None:
        init = _init(init)

    train_biases = _bool(raw.get("train_biases", True), "train_biases")
    frozen = raw.get("frozen_layers", [])
    if not isinstance(frozen, list):
        raise SpecError("frozen_layers", tr("expected a list of weight-layer numbers (1-based)"))
    frozen = tuple(sorted({_int(v, "frozen_layers", 1) for v in frozen}))
    for v in frozen:
        if v > n_w:
            raise SpecError("frozen_layers", tr("layer {v} does not exist (there are {n_w})", v=v,
                                                n_w=n_w))

    optimizer = _optimizer(raw.get("optimizer", {"name": "sgd", "lr": 0.1}))
    scheduler = _scheduler(raw.get("scheduler"))

    batch_size = raw.get("batch_size")
    if batch_size is not None:
        batch_size = _int(batch_size, "batch_size", 1, MAX_ROWS, "samples")
    shuffle = _bool(raw.get("shuffle", False), "shuffle")
    l1 = _finite(raw.get("l1", 0.0), "l1")
    if l1 < 0:
        raise SpecError("l1", tr("must be ≥ 0, got {l1}", l1=l1))
    dropout = raw.get("dropout")
    if dropout is not None:
        if not isinstance(dropout, list) or len(dropout) != n_w - 1:
            raise SpecError("dropout", tr("expected {value} probabilities, one per hidden layer",
                                          value=n_w - 1))
        dropout = tuple(_finite(p, f"dropout[{i}]") for i, p in enumerate(dropout))
        for i, p in enumerate(dropout):
            if not 0.0 <= p < 1.0:
                raise SpecError(f"dropout[{i}]", tr("must be in [0, 1), got {p}", p=p))
    seed = _int(raw.get("seed", 0), "seed", 0, MAX_SEED)
    dtype = raw.get("dtype", "float64")
    if dtype not in DTYPES:
        raise SpecError("dtype", tr("expected float64 or float32, got {dtype}", dtype=show(dtype)))

    name = raw.get("name", "network")
    description = raw.get("description", "")
    if not isinstance(name, str):
        raise SpecError("name", tr("expected a string"))
    if not isinstance(description, str):
        raise SpecError("description", tr("expected a string"))
    features = raw.get("features")
    if features is not None:
        if not isinstance(features, list) or not features:
            raise SpecError("features", tr("expected a list of input features from {value}",
                                           value=', '.join(FEATURES)))
        for i, f in enumerate(features):
            if f not in FEATURES:
                raise SpecError(f"features[{i}]", tr("unknown feature {f}; expected one of {value}",
                                                     f=show(f), value=', '.join(FEATURES)))
        if len(set(features)) != len(features):
            raise SpecError("features", tr("a feature is listed twice"))
        if len(features) != layers[0]:
            raise SpecError("layers[0]", tr("{n} features need {n2} inputs", n=len(features),
                                            n2=len(features)))
        features = tuple(features)
    data = _data(raw["data"], layers, loss, 2 if features else layers[0])

    return NetworkSpec(
        layers=layers, activations=tuple(acts), loss=loss, data=data, name=name,
        description=description, weights=weights, biases=biases, init=init,
        leaky_relu_slope=slope, train_biases=train_biases, frozen_layers=frozen,
        optimizer=optimizer, scheduler=scheduler, batch_size=batch_size, shuffle=shuffle,
        l1=l1, dropout=dropout, seed=seed, dtype=dtype, features=features, base_dir=base_dir,
    )


def _layers(layers: Any) -> tuple[int, ...]:
    if not isinstance(layers, list) or len(layers) < 2:
        raise SpecError("layers", tr("expected a list of at least two neuron counts"))
    if len(layers) > MAX_LAYERS:
        raise SpecError("layers", tr("{n} layers; at most {MAX_LAYERS}", n=len(layers),
                                     MAX_LAYERS=MAX_LAYERS))
    out = tuple(_int(n, f"layers[{i}]", 1, MAX_NEURONS, "neurons") for i, n in enumerate(layers))
    count = sum((a + 1) * b for a, b in zip(out[:-1], out[1:], strict=False))
    if count > MAX_PARAMETERS:
        raise SpecError("layers", tr("{value} has {count:,} parameters; at most {MAX_PARAMETERS:,}",
                                     value='-'.join(map(str, out)), count=count,
                                     MAX_PARAMETERS=MAX_PARAMETERS))
    return out


def _init(init: Any) -> dict[str, Any]:
    if not isinstance(init, dict):
        raise SpecError("init", tr("expected an object like {{\"scheme\": \"xavier_uniform\", \"seed\": 0}}"))
    _check_keys(init, INIT_KEYS, "init.")
    scheme = init.get("scheme")
    if scheme not in INIT_SCHEMES:
        raise SpecError("init.scheme", tr("unknown scheme {scheme}; expected one of {value}",
                                          scheme=show(scheme), value=', '.join(INIT_SCHEMES)))
    out = dict(init)
    out["seed"] = _int(init.get("seed", 0), "init.seed", 0, MAX_SEED)
    for key in ("gain", "a", "b", "mean", "std"):
        if key in init:
            out[key] = _finite(init[key], f"init.{key}")
            if abs(out[key]) > MAX_INIT:
                raise SpecError(f"init.{key}", tr("{value} is over the limit of {MAX_INIT:g}",
                                                  value=init[key], MAX_INIT=MAX_INIT))
    for key in ("gain", "std"):
        if out.get(key, 0.0) < 0:
            raise SpecError(f"init.{key}", tr("must be ≥ 0, got {value}", value=init[key]))
    if scheme == "uniform" and out.get("a", 0.0) > out.get("b", 1.0):
        raise SpecError("init.b", tr("the range [a, b] is empty: a = {value} > b = {value2}",
                                     value=out.get('a', 0.0), value2=out.get('b', 1.0)))
    if "mode" in init and init["mode"] not in ("fan_in", "fan_out"):
        raise SpecError("init.mode", tr("expected fan_in or fan_out"))
    if "nonlinearity" in init and init["nonlinearity"] not in (
            "relu", "leaky_relu", "tanh", "sigmoid", "linear"):
        raise SpecError("init.nonlinearity", tr("expected relu, leaky_relu, tanh, sigmoid or linear"))
    return out


def _optimizer(opt: Any) -> dict[str, Any]:
    if not isinstance(opt, dict) or "name" not in opt:
        raise SpecError("optimizer", tr("expected an object with a name, e.g. {{\"name\": \"sgd\", \"lr\": "
                                        "0.5}}"))
    name = opt["name"]
    if not isinstance(name, str) or name not in OPTIMIZER_DEFAULTS:  # a list is no dict key
        raise SpecError("optimizer.name", tr("unknown optimizer {name}; expected one of {value}",
                                             name=show(name), value=', '.join(OPTIMIZER_DEFAULTS)))
    defaults = OPTIMIZER_DEFAULTS[name]
    _check_keys(opt, set(defaults) | {"name"}, "optimizer.")
    out: dict[str, Any] = {"name": name}
    for key, value in opt.items():
        if key == "name":
            continue
        where = f"optimizer.{key}"
        default = defaults[key]
        if isinstance(default, bool):
            out[key] = _bool(value, where)
        elif key == "betas":
            if not isinstance(value, list) or len(value) != 2:
                raise SpecError(where, tr("expected two numbers [beta1, beta2]"))
            out[key] = [_finite(b, f"{where}[{i}]") for i, b in enumerate(value)]
            for i, b in enumerate(out[key]):
                if not 0.0 <= b < 1.0:
                    raise SpecError(f"{where}[{i}]", tr("must be in [0, 1), got {b}", b=b))
        else:
            out[key] = _finite(value, where)
            if key == "lr" and out[key] <= 0:
                raise SpecError(where, tr("learning rate must be positive, got {value}", value=value))
            if out[key] < 0:
                raise SpecError(where, tr("must be ≥ 0, got {value}", value=value))
            if key in ("alpha",) and out[key] > 1:
                raise SpecError(where, tr("must be ≤ 1, got {value}", value=value))
    merged = {**defaults, **out}
    if name == "sgd" and merged["nesterov"] and (merged["momentum"] <= 0 or merged["dampening"]):
        raise SpecError("optimizer.nesterov", tr("needs momentum > 0 and dampening 0"))
    return out


def _scheduler(sched: Any) -> dict[str, Any] | None:
    if sched is None:
        return None
    if not isinstance(sched, dict) or not isinstance(sched.get("name"), str) or \
            sched["name"] not in SCHEDULER_KEYS:
        raise SpecError("scheduler.name", tr("expected null or an object named step, multistep or "
                                             "exponential"))
    keys = SCHEDULER_KEYS[sched["name"]]
    _check_keys(sched, set(keys) | {"name"}, "scheduler.")
    out: dict[str, Any] = {"name": sched["name"]}
    for key, default in keys.items():
        if key not in sched:
            if default is None:
                raise SpecError(f"scheduler.{key}", tr("missing"))
            continue
        value = sched[key]
        if key == "step_size":
            out[key] = _int(value, "scheduler.step_size", 1, MAX_EPOCHS)
        elif key == "milestones":
            if not isinstance(value, list) or not value:
                raise SpecError("scheduler.milestones", tr("expected a list of epoch numbers"))
            out[key] = [_int(m, "scheduler.milestones", 1, MAX_EPOCHS) for m in value]
            if out[key] != sorted(set(out[key])):
                raise SpecError("scheduler.milestones", tr("must be increasing"))
        else:
            out[key] = _finite(value, f"scheduler.{key}")
            if out[key] <= 0:
                raise SpecError(f"scheduler.{key}", tr("must be positive, got {value}", value=value))
    return out


def _data(data: Any, layers: tuple[int, ...], loss: str, width: int) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SpecError("data", tr("expected an object with inputs/targets, a generator or a csv"))
    if "test_fraction" in data:
        fraction = _finite(data["test_fraction"], "data.test_fraction")
        if not 0.0 <= fraction < 1.0:
            raise SpecError("data.test_fraction", tr("must be in [0, 1), got {fraction}",
                                                     fraction=fraction))
        rest = _data({k: v for k, v in data.items() if k != "test_fraction"}, layers, loss, width)
        return {**rest, "test_fraction": fraction}
    if "generator" in data:
        _check_keys(data, GENERATOR_KEYS, "data.")
        if data["generator"] not in GENERATORS:
            raise SpecError("data.generator", tr("unknown generator {value}; expected one of {value2}",
                                                 value=show(data['generator']),
                                                 value2=', '.join(GENERATORS)))
        if width != 2:
            raise SpecError("layers[0]", tr("generated data sets have 2 inputs (or list features)"))
        out = {"generator": data["generator"]}
        if "n" in data:
            out["n"] = _int(data["n"], "data.n", 1, MAX_ROWS, "points")
        if "noise" in data:
            out["noise"] = _finite(data["noise"], "data.noise")
            if out["noise"] < 0:
                raise SpecError("data.noise", tr("must be ≥ 0"))
        if "seed" in data:
            out["seed"] = _int(data["seed"], "data.seed", 0, MAX_SEED)
        if "classes" in data:
            out["classes"] = _int(data["classes"], "data.classes", 2, MAX_NEURONS)
        _check_classes(out, layers[-1])
        return out
    if "csv" in data:
        _check_keys(data, {"csv", "targets", "inputs", "standardize"}, "data.")
        if not isinstance(data["csv"], str):
            raise SpecError("data.csv", tr("expected a file path"))
        if not isinstance(data.get("standardize", False), bool):
            raise SpecError("data.standardize", tr("expected true or false"))
        for key in ("targets", "inputs"):
            if key in data and (not isinstance(data[key], list)
                                or not all(isinstance(c, str) for c in data[key])):
                raise SpecError(f"data.{key}", tr("expected a list of column names"))
        if "targets" not in data:
            raise SpecError("data.targets", tr("missing: name the target columns"))
        named = data["targets"] + data.get("inputs", [])
        twice = next((c for i, c in enumerate(named) if c in named[:i]), None)
        if twice is not None:
            raise SpecError("data.targets" if twice in data["targets"] else "data.inputs",
                            tr("column {twice} is named twice", twice=repr(twice)))
        return dict(data)
    _check_keys(data, {"inputs", "targets"}, "data.")
    for key in ("inputs", "targets"):
        if key not in data:
            raise SpecError(f"data.{key}", tr("missing"))
    inputs = data["inputs"]
    if not isinstance(inputs, list) or not inputs:
        raise SpecError("data.inputs", tr("empty: give at least one sample"))
    if len(inputs) > MAX_ROWS:
        raise SpecError("data.inputs", tr("{n:,} samples; at most {MAX_ROWS:,}", n=len(inputs),
                                          MAX_ROWS=MAX_ROWS))
    inputs = _matrix(inputs, len(inputs), width, "data.inputs", "samples × inputs")
    targets = data["targets"]
    if not isinstance(targets, list) or len(targets) != len(inputs):
        raise SpecError("data.targets", tr("expected {n} rows, one per input", n=len(inputs)))
    if all(_is_number(t) for t in targets):
        targets = [[t] for t in targets]
    one_column = isinstance(targets[0], list) and len(targets[0]) == 1
    width = 1 if loss == "cross_entropy" and one_column else layers[-1]
    targets = _matrix(targets, len(inputs), width, "data.targets", "samples × targets")
    return {"inputs": inputs, "targets": targets}


def _check_classes(data: dict[str, Any], outputs: int) -> None:
    """A classification set's labels need an output each (or one sigmoid output for two)."""
    if data["generator"] not in ("spiral", "gaussians"):
        return
    classes = data.get("classes", outputs if outputs > 1 else 2)
    if classes > outputs and not (classes == 2 and outputs == 1):
        raise SpecError("data.classes", tr("{classes} classes need ≥ {classes2} outputs; the network "
                                           "has {outputs}",
                                           classes=classes, classes2=classes, outputs=outputs))


def load(path: str | os.PathLike) -> NetworkSpec:
    """A network file; anything wrong with it (bytes, JSON, fields) is one SpecError."""
    path = Path(path)
    raw = jsonfile.read(path)
    try:
        return from_dict(raw, base_dir=str(path.resolve().parent))
    except SpecError as exc:
        raise exc.with_source(str(path)) from None


def dumps(spec: NetworkSpec) -> str:
    return json.dumps(spec.to_dict(), indent=2, ensure_ascii=False) + "\n"


def save(spec: NetworkSpec, path: str | os.PathLike) -> None:
    """Whole or not at all, through symlinks, keeping the file's mode (see core.atomic);
    SpecError names the path when it cannot be written."""
    atomic.replace_text(path, dumps(spec))
