"""Rewinding to iteration k and training on equals training straight through, bit for bit —
at epoch boundaries too, where the scheduler has stepped (DESIGN: "stepping back is as fast as
stepping forward"; a branch must not forget the lr, the optimizer state or the epoch's order)."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .networks import mixed

N = 8


def rows(session: Session) -> dict[str, np.ndarray]:
    """Each iteration's parameters after, gradient, scalars (loss, lr, epoch, …) and batch."""
    hist = session.history
    records = [hist[k] for k in range(1, len(hist) + 1)]
    return {"after": np.array([r.after for r in records]), "grad": np.array([r.grad for r in records]),
            "scalars": np.array([hist.scalars(k) for k in range(1, len(hist) + 1)]),
            "indices": np.concatenate([r.indices for r in records] or [np.zeros(0)])}


@pytest.fixture(scope="module")
def straight() -> dict[str, np.ndarray]:
    session = Session(spec_mod.from_dict(mixed()))
    session.trainer.run(N)
    return rows(session)


@pytest.mark.parametrize("k", range(N))
def test_trainer_rewind_then_continue_equals_straight(straight, k: int) -> None:
    session = Session(spec_mod.from_dict(mixed()))
    session.trainer.run(N)
    session.trainer.rewind(k)
    assert len(session.history) == k
    session.trainer.run(N - k)
    got = rows(session)
    for name, expected in straight.items():
        np.testing.assert_array_equal(got[name], expected, err_msg=f"{name} after rewind to {k}")


@pytest.mark.parametrize("k", [2, 3, 6])
def test_session_branch_with_the_same_settings_equals_straight(straight, k: int) -> None:
    """The Session's own path: go to iteration k, re-set the optimizer (a branch), run on."""
    session = Session(spec_mod.from_dict(mixed()))
    session.goto(N)
    session.goto(k)
    session.set_spec(optimizer=dict(session.spec.optimizer))
    assert len(session.history) == k
    session.goto(N)
    got = rows(session)
    for name, expected in straight.items():
        np.testing.assert_array_equal(got[name], expected, err_msg=f"{name} after branch at {k}")


def test_the_lr_steps_at_each_epoch_end(straight) -> None:
    """mixed(): 5 samples in batches of 2 → 3 iterations an epoch, StepLR(1, 0.5) from 0.5."""
    lrs = straight["scalars"][:, 3]
    assert lrs.tolist() == [0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]
