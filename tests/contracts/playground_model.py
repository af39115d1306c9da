"""What a TensorFlow Playground link means, written from Playground's own settings (state.ts),
independently of bpviewer/core/playground.py: the link a teacher would copy, and the network
bpviewer promises for it (README: data set, noise, test ratio, features, layers, activation,
learning rate, L1/L2 and batch size carry over; classification becomes sigmoid + BCE)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

#: Playground's input ids in its own order, and the bpviewer feature each one is
FEATURES = [("x", "x1"), ("y", "x2"), ("xSquared", "x1^2"), ("ySquared", "x2^2"), ("xTimesY", "x1*x2"),
            ("sinX", "sin_x1"), ("sinY", "sin_x2"), ("cosX", "cos_x1"), ("cosY", "cos_x2")]
DATASETS = {"circle": "circles", "xor": "xor", "gauss": "gaussians", "spiral": "spiral"}
REG_DATASETS = {"reg-plane": "plane", "reg-gauss": "multi_gaussian"}
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": "identity"}


@dataclass
class Settings:
    problem: str = "classification"
    dataset: str = "circle"
    reg_dataset: str = "reg-plane"
    activation: str = "tanh"
    learning_rate: float = 0.03
    regularization: str = "none"
    regularization_rate: float = 0.0
    noise: int = 0
    perc_train: int = 50
    batch_size: int = 10
    hidden: list[int] = field(default_factory=lambda: [4, 2])
    inputs: list[str] = field(default_factory=lambda: ["x", "y"])

    def link(self) -> str:
        parts = [f"activation={self.activation}", f"batchSize={self.batch_size}",
                 f"dataset={self.dataset}", f"regDataset={self.reg_dataset}",
                 f"learningRate={self.learning_rate}", f"regularizationRate={self.regularization_rate}",
                 f"noise={self.noise}", f"networkShape={','.join(map(str, self.hidden))}", "seed=0.81214",
                 "showTestData=false", "discretize=false", f"percTrainData={self.perc_train}"]
        parts += [f"{pid}={'true' if pid in self.inputs else 'false'}" for pid, _ in FEATURES]
        parts += ["collectStats=false", f"problem={self.problem}", "initZero=false", "hideText=false",
                  f"regularization={self.regularization}"]
        return "https://playground.tensorflow.org/#" + "&".join(parts)

    def expected(self) -> dict:
        """The fields of the bpviewer network this link must become."""
        features = [name for pid, name in FEATURES if pid in self.inputs] or ["x1", "x2"]
        regression = self.problem == "regression"
        rate = self.regularization_rate
        return {
            "layers": (len(features), *self.hidden, 1),
            "activations": (ACTIVATIONS[self.activation],) * len(self.hidden)
            + ("identity" if regression else "sigmoid",),
            "loss": "mse" if regression else "bce",
            "features": tuple(features),
            "generator": (REG_DATASETS[self.reg_dataset] if regression else DATASETS[self.dataset]),
            "noise": self.noise / 100,
            "test_fraction": 1 - self.perc_train / 100,
            "lr": self.learning_rate,
            "weight_decay": rate if self.regularization == "L2" else 0.0,
            "l1": rate if self.regularization == "L1" else 0.0,
            "batch_size": self.batch_size,
            "shuffle": True,
        }


def observed(spec) -> dict:
    """The same fields read from an imported NetworkSpec."""
    return {
        "layers": spec.layers, "activations": spec.activations, "loss": spec.loss,
        "features": spec.features, "generator": spec.data["generator"],
        "noise": spec.data.get("noise", 0.0), "test_fraction": spec.data.get("test_fraction", 0.0),
        "lr": spec.optimizer_kwargs()["lr"], "weight_decay": spec.optimizer_kwargs()["weight_decay"],
        "l1": spec.l1, "batch_size": spec.batch_size, "shuffle": spec.shuffle,
    }


def assert_alike(ours: dict, theirs: dict) -> None:
    """Every field as described: floats to 1e-15, the rest equal."""
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        if isinstance(value, float):
            assert ours[key] == pytest.approx(value, rel=1e-15, abs=1e-15), key
        else:
            assert ours[key] == value, key
