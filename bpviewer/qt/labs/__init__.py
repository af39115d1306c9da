"""Teaching labs, one tab each, in the order the course teaches them.

The main window adds every class in LABS as a tab with `LabClass()`; each has a `title`
and `next_step()` / `previous_step()` for the presentation clicker.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .activations_lab import ActivationLab
from .gradient_check import GradientCheckLab
from .lab_base import Lab
from .losses_lab import LossLab
from .optimizer_race import OptimizerRaceLab
from .regularization import RegularizationLab
from .schedules import ScheduleLab

LABS: list[type[QWidget]] = [
    ActivationLab,
    LossLab,
    GradientCheckLab,
    OptimizerRaceLab,
    ScheduleLab,
    RegularizationLab,
]

__all__ = ["LABS", "ActivationLab", "GradientCheckLab", "Lab", "LossLab", "OptimizerRaceLab",
           "RegularizationLab", "ScheduleLab"]
