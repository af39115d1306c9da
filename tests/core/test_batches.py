"""Which samples an iteration uses follows the README's convention alone, in whatever order the
iterations are asked for: epoch e = (k − 1) // batches_per_epoch (from 0) is
`numpy.random.default_rng([seed, e]).permutation(n)`, cut into batches in order."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import presets
from bpviewer.core.session import Session

CIRCLES = presets.load("circles")  # 200 points, mini-batches of 20, shuffled: 10 batches an epoch


def expected(k: int, n: int = 200, batch: int = 20, seed: int = CIRCLES.seed) -> np.ndarray:
    epoch, j = divmod(k - 1, n // batch)
    return np.random.default_rng([seed, epoch]).permutation(n)[j * batch:(j + 1) * batch]


@pytest.mark.parametrize("asked", [[11], [12, 1, 30], [25, 24, 2, 11], [1, 10, 11, 21]])
def test_a_fresh_trainer_gives_each_iteration_its_epoch_s_batch(asked: list[int]) -> None:
    trainer = Session(CIRCLES).trainer
    assert (trainer.dataset.n, trainer.batch, CIRCLES.shuffle) == (200, 20, True)
    for k in asked:
        np.testing.assert_array_equal(trainer.batch_indices(k), expected(k), err_msg=f"iteration {k}")
