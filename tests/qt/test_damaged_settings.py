"""A damaged preferences file (edited by hand, or written by another version) in the user's
config folder: the window still starts, each unusable value read as its default.
`precision=nan` raised, `zoom=nan` crashed Qt (a segmentation fault), `granularity=x` and
`language=x` named no action, a text where Qt saved bytes reached restoreGeometry as a str,
and practice scores of 1e400 or deep brackets raised — each before the window showed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from bpviewer.qt.settings import Settings

DAMAGED = {  # key → values the window cannot use
    "chain/precision": ["nan", "inf", "1e308", "0", "-5", "16", "abc"],
    "view/zoom": ["nan", "inf", "-inf", "1e308", "0", "-5", "0.5", "3.5", "abc"],
    "steps/granularity": ["bogus", "", "1"],
    "view/language": ["xx", "", "zh"],
    "window/geometry": ["abc", "1"],
    "window/state": ["abc", "1"],
    "window/splitter": ["abc", "1"],
}
DEFAULTS = {"chain/precision": 6, "view/zoom": 1.0, "steps/granularity": "neuron",
            "view/language": "system", "window/geometry": QByteArray(), "window/state": QByteArray(),
            "window/splitter": QByteArray()}
ATTRIBUTES = {"chain/precision": "precision", "view/zoom": "zoom", "steps/granularity": "granularity",
              "view/language": "language", "window/geometry": "geometry", "window/state": "state",
              "window/splitter": "splitter"}
SCORES = ['{"a": [1e400, 1]}', '{"a": {"0": 1}}', "[" * 100_000, '{"a": [-1e400, 1]}']


def _ini(tmp_path, lines: list[str]) -> None:
    """The file Settings reads (conftest points QSettings' user scope at tmp_path/settings)."""
    ini = tmp_path / "settings" / "bpviewer" / "bpviewer.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _entry(key: str, value: str) -> list[str]:
    group, name = key.split("/")
    return [f"[{group}]", f"{name}={value}"]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize(("key", "value"), [(k, v) for k, values in DAMAGED.items() for v in values])
def test_an_unusable_preference_reads_as_its_default(tmp_path, qapp, key, value) -> None:
    _ini(tmp_path, _entry(key, value))
    assert getattr(Settings(), ATTRIBUTES[key]) == DEFAULTS[key]


@pytest.mark.parametrize(("key", "value", "read"), [
    ("chain/precision", "15", 15), ("chain/precision", "1", 1), ("view/zoom", "0.75", 0.75),
    ("view/zoom", "3", 3.0), ("steps/granularity", "phase", "phase"), ("view/language", "zh_CN", "zh_CN"),
])
def test_a_usable_preference_is_read(tmp_path, qapp, key, value, read) -> None:
    _ini(tmp_path, _entry(key, value))
    assert getattr(Settings(), ATTRIBUTES[key]) == read


@pytest.mark.parametrize("scores", SCORES)
def test_damaged_practice_scores_read_as_none(tmp_path, qapp, scores) -> None:
    _ini(tmp_path, ["[practice]", f"scores={_quoted(scores)}"])
    assert Settings().practice() == {}


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_the_window_starts_on_a_damaged_preferences_file(make_window, tmp_path, variant) -> None:
    """Every key damaged at once, three ways; the window shows and steps as if fresh."""
    lines = []
    for key, values in DAMAGED.items():
        lines += _entry(key, values[variant % len(values)])
    _ini(tmp_path, [*lines, "[practice]", f"scores={_quoted(SCORES[variant])}"])
    window = make_window("mazur")
    assert window.chain.precision == 6 and window.theme.zoom == 1.0
    assert window.commands["neuron"].isChecked() and window.commands["lang_system"].isChecked()
    window.commands["next_step"].trigger()
    assert (window.session.iteration, window.session.step_index) == (1, 0)
