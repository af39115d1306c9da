"""Every optimizer variant and the held-out test loss against torch, on small networks.

The optimizer settings are torch's keyword arguments; the expected numbers come from
torch.optim via reference.TorchTraining, the test loss from a torch forward pass.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .networks import regression_full_batch
from .reference import TorchTraining

VARIANTS = [
    {"name": "sgd", "lr": 0.1, "weight_decay": 0.1},
    {"name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05},
    {"name": "sgd", "lr": 0.1, "momentum": 0.5, "dampening": 0.3},
    {"name": "adagrad", "lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.1,
     "eps": 1e-6},
    {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "weight_decay": 0.1, "eps": 1e-6},
    {"name": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.05},
    {"name": "adam", "lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1, "eps": 1e-6},
    {"name": "adam", "lr": 0.05, "amsgrad": True},
    {"name": "adamw", "lr": 0.05, "weight_decay": 0.3, "amsgrad": True},
]


@pytest.mark.parametrize("optimizer", VARIANTS, ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()))
def test_every_optimizer_variant_equals_torch_optim(optimizer: dict) -> None:
    net = {**regression_full_batch(), "optimizer": optimizer}
    session = Session(spec_mod.from_dict(net))
    session.trainer.run(4)
    reference = TorchTraining(net)
    keys = [p.key for p in reference.params]
    for step in reference.run(4):
        rec = session.history[step.iteration]
        np.testing.assert_allclose(rec.after, [step.after[k] for k in keys], rtol=1e-12, atol=1e-14)


def test_the_test_loss_is_torchs_loss_on_the_held_out_rows_after_each_update() -> None:
    raw = {"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "bce",
           "init": {"scheme": "xavier_uniform", "seed": 1}, "optimizer": {"name": "sgd", "lr": 0.5},
           "data": {"generator": "circles", "n": 40, "noise": 0.1, "seed": 2, "test_fraction": 0.25},
           "batch_size": 10, "shuffle": True}
    session = Session(spec_mod.from_dict(raw))
    session.trainer.run(5)
    x = torch.tensor(session.dataset.test_inputs)
    t = torch.tensor(session.dataset.test_targets)
    assert len(x) == 10
    for k in range(1, 6):
        theta = np.asarray(session.history.params_at(k))
        w1, b1 = torch.tensor(theta[:6].reshape(3, 2)), torch.tensor(theta[6:9])
        w2, b2 = torch.tensor(theta[9:12].reshape(1, 3)), torch.tensor(theta[12:13])
        out = torch.sigmoid(torch.tanh(x @ w1.T + b1) @ w2.T + b2)
        expected = F.binary_cross_entropy(out, t).item()
        assert session.test_losses()[k - 1] == pytest.approx(expected, rel=1e-12)
