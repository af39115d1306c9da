"""Session trains long jumps in chunks, asking a progress callback whether to go on."""

from __future__ import annotations

from bpviewer.core import presets
from bpviewer.core.session import Session


def test_progress_is_asked_between_chunks_and_can_cancel() -> None:
    s = Session(presets.load("mazur"))
    messages: list[str] = []
    s.events.connect("message", messages.append)
    calls: list[tuple[int, int]] = []
    s.progress = lambda done, total: calls.append((done, total)) or len(calls) < 3
    s.goto(5_000_000)
    assert len(calls) == 3 and all(total == 5_000_000 for _, total in calls)
    assert calls[0][0] < calls[1][0] < calls[2][0] == len(s.history) < 5_000_000
    assert s.iteration == len(s.history) and not s.training
    assert messages == [f"Training cancelled at iteration {len(s.history)}."]


def test_commands_during_a_long_train_are_ignored_and_a_finished_train_lands() -> None:
    s = Session(presets.load("mazur"))
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        s.goto(3)  # e.g. a click processed between chunks
        return True

    s.progress = progress
    s.goto(3000)
    assert calls[-1] == (3000, 3000) and s.iteration == 3000 and len(s.history) == 3000
    s.run(2)
    assert s.iteration == 3002
