"""Import a TensorFlow Playground link: its URL fragment becomes a bpviewer network.

Playground classifies with labels ±1 and a tanh output; bpviewer uses the taught pairing
instead (sigmoid + binary cross-entropy, labels 0/1), and identity + MSE for regression.
Everything else carries over: data set, noise, train/test ratio, features, hidden layers,
activation, learning rate, L1/L2, batch size and seed.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import unquote

from .errors import SpecError
from .spec import NetworkSpec, from_dict
from .texts import tr

_DATASETS = {"circle": "circles", "xor": "xor", "gauss": "gaussians", "spiral": "spiral"}
_REG_DATASETS = {"reg-plane": "plane", "reg-gauss": "multi_gaussian"}
_ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "identity"}
_FEATURES = {"x": "x1", "y": "x2", "xSquared": "x1^2", "ySquared": "x2^2", "xTimesY": "x1*x2",
             "sinX": "sin_x1", "sinY": "sin_x2", "cosX": "cos_x1", "cosY": "cos_x2"}
_IGNORED = {"showTestData", "discretize", "collectStats", "hideText", "initZero", "stepButton_hide",
            "playButton_hide", "tutorial", "seed"}
_KNOWN = {"activation", "batchSize", "dataset", "regDataset", "learningRate", "regularizationRate",
          "noise", "networkShape", "percTrainData", "problem", "regularization"} | set(_FEATURES) | _IGNORED
FIELD = "playground link"
#: Playground's own limits, which bpviewer's drawing of an imported network relies on
MAX_HIDDEN_LAYERS = 6
MAX_HIDDEN_NEURONS = 8
_RANGES = {"noise": (0, 50), "percTrainData": (10, 90), "batchSize": (1, 30)}


def parse_fragment(url: str) -> dict[str, str]:
    url = url.strip()
    if "#" in url:
        fragment = url.split("#", 1)[1]
    elif "=" in url and "://" not in url:
        fragment = url
    else:
        fragment = ""
    if not fragment.strip():
        raise SpecError(FIELD, tr("has no #… settings fragment"))
    pairs = {}
    for part in fragment.split("&"):
        if not part:
            continue
        if "=" not in part:
            raise SpecError(FIELD, tr("malformed setting {part} (expected key=value)",
                                      part=repr(part)))
        key, value = part.split("=", 1)
        if key not in _KNOWN and not key.endswith("_hide"):
            raise SpecError(FIELD, tr("unknown setting {key}", key=repr(key)))
        pairs[key] = unquote(value)
    return pairs


def _quote(text: str) -> str:
    """A setting's value as the message quotes it: short, however long the link."""
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _number(pairs: dict[str, str], key: str, default: float) -> float:
    if key not in pairs:
        return default
    try:
        value = float(pairs[key])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise SpecError(FIELD, tr("{key}={value} is not a finite number", key=key,
                                  value=_quote(pairs[key])))
    low, high = _RANGES.get(key, (-math.inf, math.inf))
    if not low <= value <= high:
        raise SpecError(FIELD, tr("{key}={value}: Playground allows {low:g} to {high:g}", key=key,
                                  value=_quote(pairs[key]), low=low, high=high))
    return value


def _hidden(pairs: dict[str, str]) -> list[int]:
    text = pairs.get("networkShape", "4,2")
    parts = [v for v in text.split(",") if v != ""]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise SpecError(FIELD, tr("networkShape has {n} hidden layers; Playground allows at most "
                                  "{MAX_HIDDEN_LAYERS}",
                                  n=len(parts), MAX_HIDDEN_LAYERS=MAX_HIDDEN_LAYERS))
    for v in parts:
        if not (v.isascii() and v.isdigit() and len(v) <= 3 and 1 <= int(v) <= MAX_HIDDEN_NEURONS):
            raise SpecError(FIELD, tr("networkShape={text}: each hidden layer has 1 to "
                                      "{MAX_HIDDEN_NEURONS} neurons, as in Playground",
                                      text=_quote(text), MAX_HIDDEN_NEURONS=MAX_HIDDEN_NEURONS))
    return [int(v) for v in parts]


def to_raw(pairs: dict[str, str]) -> dict[str, Any]:
    problem = pairs.get("problem", "classification")
    if problem not in ("classification", "regression"):
        raise SpecError(FIELD, tr("problem={problem}: expected classification or regression",
                                  problem=repr(problem)))
    activation = pairs.get("activation", "tanh")
    if activation not in _ACTIVATIONS:
        raise SpecError(FIELD, tr("activation={activation}: expected {value}",
                                  activation=repr(activation), value=', '.join(_ACTIVATIONS)))
    hidden = _hidden(pairs)
    features = [name for key, name in _FEATURES.items() if pairs.get(key) == "true"]
    if not features:
        features = ["x1", "x2"]
    if problem == "regression":
        dataset = _REG_DATASETS.get(pairs.get("regDataset", "reg-plane"))
        if dataset is None:
            raise SpecError(FIELD, tr("regDataset={value} is not a Playground data set",
                                      value=repr(pairs['regDataset'])))
    else:
        dataset = _DATASETS.get(pairs.get("dataset", "circle"))
        if dataset is None:
            raise SpecError(FIELD, tr("dataset={value} is not a Playground data set",
                                      value=repr(pairs['dataset'])))
    lr = _number(pairs, "learningRate", 0.03)
    rate = _number(pairs, "regularizationRate", 0.0)
    regularization = pairs.get("regularization", "none")
    if regularization not in ("none", "L1", "L2"):
        raise SpecError(FIELD, tr("regularization={regularization}: expected none, L1 or L2",
                                  regularization=repr(regularization)))
    optimizer: dict[str, Any] = {"name": "sgd", "lr": lr}
    if regularization == "L2" and rate:
        optimizer["weight_decay"] = rate
    layers = [len(features), *hidden, 1]
    raw: dict[str, Any] = {
        "name": f"Playground: {dataset}",
        "description": "Imported from a TensorFlow Playground link.",
        "layers": layers,
        "activations": [_ACTIVATIONS[activation]] * len(hidden)
        + (["identity"] if problem == "regression" else ["sigmoid"]),
        "loss": "mse" if problem == "regression" else "bce",
        "features": features,
        "init": {"scheme": "xavier_uniform", "seed": 0},
        "optimizer": optimizer,
        "data": {"generator": dataset, "n": 500, "noise": _number(pairs, "noise", 0.0) / 100.0,
                 "seed": 0, "test_fraction": 1.0 - _number(pairs, "percTrainData", 50.0) / 100.0},
        "batch_size": _batch_size(pairs),
        "shuffle": True,
    }
    if regularization == "L1" and rate:
        raw["l1"] = rate
    return raw


def _batch_size(pairs: dict[str, str]) -> int:
    size = _number(pairs, "batchSize", 10)
    if size != int(size):
        raise SpecError(FIELD, tr("batchSize={value}: expected a whole number",
                                  value=_quote(pairs['batchSize'])))
    return int(size)


def import_link(url: str) -> NetworkSpec:
    """The network a Playground link describes; SpecError names what is wrong."""
    raw = to_raw(parse_fragment(url))
    try:
        return from_dict(raw)
    except SpecError as exc:
        raise SpecError(FIELD, tr("{field}: {problem}", field=exc.field, problem=exc.problem)) from None
