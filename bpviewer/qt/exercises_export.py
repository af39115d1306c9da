"""File ▸ Export Exercises: how many variants, which seed, which folder; then core.exercises
writes the sheets, keys and networks (HTML and PDF, the PDF printed as handouts are)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ..core import exercises
from ..core.errors import SpecError
from ..core.spec import NetworkSpec
from .handout_export import write_pdf


def export_exercises(parent: QWidget, spec: NetworkSpec) -> None:
    variants, ok = QInputDialog.getInt(parent, parent.tr("Export exercises"),
                                       parent.tr("Variants (one per student):"), 30, 1, 500)
    if not ok:
        return
    seed, ok = QInputDialog.getInt(parent, parent.tr("Export exercises"),
                                   parent.tr("Seed (the same seed gives the same sheets):"), 0, 0, 10**9)
    if not ok:
        return
    folder = QFileDialog.getExistingDirectory(parent, parent.tr("Folder for the exercise sheets"))
    if folder:
        export_exercises_to(parent, spec, folder, variants, seed)


def export_exercises_to(parent: QWidget, spec: NetworkSpec, folder: str | os.PathLike, variants: int,
                        seed: int) -> bool:
    """A failure (a network too large, a folder not writable) is one line in a message box."""
    try:
        exercises.write(spec, variants, folder, seed, write_pdf)
    except (OSError, SpecError) as err:
        QMessageBox.warning(parent, parent.tr("Cannot export exercises"), str(err))
        return False
    return True
