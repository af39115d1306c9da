"""Tests never need a display (Qt renders offscreen unless told otherwise), and each test
finds the process as the one before it found it (module_state_as_found)."""

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def restore_torch_defaults():
    """The exported scripts set float64 and print options globally; later tests expect torch's."""
    import torch

    dtype = torch.get_default_dtype()
    yield
    torch.set_default_dtype(dtype)
    torch.set_printoptions(profile="default")


#: the values a module or class attribute keeps that a test could leave changed: not the
#: caches (dicts, lists), which the code itself fills
_SCALARS = (bool, int, float, complex, str, bytes, tuple, frozenset, type(None))


def _same(a: object, b: object) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # a tuple of arrays
        return False


def _bpviewer_scalars() -> dict[tuple[object, str], object]:
    """Every scalar held by a bpviewer module or by a class it defines, by (owner, name)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "bpviewer" or name.startswith("bpviewer.")):
            continue
        for key, value in list(vars(module).items()):
            if isinstance(value, _SCALARS):
                found[module, key] = value
            elif isinstance(value, type) and value.__module__ == name:
                found.update(((value, attr), v) for attr, v in vars(value).items()
                             if isinstance(v, _SCALARS) and not attr.startswith("__"))
    return found


@pytest.fixture(autouse=True)
def module_state_as_found():
    """A test that sets a module's or a class's attribute (a limit, a switch such as
    TextBox.pictured) without monkeypatch leaves it to whatever runs next in the same
    process, and under `-n 2` what runs next changes from run to run: such a test fails
    here, naming what it left, and the value is put back. It checks after monkeypatch and
    the fixtures that ask for it (english_core_texts) have undone their own changes."""
    before = _bpviewer_scalars()
    yield
    after = _bpviewer_scalars()
    left = [key for key, value in before.items() if key in after and not _same(value, after[key])]
    for owner, attr in left:
        setattr(owner, attr, before[owner, attr])
    assert not left, "the test left changed: " + ", ".join(
        f"{owner.__name__}.{attr}" for owner, attr in left)


@pytest.fixture(autouse=True)
def english_core_texts(module_state_as_found):
    """Core's texts start in English in every test (the window's language sets them), and
    are English again before module_state_as_found looks (autouse fixtures of one file set
    up in the order of their names, not of their definitions)."""
    from bpviewer.core import texts

    texts.set_language(texts.ENGLISH)
    yield
    texts.set_language(texts.ENGLISH)


def pytest_collection_modifyitems(items) -> None:
    """Under mutmut, a mutant's tests run the cheapest files first: most mutants die in their
    first failing test, so the order sets the time (files stay whole for their fixtures)."""
    import json
    from collections import Counter
    from pathlib import Path

    stats = Path("mutmut-stats.json")  # mutmut runs the tests inside its mutants/ folder
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", "") or not stats.exists():
        return
    durations = json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]
    cost: Counter = Counter()
    for item in items:
        cost[item.path] += durations.get(item.nodeid, 0.0)
    items.sort(key=lambda item: cost[item.path])
