"""The overfitting preset does what its description promises: without regularization the
test loss turns up while the training loss keeps falling; L2 or L1 keeps it down."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import presets
from bpviewer.core.session import Session

ITERATIONS = 2000


def trained(**changes) -> Session:
    s = Session(presets.load("overfitting"))
    if changes:
        s.set_spec(**changes)
    s.run(ITERATIONS)
    return s


@pytest.fixture(scope="module")
def plain() -> Session:
    return trained()


def rise(s: Session) -> float:
    """How far the test loss ends above its lowest point."""
    test = s.test_losses()
    return float(test[-1] - test.min())


def test_without_regularization_the_test_loss_rises(plain):
    test = plain.test_losses()
    assert plain.losses()[-1] < 0.01  # the noise is memorised
    assert 20 < int(np.argmin(test)) < 500
    assert rise(plain) > 1.0 and test[-1] > 3 * test.min()


@pytest.mark.parametrize("changes", [
    {"optimizer": {"name": "adam", "lr": 0.01, "weight_decay": 0.01}},
    {"l1": 0.01},
], ids=["L2", "L1"])
def test_regularization_keeps_the_test_loss_down(plain, changes):
    regularized = trained(**changes)
    assert rise(regularized) < rise(plain) / 5
    assert regularized.test_losses()[-1] < plain.test_losses()[-1] / 2


def test_a_map_of_a_diverging_net_warns_nothing():
    """Huge finite weights overflow to inf and NaN in an evaluation; warnings are errors."""
    s = Session(presets.load("overfitting"))
    s.set_spec(activations=["relu", "relu", "sigmoid"])
    index = s.params.ref("weight", 1, 1, 1).index
    s.set_param(index, 1.7e308)
    maps = s.hidden_maps(np.array([[5.0, 5.0], [-5.0, 0.0]]))
    assert not np.isfinite(maps[1]).all()
    assert s.predict(np.array([[5.0, 5.0]])).shape == (1, 1)
