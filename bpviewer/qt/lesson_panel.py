"""Lesson mode: a strip showing the current slide's teacher note and "slide k of n";
while a lesson is on, the clicker moves from slide to slide instead of step to step.

The slides themselves (presets, step targets) are core.lesson's business; this panel
only asks the window to load a slide's preset (undoably, through the EditController)
and to show a slide's lab or dock, then lets the Lesson put the Session where the slide
wants it. The strip keeps one height through the lesson (the tallest slide's notes at
the strip's width), so the graph below it does not jump from slide to slide, and it
never asks for more width than the window has.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core import presets
from ..core.lesson import Lesson
from ..core.session import Session

MAX_NOTES_SHARE = 0.3  # of the window's height: the graph keeps the rest
UNBOUNDED = 100_000


class LessonPanel(QWidget):
    #: a lesson started (True) or was left (False)
    activeChanged = Signal(bool)

    def __init__(self, session: Session, load_preset: Callable[[str], bool],
                 show_lab: Callable[[str | None], None],
                 show_dock: Callable[[str | None, str | None], None] = lambda *_: None,
                 parent: QWidget | None = None) -> None:
        """`load_preset(name)` replaces the network (False: refused, nothing changed);
        `show_lab(title)` shows that lab's tab, or the network for None;
        `show_dock(name, plot)` shows the dock a slide names (core.lesson.DOCKS; the plots
        dock with the one plot it names) and closes the others (None: every one)."""
        super().__init__(parent)
        self.session = session
        self.lesson: Lesson | None = None
        self._load_preset = load_preset
        self._show_lab = show_lab
        self._show_dock = show_dock
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.RichText)
        self.heading.setWordWrap(True)  # a long title wraps instead of widening the window
        self.position = QLabel()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.notes.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.notes.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.leave_button = QPushButton()
        self.leave_button.setFocusPolicy(Qt.NoFocus)
        self.leave_button.clicked.connect(self.leave)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.position)
        top.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.notes)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)  # a strip, not a pane
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the interface language: the buttons and the slide's notes."""
        self.leave_button.setText(self.tr("Leave lesson"))
        self.leave_button.setToolTip(self.tr("Back to stepping freely (Esc)"))
        if self.lesson is not None and self.lesson.index >= 0:
            self._show_texts()
            self.fit_notes()

    @property
    def active(self) -> bool:
        return self.lesson is not None

    def start(self, lesson: Lesson) -> bool:
        """Go to the first slide; False (and no lesson) when its preset was refused."""
        previous = self.lesson
        self.lesson = lesson
        lesson.index = -1
        if not self.go(0):
            self.lesson = previous
            return False
        self.fit_notes()
        self.activeChanged.emit(True)
        return True

    def notes_height(self, text: str, width: int) -> int:
        """Pixels `text` takes wrapped at `width`."""
        rect = self.notes.fontMetrics().boundingRect(QRect(0, 0, max(width, 1), UNBOUNDED),
                                                     Qt.TextWordWrap, text)
        return rect.height()

    def fit_notes(self) -> None:
        """One height for every slide: the tallest notes at the current width."""
        if self.lesson is None:
            return
        width = self.notes.width() if self.notes.isVisible() else self.window().width() - 16
        tallest = max(self.notes_height(s.shown_notes, width) for s in self.lesson.slides)
        cap = round(self.window().height() * MAX_NOTES_SHARE)
        self.notes.setFixedHeight(min(tallest, cap))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_notes()

    def leave(self) -> None:
        if self.lesson is not None:
            self.lesson = None
            self.activeChanged.emit(False)

    def next(self) -> None:
        if self.lesson is not None:
            self.go(self.lesson.index + 1)

    def previous(self) -> None:
        if self.lesson is not None:
            self.go(self.lesson.index - 1)

    def go(self, index: int) -> bool:
        lesson = self.lesson
        if lesson is None:
            return False
        index = lesson.clamp(index)
        preset = lesson.preset_at(index)
        if (preset and self.session.spec.name != presets.load(preset).name
                and not self._load_preset(preset)):
            return False
        slide = lesson.apply(self.session, index)
        self._show_lab(slide.lab)
        self._show_dock(slide.dock, slide.plot)
        self._show_texts()
        return True

    def _show_texts(self) -> None:
        lesson = self.lesson
        slide = lesson.slides[lesson.index]
        title = escape(lesson.shown_title) + (f" — {escape(slide.shown_title)}" if slide.title else "")
        self.heading.setText(f"<b>{title}</b>")
        self.position.setText(self.tr("slide %1 of %2").replace("%1", str(lesson.index + 1))
                              .replace("%2", str(len(lesson.slides))))
        self.notes.setText(slide.shown_notes)
