"""Long trains (Go to, a lesson slide's run/goto) show progress with Cancel, never a frozen window.

The Session trains in chunks of ~50 ms and calls this between chunks: the first call of a
train that needs more than one chunk opens a window-modal progress dialog (shown after
SHOW_AFTER_MS), and every call lets Qt process events, so the window repaints and the plots
grow while the Session stays the single source of truth. Cancel keeps what was trained.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.session import Session

SHOW_AFTER_MS = 300


class TrainProgress:
    """The Session's `progress` callback for one window."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        self.parent = parent
        self.dialog: QProgressDialog | None = None
        session.progress = self

    def __call__(self, done: int, total: int) -> bool:
        if self.dialog is None:
            if done >= total:
                return True
            self.dialog = QProgressDialog(self.parent)
            self.dialog.setWindowTitle(QCoreApplication.translate("TrainProgress", "Training"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(SHOW_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
        dialog = self.dialog
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(QCoreApplication.translate("TrainProgress", "Trained %1 of %2 iterations")
                            .replace("%1", f"{done:,}").replace("%2", f"{total:,}"))
        QCoreApplication.processEvents()
        cancelled = dialog.wasCanceled()
        if cancelled or done >= total:
            dialog.close()
            dialog.deleteLater()
            self.dialog = None
        return not cancelled
