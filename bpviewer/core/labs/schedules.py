"""Learning-rate schedules from torch.optim.lr_scheduler, and exponentially weighted averages.

The lr curves come from torch's schedulers stepping a real SGD optimizer (the notes'
lr 0.1, momentum 0.9), so what is plotted is what a training loop would use. The
averages are the recurrence v_t = β·v_(t−1) + (1 − β)·θ_t, with or without the bias
correction v_t / (1 − βᵗ) that fixes the start at v_0 = 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import torch

from ..formula import fmt
from ..texts import N_
from .table import Table, table

EPOCHS = 200
BASE_LR = 0.1
MOMENTUM = 0.9


@dataclass(frozen=True)
class Schedule:
    label: str
    factory: type
    kwargs: dict = field(default_factory=dict)


SCHEDULES = {
    "step": Schedule("StepLR", torch.optim.lr_scheduler.StepLR,
                     {"step_size": 20, "gamma": 0.1}),
    "multistep": Schedule("MultiStepLR", torch.optim.lr_scheduler.MultiStepLR,
                          {"milestones": [50, 125, 160], "gamma": 0.1}),
    "exponential": Schedule("ExponentialLR", torch.optim.lr_scheduler.ExponentialLR,
                            {"gamma": 0.98}),
}


def lr_curve(key: str, epochs: int = EPOCHS, lr: float = BASE_LR,
             **kwargs: object) -> np.ndarray:
    """lr used in epochs 1..epochs (read-only); kwargs override the notes' scheduler
    settings. Cached: the lab's worker computes the notes' curves before the lab opens."""
    settings = {**SCHEDULES[key].kwargs, **kwargs}
    frozen = tuple(sorted((name, tuple(v) if isinstance(v, list) else v)
                          for name, v in settings.items()))
    return _lr_curve(key, epochs, lr, frozen)


@functools.lru_cache(maxsize=64)
def _lr_curve(key: str, epochs: int, lr: float, settings: tuple[tuple[str, object], ...]) -> np.ndarray:
    schedule = SCHEDULES[key]
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=lr, momentum=MOMENTUM)
    scheduler = schedule.factory(optimizer, **dict(settings))
    out = np.empty(epochs)
    for epoch in range(epochs):
        out[epoch] = optimizer.param_groups[0]["lr"]
        optimizer.step()
        scheduler.step()
    out.flags.writeable = False
    return out


def curves_table(curves: dict[str, np.ndarray]) -> Table:
    keys = list(curves)
    epochs = len(next(iter(curves.values()))) if curves else 0
    rows = [(e + 1, *(curves[k][e] for k in keys)) for e in range(epochs)]
    return table((N_("epoch"), *(SCHEDULES[k].label for k in keys)), rows)


DAYS = 30
BETAS = (0.5, 0.9)


def temperatures(days: int = DAYS, seed: int = 0) -> np.ndarray:
    """A seeded noisy month of daily temperatures (°C): a slow warming plus noise."""
    gen = torch.Generator().manual_seed(seed)
    t = torch.arange(days, dtype=torch.float64)
    trend = 12.0 + 8.0 * torch.sin(torch.pi * t / (days - 1))
    return (trend + 3.0 * torch.randn(days, dtype=torch.float64, generator=gen)).numpy()


def weighted_average(series: np.ndarray, beta: float, bias_correction: bool = False) -> np.ndarray:
    """v_t = β·v_(t−1) + (1 − β)·θ_t from v_0 = 0; optionally v_t / (1 − βᵗ)."""
    theta = torch.as_tensor(np.asarray(series, dtype=np.float64))
    v = torch.zeros((), dtype=torch.float64)
    out = torch.empty_like(theta)
    for t in range(len(theta)):
        v = beta * v + (1.0 - beta) * theta[t]
        out[t] = v / (1.0 - beta ** (t + 1)) if bias_correction else v
    return out.numpy()


def averages_table(series: np.ndarray, averages: dict[float, np.ndarray]) -> Table:
    rows = [(day + 1, series[day], *(averages[b][day] for b in averages))
            for day in range(len(series))]
    return table((N_("day"), "θ (°C)", *(f"v (β = {b})" for b in averages)), rows)


def recurrence_text(series: np.ndarray, beta: float, day: int, bias_correction: bool) -> str:
    """Day `day` (1-based) of the average with its numbers, as the notes write it."""
    plain = weighted_average(series, beta)
    prev = plain[day - 2] if day > 1 else 0.0
    text = (f"β = {beta:g}: v_{day} = {beta:g} × {fmt(prev, 4)} + {1 - beta:g} × "
            f"{fmt(series[day - 1], 4)} = {fmt(plain[day - 1], 4)}")
    if bias_correction:
        corrected = plain[day - 1] / (1.0 - beta ** day)
        text += f";  v_{day} / (1 − {beta:g}^{day}) = {fmt(corrected, 4)}"
    return text
