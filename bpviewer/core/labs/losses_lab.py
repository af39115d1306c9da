"""Each loss broken into its terms, with every element's derivative from torch autograd.

The terms are written out by formula and the total comes from torch's own loss
function, so a mismatch between what students read and what torch computes would show.
For cross-entropy the softmax probabilities and the one picked per row are kept, which
is what exposes the notes' 1.2466 (the wrong probabilities picked) against torch's 0.8966.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..formula import fmt
from ..texts import N_, tr
from .parse import parse_numbers
from .table import Table, table

NAMES = ("mae", "mse", "smooth_l1", "bce", "cross_entropy")
LABELS = {"mae": "MAE (L1Loss)", "mse": "MSE (MSELoss)", "smooth_l1": "SmoothL1Loss",
          "bce": "BCELoss", "cross_entropy": "CrossEntropyLoss"}

FORMULAS = {
    "mae": ("ℓᵢ = |ŷᵢ − yᵢ|,  L = mean ℓᵢ", "∂L/∂ŷᵢ = sign(ŷᵢ − yᵢ) / n"),
    "mse": ("ℓᵢ = (ŷᵢ − yᵢ)²,  L = mean ℓᵢ", "∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ) / n"),
    "smooth_l1": ("ℓᵢ = ½dᵢ² if |dᵢ| < 1 else |dᵢ| − ½,  dᵢ = ŷᵢ − yᵢ,  L = mean ℓᵢ",
                  "∂L/∂ŷᵢ = clamp(dᵢ, −1, 1) / n"),
    "bce": ("ℓᵢ = −[yᵢ·log ŷᵢ + (1 − yᵢ)·log(1 − ŷᵢ)],  L = mean ℓᵢ",
            "∂L/∂ŷᵢ = (ŷᵢ − yᵢ) / (ŷᵢ(1 − ŷᵢ)) / n"),
    "cross_entropy": (N_("p = softmax(z),  ℓᵣ = −Σ_c t_rc·log p_rc,  L = mean over rows ℓᵣ"),
                      "∂L/∂z_rc = (p_rc − t_rc) / N"),
}

_LOG_FLOOR = -100.0  # BCELoss clamps its logs here


WRONG = N_("(the wrong probabilities)")  # the notes picked them: the window says so in red


@dataclass(frozen=True)
class Example:
    label: str
    loss: str
    y_true: str
    y_pred: str
    notes_value: float | None = None


EXAMPLES = (
    Example(N_("notes: MAE"), "mae", "3.0, 5.0, 2.5", "4.5, 5.0, 2.0", 0.6667),
    Example(N_("notes: MSE"), "mse", "3.0, 5.0, 2.5", "4.5, 5.0, 2.0", 0.8333),
    Example(N_("notes: SmoothL1"), "smooth_l1", "3.0, 5.0, 2.5", "4.5, 5.0, 2.0", 0.375),
    Example(N_("notes: BCE"), "bce", "1, 0, 1", "0.1, 0.2, 0.7", 0.9608),
    Example(N_("notes: cross-entropy, class indices"), "cross_entropy", "0, 1",
            "[[0.5, 0.3, 0.2], [0.3, 0.6, 0.1]]", 1.2466),
    Example(N_("cross-entropy, probability rows"), "cross_entropy", "[[1, 0, 0], [0, 1, 0]]",
            "[[0.5, 0.3, 0.2], [0.3, 0.6, 0.1]]"),
    Example(N_("cross-entropy, soft labels"), "cross_entropy", "[[0.8, 0.1, 0.1], [0.1, 0.8, 0.1]]",
            "[[0.5, 0.3, 0.2], [0.3, 0.6, 0.1]]"),
)


@dataclass(frozen=True)
class Breakdown:
    """One loss on one (y_true, y_pred); for cross-entropy y_pred are logits (rows, classes)."""

    name: str
    y_true: np.ndarray
    y_pred: np.ndarray
    terms: np.ndarray  # ℓ per element (per row for cross-entropy), before averaging
    total: float  # torch's loss
    grads: np.ndarray  # ∂L/∂y_pred from autograd, shaped like y_pred
    probs: np.ndarray | None = None  # cross-entropy: softmax of each row
    targets: np.ndarray | None = None  # cross-entropy: target rows (one-hot for indices)
    picked: tuple[int, ...] | None = None  # cross-entropy with class indices

    def table(self) -> Table:
        if self.name != "cross_entropy":
            rows = [(i + 1, t, p, p - t, ell, g) for i, (t, p, ell, g) in
                    enumerate(zip(self.y_true, self.y_pred, self.terms, self.grads, strict=True))]
            return table(("i", "y_true", "y_pred", "ŷ − y", N_("term ℓ"), "∂L/∂ŷ"), rows)
        rows = []
        for r, c in itertools.product(*map(range, self.y_pred.shape)):
            p, t = self.probs[r, c], self.targets[r, c]
            rows.append((r, c, self.y_pred[r, c], p, t, -t * np.log(p) if t else 0.0,
                         self.grads[r, c]))
        return table((N_("row"), N_("class"), N_("logit z"), "p = softmax", N_("target t"), "−t·log p",
                      "∂L/∂z"), rows)


def _regression(name: str, t: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    d = y - t
    if name == "mae":
        return d.abs(), F.l1_loss(y, t)
    if name == "mse":
        return d * d, F.mse_loss(y, t)
    if name == "smooth_l1":
        return torch.where(d.abs() < 1.0, 0.5 * d * d, d.abs() - 0.5), F.smooth_l1_loss(y, t)
    if not bool(((y >= 0) & (y <= 1)).all()):
        raise ValueError("BCE needs y_pred in [0, 1] (the output of a sigmoid)")
    if not bool(((t >= 0) & (t <= 1)).all()):
        raise ValueError("BCE needs y_true in [0, 1]")
    terms = -(t * torch.log(y).clamp(min=_LOG_FLOOR) + (1 - t) * torch.log1p(-y).clamp(min=_LOG_FLOOR))
    return terms, F.binary_cross_entropy(y, t)


def _cross_entropy_targets(y_true: np.ndarray, rows: int, classes: int) -> np.ndarray | torch.Tensor:
    if y_true.size == rows:
        labels = y_true.reshape(-1)
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < classes)):
            raise ValueError(f"class indices must be whole numbers from 0 to {classes - 1}")
        return torch.as_tensor(labels.astype(np.int64))
    if y_true.size == rows * classes:
        probs = y_true.reshape(rows, classes)
        if np.any(probs < 0):
            raise ValueError("probability rows must not be negative")
        return torch.as_tensor(probs)
    raise ValueError(f"y_true needs {rows} class indices or {rows}×{classes} probabilities")


def breakdown(name: str, y_true: np.ndarray, y_pred: np.ndarray) -> Breakdown:
    """Terms by formula, total by torch, ∂L/∂y_pred by autograd (float64)."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if name == "cross_entropy":
        logits = np.atleast_2d(y_pred)
        target = _cross_entropy_targets(y_true, *logits.shape)
        z = torch.tensor(logits, requires_grad=True)
        total = F.cross_entropy(z, target)
        total.backward()
        with torch.no_grad():
            log_p = torch.log_softmax(z, dim=1)
            onehot = (F.one_hot(target, logits.shape[1]).to(torch.float64)
                      if target.dtype == torch.int64 else target)
            terms = -(onehot * log_p).sum(dim=1)
        picked = tuple(int(c) for c in target) if target.dtype == torch.int64 else None
        return Breakdown(name, y_true, logits, terms.numpy(), total.item(), z.grad.numpy(),
                         log_p.exp().numpy(), onehot.numpy(), picked)
    if name not in NAMES:
        raise ValueError(f"unknown loss {name!r}")
    y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} numbers but y_pred has {y_pred.size}")
    t = torch.tensor(y_true)
    y = torch.tensor(y_pred, requires_grad=True)
    terms, total = _regression(name, t, y)
    total.backward()
    return Breakdown(name, y_true, y_pred, terms.detach().numpy(), total.item(), y.grad.numpy())


def breakdown_text(name: str, y_true: str, y_pred: str) -> Breakdown:
    """`breakdown` on typed text (see parse.parse_numbers)."""
    return breakdown(name, parse_numbers(y_true), parse_numbers(y_pred))


def picks_matching(probs: np.ndarray, value: float, decimals: int = 4) -> list[tuple[int, ...]]:
    """Which one-per-row picks of probabilities give mean −log p equal to a printed value.

    The search that explains a wrong printed loss: e.g. the notes' 1.2466 picks p[0,1]
    and p[1,2] (each class index off by one) where torch picks p[0,0] and p[1,1].
    """
    rows, classes = probs.shape
    if classes ** rows > 100_000:
        raise ValueError("too many combinations to search")
    nll = -np.log(probs)
    found = []
    for pick in itertools.product(range(classes), repeat=rows):
        mean = float(np.mean(nll[np.arange(rows), pick]))
        if abs(mean - value) <= 0.5 * 10.0 ** -decimals:
            found.append(pick)
    return found


def _pick_text(probs: np.ndarray, pick: tuple[int, ...]) -> str:
    return ", ".join(f"p[{r},{c}] = {fmt(probs[r, c], 4)}" for r, c in enumerate(pick))


def compare_with_notes(result: Breakdown, notes_value: float) -> str:
    """One line setting the notes' printed value beside torch's, explaining a mismatch."""
    decimals = max(len(f"{notes_value}".split(".")[-1]), 1)
    agrees = round(result.total, decimals) == round(notes_value, decimals)
    head = tr("notes print {notes}, torch gives {torch}", notes=f"{notes_value:g}",
              torch=fmt(result.total, 6))
    if agrees:
        return tr("{head}: they agree to {n} decimals", head=head, n=decimals)
    if result.name != "cross_entropy" or result.probs is None:
        return tr("{head}: they differ", head=head)
    picks = picks_matching(result.probs, notes_value, decimals)
    torch_side = (tr("torch picks {picks} → {total}", picks=_pick_text(result.probs, result.picked),
                     total=fmt(result.total, 4))
                  if result.picked else tr("torch weighs every p by its target"))
    if not picks:
        return tr("{head}: no one-per-row pick of p gives the notes' value; {torch}", head=head,
                  torch=torch_side)
    return tr("{head}: the notes' value = mean −log of {picks} {wrong}; {torch}", head=head,
              picks=_pick_text(result.probs, picks[0]), wrong=tr(WRONG), torch=torch_side)
