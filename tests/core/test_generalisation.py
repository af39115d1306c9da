"""Train/test split, input features, regression data sets and Playground links."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from bpviewer.core import data, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.playground import import_link
from bpviewer.core.session import Session

from .compare import check_session


def circles(**changes) -> dict:
    raw = presets.load("circles").to_dict()
    raw.update(changes)
    return raw


def test_test_split_holds_rows_out_and_is_seeded() -> None:
    raw = circles(data={"generator": "circles", "n": 100, "noise": 0.1, "seed": 0, "test_fraction": 0.3})
    a = data.resolve(spec_mod.from_dict(raw))
    b = data.resolve(spec_mod.from_dict(raw))
    assert a.n == 70 and len(a.test_inputs) == 30
    assert (a.test_inputs == b.test_inputs).all()
    rows = {tuple(r) for r in a.inputs} | {tuple(r) for r in a.test_inputs}
    assert len(rows) == 100


def test_test_loss_equals_torch_and_leaves_training_alone() -> None:
    raw = circles(data={"generator": "circles", "n": 60, "noise": 0.1, "seed": 0, "test_fraction": 0.5},
                  batch_size=None, shuffle=False)
    with_test = Session(spec_mod.from_dict(raw))
    with_test.run(5)
    ds = with_test.dataset
    for k in range(1, 6):
        theta = with_test.history.params_at(k)
        p = with_test.params
        x = torch.tensor(ds.test_inputs)
        for l in range(1, len(with_test.spec.layers)):
            w = torch.tensor(np.array(p.weights(theta, l)))
            b = torch.tensor(np.array(p.biases(theta, l)))
            x = torch.nn.functional.linear(x, w, b)
            x = torch.tanh(x) if l < len(with_test.spec.layers) - 1 else torch.sigmoid(x)
        expected = torch.nn.functional.binary_cross_entropy(x, torch.tensor(ds.test_targets)).item()
        assert with_test.test_losses()[k - 1] == pytest.approx(expected, rel=1e-12)
    check_session(Session(spec_mod.from_dict(raw)), 3)


def test_features_are_real_input_neurons() -> None:
    raw = circles(layers=[5, 4, 1], activations=["tanh", "sigmoid"],
                  features=["x1", "x2", "x1^2", "x2^2", "x1*x2"], batch_size=None, shuffle=False)
    s = Session(spec_mod.from_dict(raw))
    raw_x = s.dataset.raw
    np.testing.assert_array_equal(s.dataset.inputs[:, 4], raw_x[:, 0] * raw_x[:, 1])
    assert [s.neuron_label(0, j) for j in range(1, 6)] == ["x1", "x2", "x1²", "x2²", "x1·x2"]
    check_session(s, 3)
    out = s.predict(raw_x[:3])
    maps = s.hidden_maps(raw_x[:3])
    np.testing.assert_array_equal(maps[-1], out)
    np.testing.assert_array_equal(maps[0], s.dataset.inputs[:3])


def test_feature_count_must_match_inputs() -> None:
    with pytest.raises(SpecError, match="layers\\[0\\]"):
        spec_mod.from_dict(circles(features=["x1", "x2", "sin_x1"]))
    with pytest.raises(SpecError, match="unknown feature"):
        spec_mod.from_dict(circles(features=["x1", "tan_x2"]))


@pytest.mark.parametrize("kind", ["plane", "multi_gaussian"])
def test_regression_data_sets(kind: str) -> None:
    raw = {"layers": [2, 6, 1], "activations": ["tanh", "identity"], "loss": "mse",
           "init": {"scheme": "xavier_uniform", "seed": 0}, "optimizer": {"name": "adam", "lr": 0.02},
           "data": {"generator": kind, "n": 200, "noise": 0.05, "seed": 1}}
    s = Session(spec_mod.from_dict(raw))
    assert s.dataset.labels is None and s.dataset.targets.shape == (200, 1)
    s.run(300)
    # learnt, not merely lower: well below the loss of always answering the mean (the variance)
    assert s.losses()[-1] < 0.4 * s.dataset.targets.var()


PLAYGROUND = ("https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle"
              "&regDataset=reg-plane&learningRate=0.03&regularizationRate=0.001&noise=20"
              "&networkShape=4,2&seed=0.86&showTestData=false&discretize=false&percTrainData=60"
              "&x=true&y=true&xTimesY=false&xSquared=true&ySquared=true&cosX=false&sinX=false"
              "&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false"
              "&hideText=false&regularization=L2")


def test_playground_link() -> None:
    spec = import_link(PLAYGROUND)
    assert spec.layers == (4, 4, 2, 1)
    assert spec.features == ("x1", "x2", "x1^2", "x2^2")
    assert spec.activations == ("tanh", "tanh", "sigmoid")
    assert spec.optimizer == {"name": "sgd", "lr": 0.03, "weight_decay": 0.001}
    assert spec.batch_size == 10
    assert spec.data["generator"] == "circles" and spec.data["noise"] == 0.2
    assert spec.data["test_fraction"] == pytest.approx(0.4)
    s = Session(spec)
    assert s.dataset.n == 300 and len(s.dataset.test_inputs) == 200


@pytest.mark.parametrize(("link", "words"), [
    ("https://playground.tensorflow.org/", "no #"),
    ("#activation=swish", "activation='swish'"),
    ("#networkShape=4,x", "networkShape"),
    ("#learningRate=fast", "learningRate='fast' is not a finite number"),
    ("#bogus=1", "unknown setting 'bogus'"),
    ("#dataset=moons", "dataset='moons'"),
    ("#activation", "malformed setting"),
])
def test_bad_playground_links(link: str, words: str) -> None:
    with pytest.raises(SpecError) as err:
        import_link(link)
    assert words in err.value.line() and err.value.field == "playground link"


def test_map_values_equal_a_torch_forward_on_a_grid() -> None:
    """What the decision map and the neuron thumbnails show, against torch."""
    raw = circles(features=["x1", "x2", "x1^2", "sin_x1"], layers=[4, 8, 8, 1])
    s = Session(spec_mod.from_dict(raw))
    s.goto(7)
    g = np.linspace(-1.5, 1.5, 9)
    grid = np.array([(a, b) for a in g for b in g])
    maps = s.hidden_maps(grid)
    x = torch.tensor(np.column_stack([grid[:, 0], grid[:, 1], grid[:, 0] ** 2, np.sin(grid[:, 0])]))
    np.testing.assert_allclose(maps[0], x.numpy(), rtol=1e-12)
    theta, p = s.history.params_at(7), s.params
    for l in range(1, len(s.spec.layers)):
        z = torch.nn.functional.linear(x, torch.tensor(np.array(p.weights(theta, l))),
                                       torch.tensor(np.array(p.biases(theta, l))))
        x = torch.tanh(z) if l < len(s.spec.layers) - 1 else torch.sigmoid(z)
        np.testing.assert_allclose(maps[l], x.numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(s.predict(grid), x.numpy(), rtol=1e-12)
