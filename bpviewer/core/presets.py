"""The shipped example networks in bpviewer/resources/presets/*.json."""

from __future__ import annotations

from importlib import resources

from . import spec as spec_mod
from .errors import SpecError
from .spec import NetworkSpec

DEFAULT = "mazur"


def _folder():
    return resources.files("bpviewer").joinpath("resources", "presets")


def names() -> list[str]:
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".json"))


def load(name: str) -> NetworkSpec:
    if name not in names():
        raise SpecError("--preset", f"unknown preset {name[:40]!r}; choose one of {', '.join(names())}")
    path = _folder().joinpath(f"{name}.json")
    with resources.as_file(path) as real:
        return spec_mod.load(real)


def describe() -> list[tuple[str, str]]:
    """(name, description) for every preset, in name order."""
    return [(n, load(n).description) for n in names()]
