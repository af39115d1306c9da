"""Preferences remembered between lectures (QSettings, organisation "bpviewer").

Uses QSettings' default format so tests can redirect everything to a temporary folder
with QSettings.setDefaultFormat(IniFormat) and QSettings.setPath. Recent files belong
to the FileController, which shares `qsettings`.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "bpviewer"
APPLICATION = "bpviewer"


class _Pref:
    """One typed key: reading gives the default until something was stored."""

    def __init__(self, key: str, default: Any, kind: type) -> None:
        self.key, self.default, self.kind = key, default, kind

    def __get__(self, settings: Settings, owner: type) -> Any:
        return settings.qsettings.value(self.key, self.default, type=self.kind)

    def __set__(self, settings: Settings, value: Any) -> None:
        settings.qsettings.setValue(self.key, value)


class Settings:
    precision = _Pref("chain/precision", 6, int)
    dark = _Pref("view/dark", False, bool)
    zoom = _Pref("view/zoom", 1.0, float)
    animate = _Pref("view/animate_steps", True, bool)  # a click's dots along its edges
    neuron_maps = _Pref("view/neuron_maps", False, bool)  # Playground's maps in the circles
    granularity = _Pref("steps/granularity", "neuron", str)
    geometry = _Pref("window/geometry", QByteArray(), QByteArray)
    state = _Pref("window/state", QByteArray(), QByteArray)
    splitter = _Pref("window/splitter", QByteArray(), QByteArray)
    welcome = _Pref("help/welcome", True, bool)  # show the welcome window at start
    language = _Pref("view/language", "system", str)  # system | en | zh_CN (see qt.i18n)

    def __init__(self) -> None:
        self.qsettings = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope,
                                   ORGANISATION, APPLICATION)

    def practice(self) -> dict[str, tuple[int, int]]:
        """Practice score per network name: (right at the first try, asked)."""
        raw = self.qsettings.value("practice/scores", "{}", type=str)
        try:
            return {k: (int(v[0]), int(v[1])) for k, v in json.loads(raw).items()}
        except (ValueError, TypeError, IndexError, AttributeError):
            return {}

    def set_practice(self, network: str, score: int, asked: int) -> None:
        scores = self.practice() | {network: (score, asked)}
        self.qsettings.setValue("practice/scores", json.dumps(scores, ensure_ascii=False))
