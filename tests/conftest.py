"""Tests never need a display: Qt renders offscreen unless told otherwise."""

import os

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


@pytest.fixture(autouse=True)
def english_core_texts():
    """Core's texts start in English in every test (the window's language sets them)."""
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
