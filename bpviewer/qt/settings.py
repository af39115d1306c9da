"""Preferences remembered between lectures (QSettings, organisation "bpviewer").

Uses QSettings' default format so tests can redirect everything to a temporary folder
with QSettings.setDefaultFormat(IniFormat) and QSettings.setPath. Recent files belong
to the FileController, which shares `qsettings`.
"""

from __future__ import annotations

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
    granularity = _Pref("steps/granularity", "neuron", str)
    geometry = _Pref("window/geometry", QByteArray(), QByteArray)
    state = _Pref("window/state", QByteArray(), QByteArray)
    splitter = _Pref("window/splitter", QByteArray(), QByteArray)
    welcome = _Pref("help/welcome", True, bool)  # show the welcome window at start
    language = _Pref("view/language", "system", str)  # system | en | zh_CN (see qt.i18n)

    def __init__(self) -> None:
        self.qsettings = QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope,
                                   ORGANISATION, APPLICATION)
