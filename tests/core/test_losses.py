"""The loss's divisor the chain panel writes (`/ n`, `/ N`) is torch's reduction: its sum over
its mean, from torch itself; ½Σ (the notes' squared error) divides by nothing. A loss the
engine does not know is named in the error."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bpviewer.core.losses import divisor, gradient, terms

BATCH, OUTPUTS = 3, 4
SUMMED = {
    "mse": lambda a, t, r: F.mse_loss(a, t, reduction=r),
    "mae": lambda a, t, r: F.l1_loss(a, t, reduction=r),
    "smooth_l1": lambda a, t, r: F.smooth_l1_loss(a, t, reduction=r),
    "bce": lambda a, t, r: F.binary_cross_entropy(a.sigmoid(), t, reduction=r),
    "cross_entropy": lambda a, t, r: F.cross_entropy(a, t.argmax(dim=1), reduction=r),
}


@pytest.mark.parametrize("name", sorted(SUMMED))
def test_the_divisor_is_torchs_sum_over_its_mean(name: str) -> None:
    g = torch.Generator().manual_seed(0)
    a = torch.rand(BATCH, OUTPUTS, generator=g, dtype=torch.float64)
    t = torch.rand(BATCH, OUTPUTS, generator=g, dtype=torch.float64)
    loss = SUMMED[name]
    ratio = (loss(a, t, "sum") / loss(a, t, "mean")).item()
    assert float(divisor(name, BATCH, OUTPUTS)) == pytest.approx(ratio, rel=1e-12)


def test_half_the_squared_error_divides_by_nothing() -> None:
    assert divisor("sse_half", BATCH, OUTPUTS) == "1"


@pytest.mark.parametrize("of", [terms, gradient])
def test_an_unknown_loss_is_named(of) -> None:
    ones = np.ones((1, 2))
    with pytest.raises(ValueError, match="'hinge'"):
        of("hinge", ones, ones, ones)
