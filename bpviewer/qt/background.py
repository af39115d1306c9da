"""Work that would freeze the window (importing torch, a lab's first computation) runs
once per process in a Python thread; `done` arrives in the GUI thread.

The work must not touch Qt: it warms caches (imports, functools.cache) that the GUI
thread then reads in milliseconds.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

_started: dict[Callable[[], object], Background] = {}


class Background(QObject):
    """Lives as long as the process, so a window closed meanwhile is no trouble."""

    done = Signal()

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.finished = False
        self._work = work
        self.thread = threading.Thread(target=self._run, name=getattr(work, "__qualname__", "work"))
        self.thread.start()

    def _run(self) -> None:
        # a failure is raised again, with its traceback, when the GUI thread repeats the work
        with contextlib.suppress(Exception):
            self._work()
        self.finished = True
        self.done.emit()


def background(work: Callable[[], object]) -> Background:
    """`work` started in its thread, once per process (the same callable: the same run)."""
    if work not in _started:
        _started[work] = Background(work)
    return _started[work]


def finish_all() -> None:
    """Before the interpreter exits: an import cut short by the shutdown fails noisily."""
    for work in list(_started.values()):
        work.thread.join()
