"""The notes' phone-price model: preset, generated CSV, standardised inputs, the notice."""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pytest
import torch

from bpviewer.core import phone_data, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.notices import notice
from bpviewer.core.session import Session

NOTES_COLUMNS = ["battery_power", "blue", "clock_speed", "dual_sim", "fc", "four_g", "int_memory",
                 "m_dep", "mobile_wt", "n_cores", "pc", "px_height", "px_width", "ram", "sc_h",
                 "sc_w", "talk_time", "three_g", "touch_screen", "wifi", "price_range"]


def _shipped() -> tuple[list[str], np.ndarray]:
    path = resources.files("bpviewer").joinpath("resources", "data", "phone-price.csv")
    with resources.as_file(path) as real, open(real, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], np.array(rows[1:], float)


def test_the_shipped_csv_is_the_generator_output(tmp_path) -> None:
    phone_data.write_csv(tmp_path / "p.csv")
    path = resources.files("bpviewer").joinpath("resources", "data", "phone-price.csv")
    assert path.read_bytes() == (tmp_path / "p.csv").read_bytes()


def test_the_csv_has_the_notes_columns_realistic_ranges_and_balanced_classes() -> None:
    header, v = _shipped()
    assert header == NOTES_COLUMNS and v.shape == (2000, 21)
    col = {name: v[:, i] for i, name in enumerate(header)}
    assert np.bincount(col["price_range"].astype(int)).tolist() == [500] * 4
    for name in ("blue", "dual_sim", "four_g", "three_g", "touch_screen", "wifi"):
        assert set(col[name]) == {0.0, 1.0}
    ranges = {"battery_power": (501, 1998), "clock_speed": (0.5, 3.0), "fc": (0, 19),
              "int_memory": (2, 64), "m_dep": (0.1, 1.0), "mobile_wt": (80, 200), "n_cores": (1, 8),
              "pc": (0, 20), "px_height": (0, 1960), "px_width": (500, 1998), "ram": (256, 3998),
              "sc_h": (5, 19), "sc_w": (0, 18), "talk_time": (2, 20)}
    for name, (lo, hi) in ranges.items():
        assert lo <= col[name].min() and col[name].max() <= hi, name
    assert (col["pc"] >= col["fc"]).all() and (col["three_g"] >= col["four_g"]).all()
    # a learnable rule: RAM alone already orders the classes
    means = [col["ram"][col["price_range"] == c].mean() for c in range(4)]
    assert means == sorted(means)


def test_the_preset_is_the_notes_model() -> None:
    spec = presets.load("phone-price")
    assert spec.layers == (20, 128, 256, 4)
    assert spec.activations == ("leaky_relu", "leaky_relu", "softmax")
    assert spec.loss == "cross_entropy" and spec.leaky_relu_slope == 0.01
    assert spec.optimizer == {"name": "adam", "lr": 0.001}
    assert spec.batch_size == 16 and spec.shuffle
    assert spec.init["scheme"] == "kaiming_normal" and spec.init["nonlinearity"] == "leaky_relu"
    assert "twice" in spec.description and "Softmax" in spec.description
    assert notice(spec)[0] and notice(presets.load("mazur")) == ("", "")
    assert notice(spec.with_changes(activations=["leaky_relu", "leaky_relu", "identity"])) == ("", "")


def test_inputs_are_standardised_with_the_training_rows_and_20_percent_are_held_out() -> None:
    s = Session(presets.load("phone-price"))
    d = s.dataset
    assert (d.n, len(d.test_inputs)) == (1600, 400)
    _, v = _shipped()
    raw = torch.tensor(v[:, :20])
    order = np.random.default_rng([0, 1]).permutation(2000)  # the documented split
    train, test = raw[order[400:]], raw[order[:400]]
    mean, std = train.mean(0), train.std(0, unbiased=False)
    np.testing.assert_allclose(d.inputs, ((train - mean) / std).numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(d.test_inputs, ((test - mean) / std).numpy(), rtol=1e-12, atol=1e-12)
    assert d.labels.tolist() == v[order[400:], 20].astype(int).tolist()


def test_it_learns_the_rule() -> None:
    s = Session(presets.load("phone-price"))
    s.trainer.run(200)
    theta = torch.tensor(np.array(s.history.params_at(200)))
    a = torch.tensor(s.dataset.test_inputs)
    for l in range(1, 4):
        w = theta[s.params.weight_slices[l - 1]].reshape(s.spec.layers[l], s.spec.layers[l - 1])
        a = a @ w.T + theta[s.params.bias_slices[l - 1]]
        if l < 3:
            a = torch.nn.functional.leaky_relu(a, 0.01)
    accuracy = (a.argmax(1).numpy() == s.dataset.test_labels).mean()
    assert accuracy > 0.7
    assert s.test_losses()[-1] < 0.5 * s.test_losses()[0]


def test_standardize_must_be_a_boolean() -> None:
    raw = presets.load("phone-price").to_dict()
    raw["data"]["standardize"] = "yes"
    with pytest.raises(SpecError, match="data.standardize"):
        spec_mod.from_dict(raw)
