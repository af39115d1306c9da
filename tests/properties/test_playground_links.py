"""Playground links built from random settings import as the network they describe."""

from __future__ import annotations

from contracts.playground_model import (
    ACTIVATIONS,
    DATASETS,
    FEATURES,
    REG_DATASETS,
    Settings,
    assert_alike,
    observed,
)
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from bpviewer.core.playground import import_link

NO_SHRINK = (Phase.explicit, Phase.generate)  # a failure (or a mutant) fails fast

links = st.builds(
    Settings,
    problem=st.sampled_from(["classification", "regression"]),
    dataset=st.sampled_from(sorted(DATASETS)),
    reg_dataset=st.sampled_from(sorted(REG_DATASETS)),
    activation=st.sampled_from(sorted(ACTIVATIONS)),
    learning_rate=st.sampled_from([0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]),
    regularization=st.sampled_from(["none", "L1", "L2"]),
    regularization_rate=st.sampled_from([0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]),
    noise=st.integers(0, 50),
    perc_train=st.integers(10, 90),
    batch_size=st.integers(1, 30),
    hidden=st.lists(st.integers(1, 8), min_size=0, max_size=6),
    inputs=st.lists(st.sampled_from([pid for pid, _ in FEATURES]), unique=True),
)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          phases=NO_SHRINK)
@given(settings_=links)
def test_random_links_import_as_described(settings_: Settings) -> None:
    assert_alike(observed(import_link(settings_.link())), settings_.expected())
