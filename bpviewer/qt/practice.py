"""Practice mode's view: a box under the chain rule asks for the next result, Enter checks
it, and a label in the status line keeps score. The logic is core.practice's; this only
renders it and sends it the typed text and the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from ..core.practice import Feedback, Practice
from .bridge import SessionBridge
from .chain_panel import math_html
from .settings import Settings


class MathLabel(QLabel):
    """A line of practice's text typeset as the chain panel typesets it ("net_h1" with its
    subscript); `plain` keeps the text as core wrote it."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.RichText)
        self.plain = ""

    def set_plain(self, text: str) -> None:
        self.plain = text
        self.setText(math_html(text))


class PracticeBox(QWidget):
    """Prompt, answer field, hint or verdict, and the iteration's summary."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = MathLabel()
        self.prompt.setStyleSheet("font-weight: bold")
        self.field = QLineEdit()
        self.feedback = MathLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        for widget in (self.prompt, self.field, self.feedback, self.summary):
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("your answer, then Enter"))


class PracticeController(QObject):
    """Enter (re)enters practice on the window's session; leave() hides the box."""

    def __init__(self, bridge: SessionBridge, host: QWidget, window: QMainWindow,
                 settings: Settings | None = None) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.settings = settings
        self.practice: Practice | None = None
        self.feedback: Feedback | None = None  # the last verdict or hint, shown under the box
        self.box = PracticeBox()
        self.box.hide()
        host.layout().addWidget(self.box)
        self.score = QLabel()
        self.score.setMinimumWidth(self.score.fontMetrics().horizontalAdvance(
            "score 000/000 · streak 000"))  # the status bar squeezes it otherwise
        self.score.hide()
        window.statusBar().addPermanentWidget(self.score)
        self.box.field.returnPressed.connect(self.check)
        bridge.cursorChanged.connect(self._show)

    @property
    def active(self) -> bool:
        return self.practice is not None

    def enter(self, precision: int) -> None:
        self.practice = Practice(self.bridge.session, precision)
        if self.settings is not None:  # where this network's practice left off
            saved = self.settings.practice().get(self.bridge.session.spec.name, (0, 0))
            self.practice.score, self.practice.asked = saved
        self.feedback = None
        self.box.show()
        self.score.show()
        self._show()
        self.box.field.setFocus()

    def leave(self) -> None:
        self.practice = None
        self.box.hide()
        self.score.hide()

    def set_precision(self, precision: int) -> None:
        if self.practice is not None:
            self.practice.precision = precision

    def check(self) -> None:
        if self.practice is None:
            return
        self._report(self.practice.answer(self.box.field.text()))

    def reveal(self) -> None:
        """The teacher's key (and the clicker's forward while a question is open)."""
        if self.practice is not None:
            self._report(self.practice.reveal())

    def _report(self, feedback: Feedback) -> None:
        if feedback.right is not None:
            self.box.field.clear()
            if self.settings is not None:
                p = self.practice
                self.settings.set_practice(self.bridge.session.spec.name, p.score, p.asked)
        self.feedback = feedback
        self._show()

    def _show(self) -> None:
        """Prompt, score and summary of the question now open; a hint only while the
        question it is about is still asked (the cursor may have moved meanwhile)."""
        p = self.practice
        if p is None:
            return
        question = p.question
        self.box.prompt.set_plain(p.prompt() or self.tr("Nothing left to ask"))
        self.score.setText(p.status())
        f = self.feedback
        if f is not None and f.right is None and f.question != question:
            self.feedback = f = None
        if f is None:
            self.box.feedback.set_plain(p.tolerance_text())
        else:
            self.box.feedback.set_plain({True: "✔ ", False: "✘ ", None: ""}[f.right] + f.text)
        self.box.summary.setText(self.tr("Iteration summary (right at the first try): ")
                                 + " · ".join(p.summary) if p.summary else "")

    def retranslate(self) -> None:
        """After a language switch: every text of the box and the score again."""
        self.box.retranslate()
        self._show()
