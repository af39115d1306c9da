"""Playground links become the network Playground describes: each setting checked against
playground_model (written from Playground's settings, not from bpviewer's import tables)."""

from __future__ import annotations

import pytest

from bpviewer.core.errors import SpecError
from bpviewer.core.playground import import_link

from .playground_model import Settings, assert_alike, observed


@pytest.mark.parametrize("settings", [
    Settings(),
    Settings(dataset="xor", activation="relu", learning_rate=0.1, noise=25, perc_train=70,
             batch_size=5, hidden=[3], inputs=["x", "y", "xTimesY"]),
    Settings(dataset="gauss", activation="sigmoid", regularization="L1", regularization_rate=0.003,
             hidden=[8, 8, 2], inputs=["xSquared", "ySquared"]),
    Settings(dataset="spiral", activation="linear", regularization="L2", regularization_rate=0.01,
             inputs=["sinX", "sinY", "cosX", "cosY"], perc_train=90, noise=50, batch_size=30),
    Settings(problem="regression", reg_dataset="reg-gauss", hidden=[6], inputs=["x"]),
    Settings(problem="regression", reg_dataset="reg-plane", inputs=[], learning_rate=0.001),
], ids=["defaults", "xor", "gauss-L1", "spiral-L2", "reg-gauss", "reg-plane-no-inputs"])
def test_each_setting_carries_over(settings: Settings) -> None:
    assert_alike(observed(import_link(settings.link())), settings.expected())


def test_regularization_without_a_rate_adds_nothing() -> None:
    spec = import_link(Settings(regularization="L1", regularization_rate=0).link())
    assert spec.l1 == 0.0 and spec.optimizer_kwargs()["weight_decay"] == 0.0


@pytest.mark.parametrize(("link", "words"), [
    ("https://playground.tensorflow.org/", "fragment"),
    ("https://playground.tensorflow.org/#dataset=moons", "dataset"),
    ("https://playground.tensorflow.org/#problem=ranking", "problem"),
    ("https://playground.tensorflow.org/#activation=swish", "activation"),
    ("https://playground.tensorflow.org/#learningRate=fast", "learningRate"),
    ("https://playground.tensorflow.org/#networkShape=4,x", "networkShape"),
    ("https://playground.tensorflow.org/#regularization=L3", "regularization"),
    ("https://playground.tensorflow.org/#problem=regression&regDataset=reg-swirl", "regDataset"),
    ("https://playground.tensorflow.org/#colour=blue", "colour"),
    ("https://playground.tensorflow.org/#dataset", "malformed"),
])
def test_bad_links_are_refused_naming_the_setting(link: str, words: str) -> None:
    with pytest.raises(SpecError) as err:
        import_link(link)
    assert err.value.field == "playground link" and words in err.value.problem


def test_a_setting_the_network_refuses_is_named_with_its_problem() -> None:
    with pytest.raises(SpecError) as err:
        import_link("https://playground.tensorflow.org/#learningRate=0")
    assert (err.value.field, err.value.problem) == (
        "playground link", "optimizer.lr: learning rate must be positive, got 0.0")


@pytest.mark.parametrize(("link", "problem"), [
    ("https://playground.tensorflow.org/#batchSize=2.5", "batchSize='2.5': expected a whole number"),
    ("https://playground.tensorflow.org/#batchSize=0", "batchSize='0': Playground allows 1 to 30"),
])
def test_a_batch_size_playground_cannot_have_is_refused(link: str, problem: str) -> None:
    with pytest.raises(SpecError) as err:
        import_link(link)
    assert (err.value.field, err.value.problem) == ("playground link", problem)
