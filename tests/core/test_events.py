"""The core's event emitter: a disconnected listener hears nothing more, the others still do."""

from __future__ import annotations

import pytest

from bpviewer.core.events import Emitter


def test_disconnect_stops_only_that_listener() -> None:
    emitter, heard = Emitter(), []
    first, second = (lambda v: heard.append(("first", v))), (lambda v: heard.append(("second", v)))
    emitter.connect("moved", first)
    emitter.connect("moved", second)
    emitter.emit("moved", 1)
    emitter.disconnect("moved", first)
    emitter.emit("moved", 2)
    emitter.emit("other", 3)
    assert heard == [("first", 1), ("second", 1), ("second", 2)]
    with pytest.raises(ValueError):
        emitter.disconnect("moved", first)


def test_disconnecting_from_an_event_never_connected_is_the_same_error() -> None:
    """As for a listener that is not connected: list.remove's ValueError, whatever the event."""
    with pytest.raises(ValueError):
        Emitter().disconnect("never", print)
