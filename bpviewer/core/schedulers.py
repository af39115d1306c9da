"""Learning-rate schedules stepped once per epoch, in torch's chainable form.

torch multiplies the current lr by gamma at each boundary rather than computing
base·gammaᵏ, so the same is done here to agree to the last bit.
"""

from __future__ import annotations

from typing import Any


def next_lr(scheduler: dict[str, Any] | None, lr: float, epoch: int) -> float:
    """The lr after the scheduler's step that ends 1-based `epoch`."""
    if scheduler is None:
        return lr
    name = scheduler["name"]
    if name == "step":
        gamma = scheduler.get("gamma", 0.1)
        return lr * gamma if epoch % scheduler["step_size"] == 0 else lr
    if name == "multistep":
        gamma = scheduler.get("gamma", 0.1)
        return lr * gamma ** scheduler["milestones"].count(epoch) if epoch in scheduler["milestones"] else lr
    return lr * scheduler["gamma"]


def curve(scheduler: dict[str, Any] | None, lr: float, epochs: int) -> list[float]:
    """lr used in epochs 1..epochs."""
    out = []
    for epoch in range(1, epochs + 1):
        out.append(lr)
        lr = next_lr(scheduler, lr, epoch)
    return out
