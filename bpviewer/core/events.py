"""A tiny event emitter so core can notify views without knowing about Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Emitter:
    """Named events with plain-callable listeners; qt/ adapts them to signals."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Callable[..., Any]]] = {}

    def connect(self, event: str, callback: Callable[..., Any]) -> None:
        self._listeners.setdefault(event, []).append(callback)

    def disconnect(self, event: str, callback: Callable[..., Any]) -> None:
        self._listeners.get(event, []).remove(callback)

    def emit(self, event: str, *args: Any) -> None:
        for callback in list(self._listeners.get(event, [])):
            callback(*args)
