"""Every edit of the network as a QUndoCommand that calls Session methods (orange-canvas style).

The controller applies a command once itself, before it reaches the stack, so a SpecError
refuses the edit with nothing pushed and nothing changed; `QUndoStack.push` then skips its
usual first `redo()`. Each command remembers the cursor iteration it was made at and
returns there before re-applying or undoing, because Session edits act at the cursor.

What undo restores:
- ParamCommand: the parameter's exact previous value at the end of iteration k (the cursor
  when it was edited); history 1..k is kept, later iterations (dropped by the edit) are
  recomputed on demand, identically since training is deterministic.
- SpecCommand: when the change kept history (optimizer, schedule, L1, name) the old values
  are re-applied from iteration k, keeping history 1..k; when it restarted training, undo
  loads the network as it stood at iteration k, weights included, at iteration 0.
- LoadCommand: the previous network with its weights at the cursor, at iteration 0.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from ..core.session import Session
from ..core.spec import NetworkSpec


class SessionCommand(QUndoCommand):
    #: whether the command acts at the cursor iteration it was made at
    at_cursor = True

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.iteration = session.iteration
        self._skip_redo = False

    def apply(self) -> None:
        """First application, by the controller; raises SpecError with nothing changed."""
        self.do()
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._return_to_cursor()
        self.do()

    def _return_to_cursor(self) -> None:
        if self.at_cursor and self.session.iteration != self.iteration:
            self.session.goto(self.iteration)

    def do(self) -> None:
        raise NotImplementedError


class ParamCommand(SessionCommand):
    def __init__(self, session: Session, index: int, value: float) -> None:
        name = session.params.refs[index].name
        super().__init__(session, f"Set {name} = {value!r}")
        self.index = index
        self.value = value
        self.old = float(session.history.params_at(self.iteration)[index])

    def do(self) -> None:
        self.session.set_param(self.index, self.value)

    def undo(self) -> None:
        self._return_to_cursor()
        self.session.set_param(self.index, self.old)


class SpecCommand(SessionCommand):
    def __init__(self, session: Session, changes: dict[str, Any]) -> None:
        super().__init__(session, "Change " + ", ".join(changes))
        self.changes = changes
        self.before = session.current_spec()
        self.old_fields = {key: getattr(session.spec, key) for key in changes}
        self.kept_history = False

    def do(self) -> None:
        self.session.set_spec(**self.changes)
        self.kept_history = self.iteration > 0 and self.session.iteration == self.iteration

    def undo(self) -> None:
        if self.kept_history:
            self._return_to_cursor()
            self.session.set_spec(**self.old_fields)
        else:
            self.session.load(self.before)


class LoadCommand(SessionCommand):
    at_cursor = False

    def __init__(self, session: Session, spec: NetworkSpec, text: str) -> None:
        super().__init__(session, text)
        self.spec = spec
        self.before = session.current_spec()

    def do(self) -> None:
        self.session.load(self.spec)

    def undo(self) -> None:
        self.session.load(self.before)
