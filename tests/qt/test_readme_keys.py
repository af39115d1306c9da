"""The README's keyboard map and the action registry name the same keys."""

from __future__ import annotations

import re
from pathlib import Path

from bpviewer.qt.actions import ACTIONS

README = Path(__file__).resolve().parents[2] / "README.md"
SPELLED = {"PgUp": "Page Up", "PgDown": "Page Down"}
NOT_ACTIONS = {"Enter", "Ctrl+wheel"}  # practice's answer field and the view's wheel


def _readme_keys() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Keyboard map", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for row in re.findall(r"^\| ([^|]+) \|", table, re.M)[1:]:
        row = row.replace("−", "-")
        ranged = re.fullmatch(r"(.*\+)(\d) … \1(\d)(.*)", row)
        if ranged:
            prefix, first, last, rest = ranged.groups()
            keys |= {f"{prefix}{n}" for n in range(int(first), int(last) + 1)}
            row = rest
        keys |= {k.strip() for k in re.split(r" / |, |\(or |\)", row) if k.strip()}
    return keys


def _registry_keys() -> set[str]:
    return {SPELLED.get(key, key) for spec in ACTIONS for key in spec.shortcuts}


def test_every_registry_key_is_in_the_readme():
    assert _registry_keys() - _readme_keys() == set()


def test_every_readme_key_does_something():
    assert _readme_keys() - _registry_keys() - NOT_ACTIONS == set()
