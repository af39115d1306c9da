"""Optimizers racing on 2-D surfaces, each step taken by torch.optim on a float64 pair.

Steps are recorded once and never recomputed: stepping back only moves a cursor, so
the trajectory, the arrows and the table always show numbers torch produced. A step
that overflows (inf/NaN) is not recorded; that optimizer stops at its last finite point
and says why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from ..texts import N_, tr
from .contours import segments
from .table import Table, table

Fn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Surface:
    label: str
    start: tuple[float, float]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    fn: Fn
    log_shading: bool = False  # shade log(1 + f) where f spans many decades


SURFACES = {
    "bowl": Surface(N_("x0² + x1²  (notes, from (−3, 4))"), (-3.0, 4.0), (-5.0, 5.0), (-5.0, 5.0),
                    lambda x, y: x * x + y * y),
    "half_bowl": Surface(N_("½(x0² + x1²)  (notes' y = w²/2, from (1, 1))"), (1.0, 1.0),
                         (-1.5, 1.5), (-1.5, 1.5), lambda x, y: 0.5 * (x * x + y * y)),
    "elongated": Surface(N_("0.1·x0² + 2·x1²  (elongated bowl)"), (-4.5, 2.0), (-5.0, 5.0),
                         (-2.5, 2.5), lambda x, y: 0.1 * x * x + 2.0 * y * y),
    "rosenbrock": Surface("(1 − x0)² + 100·(x1 − x0²)²  (Rosenbrock)", (-1.5, 2.0),
                          (-2.0, 2.0), (-1.0, 3.0),
                          lambda x, y: (1 - x) ** 2 + 100.0 * (y - x * x) ** 2, True),
    "saddle": Surface(N_("x0² − x1²  (saddle)"), (-3.0, 0.05), (-4.0, 4.0), (-4.0, 4.0),
                      lambda x, y: x * x - y * y),
}


@dataclass(frozen=True)
class OptimizerChoice:
    label: str
    factory: Callable[..., torch.optim.Optimizer]
    kwargs: dict


OPTIMIZERS = {
    "sgd": OptimizerChoice("SGD", torch.optim.SGD, {}),
    "momentum": OptimizerChoice("Momentum 0.9", torch.optim.SGD, {"momentum": 0.9}),
    "nesterov": OptimizerChoice("Nesterov 0.9", torch.optim.SGD,
                                {"momentum": 0.9, "nesterov": True}),
    "adagrad": OptimizerChoice("AdaGrad", torch.optim.Adagrad, {}),
    "rmsprop": OptimizerChoice("RMSprop α 0.9", torch.optim.RMSprop, {"alpha": 0.9}),
    "adam": OptimizerChoice("Adam β (0.9, 0.99)", torch.optim.Adam, {"betas": (0.9, 0.99)}),
    "adamw": OptimizerChoice("AdamW β (0.9, 0.99) wd 0.01", torch.optim.AdamW,
                             {"betas": (0.9, 0.99), "weight_decay": 0.01}),
}

LR_PRESETS = (0.1, 0.01, 0.001, 10.0, 1e-8)  # 10 diverges, 1e-8 does not move (notes)

STATE_SYMBOLS = {"momentum_buffer": "v", "sum": "G", "square_avg": "E[g²]",
                 "exp_avg": "m", "exp_avg_sq": "v"}


def make_optimizer(key: str, params: Sequence[torch.Tensor], lr: float) -> torch.optim.Optimizer:
    """The torch optimizer behind each racer, with the notes' hyperparameters."""
    choice = OPTIMIZERS[key]
    return choice.factory(params, lr=lr, **choice.kwargs)


@dataclass(frozen=True)
class StepRecord:
    step: int  # 1-based
    w: np.ndarray  # before the step
    loss: float  # f(w)
    grad: np.ndarray  # ∇f(w)
    w_next: np.ndarray
    state: dict[str, np.ndarray]  # optimizer state after the step, by torch's names


def _finite(*values: torch.Tensor) -> bool:
    return all(bool(torch.isfinite(v).all()) for v in values)


class Racer:
    """One optimizer on one surface."""

    def __init__(self, surface: Surface, key: str, lr: float) -> None:
        self.key = key
        self.surface = surface
        self.w = torch.tensor(surface.start, dtype=torch.float64, requires_grad=True)
        self.optimizer = make_optimizer(key, [self.w], lr)
        self.records: list[StepRecord] = []
        self.stopped: str | None = None

    def step(self) -> None:
        if self.stopped:
            return
        self.optimizer.zero_grad()
        loss = self.surface.fn(self.w[0], self.w[1])
        loss.backward()
        before = self.w.detach().clone()
        grad = self.w.grad.detach().clone()
        self.optimizer.step()
        after = self.w.detach()
        k = len(self.records) + 1
        if not _finite(loss, grad, after):
            self.stopped = tr("{name} diverged at step {k} (f or w became inf/NaN); stopped at the "
                              "last finite point", name=OPTIMIZERS[self.key].label, k=k)
            return
        state = {name: value.detach().numpy().copy()
                 for name, value in self.optimizer.state[self.w].items()
                 if name in STATE_SYMBOLS}
        self.records.append(StepRecord(k, before.numpy(), loss.item(), grad.numpy(),
                                       after.numpy().copy(), state))


class Race:
    """All racers on one surface at one lr, with a cursor for stepping back and forth."""

    def __init__(self, surface: str = "bowl", lr: float = 0.1,
                 optimizers: Sequence[str] = tuple(OPTIMIZERS)) -> None:
        if not lr > 0:
            raise ValueError(tr("the learning rate must be positive"))
        self.surface = SURFACES[surface]
        self.lr = lr
        self.racers = {key: Racer(self.surface, key, lr) for key in optimizers}
        self.cursor = 0

    def next_step(self) -> None:
        """Show one more step, computing it only if it was never computed."""
        computed = max(len(r.records) for r in self.racers.values())
        if self.cursor == computed:
            for racer in self.racers.values():
                racer.step()
            if max(len(r.records) for r in self.racers.values()) == computed:
                return
        self.cursor += 1

    def previous_step(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def points(self, key: str) -> np.ndarray:
        """(k + 1, 2): the start then w after each shown step."""
        records = self.racers[key].records[: self.cursor]
        return np.array([self.surface.start, *(r.w_next for r in records)])

    def current(self, key: str) -> StepRecord | None:
        """The record of the step at the cursor (None before the first or after stopping)."""
        records = self.racers[key].records
        return records[self.cursor - 1] if 0 < self.cursor <= len(records) else None

    def messages(self) -> list[str]:
        return [r.stopped for r in self.racers.values()
                if r.stopped and self.cursor >= len(r.records)]

    def table(self, key: str) -> Table:
        """Steps 1..cursor of one racer: w, f(w), ∇f, optimizer state, new w."""
        records = self.racers[key].records[: self.cursor]
        names = [n for n in STATE_SYMBOLS if records and n in records[0].state]
        columns = [N_("step"), "w0", "w1", "f(w)", "g0", "g1"]
        for name in names:
            columns += [f"{STATE_SYMBOLS[name]}0", f"{STATE_SYMBOLS[name]}1"]
        columns += [N_("new w0"), N_("new w1")]
        rows = []
        for r in records:
            state = [x for name in names for x in r.state[name]]
            rows.append((r.step, *r.w, r.loss, *r.grad, *state, *r.w_next))
        return table(columns, rows)


@dataclass(frozen=True)
class Grid:
    xs: np.ndarray  # (nx,)
    ys: np.ndarray  # (ny,)
    shade: np.ndarray  # (nx, ny): f, or log(1 + f − min f) for log-shaded surfaces
    levels: np.ndarray  # contour levels in shade units
    contours: np.ndarray  # (2k, 2) end points of the k contour segments (x, y), in pairs


@functools.cache
def grid(surface: Surface, n: int = 201, levels: int = 12) -> Grid:
    """The surface on an n×n grid for the contour plot, evaluated with torch (once per
    surface: the lab's worker computes the first before the lab is built)."""
    xs = torch.linspace(*surface.x_range, n, dtype=torch.float64)
    ys = torch.linspace(*surface.y_range, n, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="ij")
    f = surface.fn(gx, gy)
    shade = torch.log1p(f - f.min()) if surface.log_shading else f
    lo, hi = float(shade.min()), float(shade.max())
    steps = np.linspace(lo, hi, levels + 2)[1:-1]
    x, y, shaded = xs.numpy(), ys.numpy(), shade.numpy()
    return Grid(x, y, shaded, steps,
                np.concatenate([segments(x, y, shaded, level) for level in steps]))


def notes_steps(key: str, lr: float = 0.01, steps: int = 2,
                w0: float = 1.0) -> list[tuple[float, float, float]]:
    """(w, gradient, new w) for the notes' demo: y = w²/2 from w = 1, one torch optimizer."""
    w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer(key, [w], lr)
    out = []
    for _ in range(steps):
        optimizer.zero_grad()
        (0.5 * w * w).sum().backward()
        before, grad = w.item(), w.grad.item()
        optimizer.step()
        out.append((before, grad, w.item()))
    return out
