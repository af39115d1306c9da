"""Preferences remembered between lectures (QSettings, organisation "bpviewer").

Uses QSettings' default format so tests can redirect everything to a temporary folder
with QSettings.setDefaultFormat(IniFormat) and QSettings.setPath. Recent files belong
to the FileController, which shares `qsettings`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from ..core.steps import GRANULARITIES
from .chain_panel import MAX_PRECISION
from .i18n import LANGUAGES, SYSTEM
from .theme import ZOOM_LIMITS

ORGANISATION = "bpviewer"
APPLICATION = "bpviewer"


class _Pref:
    """One typed key: reading gives the default until something was stored, and instead of
    what the window cannot use: the file is the user's to edit (or another version's to
    write), and `precision=nan` raised, `zoom=nan` crashed Qt, `granularity=x` had no
    action to check — each stopped the window from starting."""

    def __init__(self, key: str, default: Any, kind: type,
                 usable: Callable[[Any], bool] = lambda value: True) -> None:
        self.key, self.default, self.kind, self.usable = key, default, kind, usable

    def __get__(self, settings: Settings, owner: type) -> Any:
        try:
            value = settings.qsettings.value(self.key, self.default, type=self.kind)
        except (ValueError, OverflowError):  # a number Python cannot make an int of
            return self.default
        return value if isinstance(value, self.kind) and self.usable(value) else self.default

    def __set__(self, settings: Settings, value: Any) -> None:
        settings.qsettings.setValue(self.key, value)


class Settings:
    precision = _Pref("chain/precision", 6, int, lambda p: 1 <= p <= MAX_PRECISION)
    dark = _Pref("view/dark", False, bool)
    zoom = _Pref("view/zoom", 1.0, float, lambda z: ZOOM_LIMITS[0] <= z <= ZOOM_LIMITS[1])
    animate = _Pref("view/animate_steps", True, bool)  # a click's dots along its edges
    neuron_maps = _Pref("view/neuron_maps", False, bool)  # Playground's maps in the circles
    granularity = _Pref("steps/granularity", "neuron", str, lambda g: g in GRANULARITIES)
    geometry = _Pref("window/geometry", QByteArray(), QByteArray)
    state = _Pref("window/state", QByteArray(), QByteArray)
    splitter = _Pref("window/splitter", QByteArray(), QByteArray)
    welcome = _Pref("help/welcome", True, bool)  # show the welcome window at start
    language = _Pref("view/language", SYSTEM, str,  # system | en | zh_CN (see qt.i18n)
                     lambda name: name in dict(LANGUAGES))

    def __init__(self) -> None:
        self.qsettings = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope,
                                   ORGANISATION, APPLICATION)

    def practice(self) -> dict[str, tuple[int, int]]:
        """Practice score per network name: (right at the first try, asked)."""
        raw = self.qsettings.value("practice/scores", "{}", type=str)
        try:
            return {k: (int(v[0]), int(v[1])) for k, v in json.loads(raw).items()}
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError,
                RecursionError):  # 1e400 is inf to JSON; "[[[…" nests past Python's stack
            return {}

    def set_practice(self, network: str, score: int, asked: int) -> None:
        scores = self.practice() | {network: (score, asked)}
        self.qsettings.setValue("practice/scores", json.dumps(scores, ensure_ascii=False))
