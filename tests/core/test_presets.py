"""The shipped presets by name, and the refusal of a name that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

import bpviewer
from bpviewer.core import presets
from bpviewer.core.errors import SpecError

SHIPPED = sorted(p.stem for p in (Path(bpviewer.__file__).parent / "resources" / "presets").glob("*.json"))


def test_names_are_the_shipped_files() -> None:
    assert presets.names() == SHIPPED and "mazur" in SHIPPED


@pytest.mark.parametrize("name", ["mazurr", "x" * 39 + "é" + "yz" * 10])
def test_an_unknown_name_is_refused_with_the_choices(name: str) -> None:
    """The field is the option; a long name is cut to its first 40 characters."""
    with pytest.raises(SpecError) as err:
        presets.load(name)
    shown = "'mazurr'" if name == "mazurr" else "'" + "x" * 39 + "é'"
    assert err.value.field == "--preset"
    assert str(err.value) == f"--preset: unknown preset {shown}; choose one of {', '.join(SHIPPED)}"
