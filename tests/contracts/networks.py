"""Network files for the contract tests: explicit weights, inline data, every option in play.

Each one sets a trap for a plausible bug: a neuron whose z is exactly 0 (relu′(0), leaky_relu′(0)),
dropout on hidden layers, a shuffled epoch whose last batch holds one sample (so the trace columns
are filled), a scheduler stepping at epoch ends, L1, frozen layers, untrained biases, a sigmoid
output saturated to exactly 1.0 and 0.0 under BCE.
"""

from __future__ import annotations

import numpy as np


def _weights(layers: list[int], seed: int, zero: dict[int, int] | None = None) -> tuple[list, list]:
    """Weights on a 1/8 grid (exact in binary), with neuron `zero[l]` of layer l given z = 0."""
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for l in range(1, len(layers)):
        w = np.round(rng.uniform(-1, 1, (layers[l], layers[l - 1])) * 8) / 8
        b = np.round(rng.uniform(-0.5, 0.5, layers[l]) * 8) / 8
        if zero and l in zero:
            w[zero[l] - 1] = 0.0
            b[zero[l] - 1] = 0.0
        weights.append(w.tolist())
        biases.append(b.tolist())
    return weights, biases


def mixed() -> dict:
    """relu → leaky_relu → sigmoid, BCE, dropout on both hidden layers, momentum, StepLR, L1;
    5 samples in shuffled batches of 2 (the third batch of each epoch holds one sample)."""
    layers = [3, 4, 3, 2]
    weights, biases = _weights(layers, 1, zero={1: 2, 2: 3})
    return {
        "format": "bpviewer-network/1", "name": "contract mixed", "layers": layers,
        "activations": ["relu", "leaky_relu", "sigmoid"], "leaky_relu_slope": 0.05, "loss": "bce",
        "weights": weights, "biases": biases,
        "optimizer": {"name": "sgd", "lr": 0.5, "momentum": 0.9, "dampening": 0.1},
        "scheduler": {"name": "step", "step_size": 1, "gamma": 0.5},
        "dropout": [0.25, 0.5], "l1": 0.001, "seed": 7, "batch_size": 2, "shuffle": True,
        "data": {"inputs": [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 1.0, 0.75],
                            [0.0, -2.0, 1.0], [2.0, 0.5, 0.125]],
                 "targets": [[1.0, 0.0], [0.0, 1.0], [0.3, 0.7], [1.0, 1.0], [0.0, 0.0]]},
    }


def softmax_frozen() -> dict:
    """tanh → softmax with cross-entropy on class indices, Adam, MultiStepLR, dropout,
    the first weight layer frozen; 4 samples in shuffled batches of 3 and 1."""
    layers = [2, 3, 3]
    weights, biases = _weights(layers, 2)
    return {
        "format": "bpviewer-network/1", "name": "contract softmax", "layers": layers,
        "activations": ["tanh", "softmax"], "loss": "cross_entropy",
        "weights": weights, "biases": biases, "frozen_layers": [1],
        "optimizer": {"name": "adam", "lr": 0.05, "weight_decay": 0.01},
        "scheduler": {"name": "multistep", "milestones": [1, 3], "gamma": 0.3},
        "dropout": [0.4], "seed": 3, "batch_size": 3, "shuffle": True,
        "data": {"inputs": [[0.5, -1.0], [1.5, 0.25], [-1.0, 1.0], [0.0, -2.0]],
                 "targets": [0, 2, 1, 2]},
    }


def logits_identity() -> dict:
    """sigmoid → identity with cross-entropy on probability rows (the trace on logits),
    RMSprop centered with momentum, biases not trained, one sample per shuffled batch."""
    layers = [2, 2, 2]
    weights, biases = _weights(layers, 3)
    return {
        "format": "bpviewer-network/1", "name": "contract logits", "layers": layers,
        "activations": ["sigmoid", "identity"], "loss": "cross_entropy",
        "weights": weights, "biases": biases, "train_biases": False,
        "optimizer": {"name": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": True},
        "scheduler": {"name": "exponential", "gamma": 0.9}, "seed": 11, "batch_size": 1,
        "shuffle": True,
        "data": {"inputs": [[0.5, -1.0], [1.5, 0.25], [-1.0, 1.0]],
                 "targets": [[0.2, 0.8], [1.0, 0.0], [0.5, 0.5]]},
    }


def regression_full_batch() -> dict:
    """tanh → identity, MSE, AdamW with amsgrad, the full batch in order."""
    layers = [2, 3, 1]
    weights, biases = _weights(layers, 4)
    return {
        "format": "bpviewer-network/1", "name": "contract regression", "layers": layers,
        "activations": ["tanh", "identity"], "loss": "mse", "weights": weights, "biases": biases,
        "optimizer": {"name": "adamw", "lr": 0.1, "amsgrad": True},
        "data": {"inputs": [[0.5, -1.0], [1.5, 0.25], [-1.0, 1.0]], "targets": [[0.3], [-0.2], [1.5]]},
    }


def saturated_bce() -> dict:
    """A sigmoid output of exactly 1.0 (z = 800), then exactly 0.0 (z = −800), under BCE:
    torch floors the log at −100 and clamps the gradient's denominator at float32(1e-12)."""
    return {
        "format": "bpviewer-network/1", "name": "contract saturated", "layers": [1, 1],
        "activations": ["sigmoid"], "loss": "bce", "weights": [[[800.0]]], "biases": [[0.0]],
        "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 1,
        "data": {"inputs": [[1.0], [-1.0]], "targets": [[0.5], [0.25]]},
    }


#: name → (network, iterations): enough iterations to cross two epoch boundaries
NETWORKS = {
    "mixed": (mixed(), 7),
    "softmax_frozen": (softmax_frozen(), 5),
    "logits_identity": (logits_identity(), 4),
    "regression_full_batch": (regression_full_batch(), 3),
    "saturated_bce": (saturated_bce(), 2),
}
