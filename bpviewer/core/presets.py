"""The shipped example networks in bpviewer/resources/presets/*.json."""

from __future__ import annotations

from importlib import resources

from . import spec as spec_mod
from .errors import SpecError
from .spec import NetworkSpec
from .texts import tr

DEFAULT = "mazur"


def _folder():
    return resources.files("bpviewer").joinpath("resources", "presets")


def names() -> list[str]:
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".json"))


def load(name: str) -> NetworkSpec:
    if name not in names():
        raise SpecError("--preset", tr("unknown preset {name}; choose one of {names}", name=repr(name[:40]),
                                       names=", ".join(names())))
    path = _folder().joinpath(f"{name}.json")
    with resources.as_file(path) as real:
        return spec_mod.load(real)


def describe() -> list[tuple[str, str]]:
    """(name, description) for every preset, in name order, the description in the
    interface language (the catalogue holds each shipped one)."""
    return [(n, tr(load(n).description)) for n in names()]
