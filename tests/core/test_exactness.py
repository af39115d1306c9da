"""Every number the trace records equals torch.autograd and torch.optim (float64, 1e-12)."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .compare import check_session

ACTS = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
OPTIMIZERS = [
    {"name": "sgd", "lr": 0.1},
    {"name": "sgd", "lr": 0.05, "momentum": 0.9},
    {"name": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
    {"name": "sgd", "lr": 0.05, "momentum": 0.5, "dampening": 0.3},
    {"name": "adagrad", "lr": 0.1},
    {"name": "adagrad", "lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.02,
     "initial_accumulator_value": 0.1},
    {"name": "rmsprop", "lr": 0.01, "alpha": 0.9},
    {"name": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.01},
    {"name": "adam", "lr": 0.01, "betas": [0.9, 0.99]},
    {"name": "adam", "lr": 0.01, "amsgrad": True, "weight_decay": 0.01},
    {"name": "adamw", "lr": 0.01},
    {"name": "adamw", "lr": 0.01, "amsgrad": True, "weight_decay": 0.1},
]
SCHEDULERS = [None, {"name": "step", "step_size": 2, "gamma": 0.5},
              {"name": "multistep", "milestones": [1, 3], "gamma": 0.3},
              {"name": "exponential", "gamma": 0.9}]
HEADS = [("sse_half", None), ("mse", None), ("mae", None), ("smooth_l1", None),
         ("bce", "sigmoid"), ("cross_entropy", "softmax"), ("cross_entropy", "identity"),
         ("cross_entropy_prob", "softmax"), ("mse", "softmax")]


def random_spec(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 4))
    layers = [int(rng.integers(1, 6)) for _ in range(depth + 1)]
    loss, out_act = HEADS[seed % len(HEADS)]
    if loss.startswith("cross_entropy") or out_act == "softmax":
        layers[-1] = max(layers[-1], 2)
    acts = [ACTS[int(rng.integers(len(ACTS)))] for _ in range(depth)]
    if out_act:
        acts[-1] = out_act
    n = int(rng.integers(1, 7))
    inputs = rng.normal(size=(n, layers[0])).round(3).tolist()
    if loss == "bce":
        targets = rng.uniform(size=(n, layers[-1])).round(3).tolist()
    elif loss == "cross_entropy":
        targets = rng.integers(0, layers[-1], size=(n, 1)).tolist()
    elif loss == "cross_entropy_prob":
        p = rng.uniform(size=(n, layers[-1]))
        targets = (p / p.sum(axis=1, keepdims=True)).tolist()
    else:
        targets = rng.normal(size=(n, layers[-1])).round(3).tolist()
    raw = {
        "layers": layers, "activations": acts,
        "loss": "cross_entropy" if loss.startswith("cross") else loss,
        "weights": [rng.normal(0, 0.8, size=(layers[i + 1], layers[i])).tolist()
                    for i in range(depth)],
        "biases": [rng.normal(0, 0.3, size=layers[i + 1]).tolist() for i in range(depth)],
        "optimizer": OPTIMIZERS[seed % len(OPTIMIZERS)],
        "scheduler": SCHEDULERS[seed % len(SCHEDULERS)],
        "data": {"inputs": inputs, "targets": targets},
        "leaky_relu_slope": float(rng.choice([0.01, 0.1])),
        "batch_size": int(rng.integers(1, n + 1)) if seed % 3 else None,
        "shuffle": bool(seed % 2),
        "train_biases": bool(seed % 5),
        "l1": 0.01 if seed % 7 == 0 else 0.0,
    }
    if depth > 1 and seed % 4 == 0:
        raw["frozen_layers"] = [1]
    if depth > 1 and seed % 6 == 1:
        raw["dropout"] = [0.3] * (depth - 1)
    return raw


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_equals_torch(name: str) -> None:
    check_session(Session(presets.load(name)), 6)


@pytest.mark.parametrize("seed", range(216))
def test_random_network_equals_torch(seed: int) -> None:
    check_session(Session(spec_mod.from_dict(random_spec(seed))), 5)
