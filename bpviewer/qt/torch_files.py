"""File ▸ Export as PyTorch Script… and File ▸ Import PyTorch Weights…: the dialogs.

The work is core's (core.torch_script writes the script; core.torch_weights reads the
state_dict with weights_only=True), so this view never imports torch. A refused file is
its one-line reason in a message box, and the open network stays as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core.errors import SpecError

translate = QCoreApplication.translate


def export_script(window: QWidget, path: str | os.PathLike | None = None) -> bool:
    """The network as Save would write it (weights at the cursor), as a PyTorch script."""
    from ..core.torch_script import write_script

    title = translate("TorchFiles", "Export as PyTorch script")
    if path is None:
        stem = Path(window.files.path).stem or "network"
        path, _ = QFileDialog.getSaveFileName(window, title, f"{stem}.py",
                                              translate("TorchFiles", "Python script (*.py)"))
        if not path:
            return False
        path = path if path.endswith(".py") else path + ".py"
    try:
        write_script(window.session.current_spec(), path)
    except (SpecError, OSError) as err:
        line = err.line() if isinstance(err, SpecError) else f"{path}: {err.strerror or err}"
        QMessageBox.warning(window, translate("TorchFiles", "Cannot export PyTorch script"), line)
        return False
    return True


def import_weights(window: QWidget, path: str | os.PathLike | None = None) -> bool:
    """A state_dict's Linear tensors replace the weights, in order (undoable)."""
    from ..core.torch_weights import with_weights

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window, translate("TorchFiles", "Import PyTorch weights"), "",
            translate("TorchFiles", "PyTorch state_dict (*.pth *.pt);;All files (*)"))
        if not path:
            return False
    try:
        spec = with_weights(window.session.current_spec(), path)
    except SpecError as err:
        QMessageBox.warning(window, translate("TorchFiles", "Cannot import PyTorch weights"), err.line())
        return False
    return window.edits.load_spec(spec, f"Import weights from {Path(path).name}")
