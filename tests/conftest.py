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
