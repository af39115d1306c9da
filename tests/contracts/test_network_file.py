"""The `bpviewer-network/1` file: save → load gives the same network bit for bit (DESIGN), every
field survives, and `weights[l][to][from]` is torch nn.Linear's layout."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import torch

from bpviewer.core import presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.session import Session

from .networks import NETWORKS, mixed

AWKWARD = [0.1 + 0.2, 1 / 3, -5e-324, 1e-300, 2.0**-1074 * 3, -0.0, 123456789.123456789, -7.0]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def flat(values) -> list[float]:
    out = []
    for v in values:
        out += flat(v) if isinstance(v, list) else [v]
    return out


def test_awkward_floats_survive_bit_for_bit(tmp_path) -> None:
    raw = mixed()
    raw["weights"][0][0] = AWKWARD[:3]
    raw["biases"][1] = AWKWARD[3:6]
    raw["optimizer"]["lr"] = 0.1 + 0.7
    raw["l1"] = 1e-300
    spec = spec_mod.from_dict(raw)
    path = tmp_path / "net.json"
    spec_mod.save(spec, path)
    back = spec_mod.load(path)
    assert back == spec
    assert [bits(v) for v in flat(back.weights) + flat(back.biases)] == \
        [bits(v) for v in flat(spec.weights) + flat(spec.biases)]
    assert bits(back.optimizer["lr"]) == bits(0.1 + 0.7) and bits(back.l1) == bits(1e-300)
    assert spec_mod.dumps(back) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_every_field_of_the_contract_networks_survives(tmp_path, name: str) -> None:
    raw = NETWORKS[name][0]
    path = tmp_path / "net.json"
    spec_mod.save(spec_mod.from_dict(raw), path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["format"] == "bpviewer-network/1"
    for key, value in raw.items():
        if key == "data" and raw["loss"] == "cross_entropy" and not isinstance(value["targets"][0], list):
            assert written[key]["targets"] == [[t] for t in value["targets"]]
            continue
        assert written[key] == value, key


@pytest.mark.parametrize("name", presets.names())
def test_presets_round_trip(tmp_path, name: str) -> None:
    spec = presets.load(name)
    path = tmp_path / "p.json"
    spec_mod.save(spec, path)
    assert spec_mod.load(path) == spec


def test_trained_weights_saved_and_reloaded_continue_the_same(tmp_path) -> None:
    """Save at iteration 5 (what File → Save writes), load: the network is the one at iteration 5."""
    session = Session(spec_mod.from_dict(mixed()))
    session.goto(5)
    path = tmp_path / "trained.json"
    spec_mod.save(session.current_spec(), path)
    again = Session(spec_mod.load(path))
    np.testing.assert_array_equal(again.history.initial, session.history.params_at(5))


def test_weights_are_torch_linear_layout() -> None:
    """weights[l][to][from]: the file's matrix is nn.Linear.weight, so torch's forward agrees."""
    raw = NETWORKS["regression_full_batch"][0]
    session = Session(spec_mod.from_dict(raw))
    x = np.array(raw["data"]["inputs"])
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)).double()
    with torch.no_grad():
        for lin, w, b in zip((net[0], net[2]), raw["weights"], raw["biases"], strict=True):
            lin.weight.copy_(torch.tensor(w))
            lin.bias.copy_(torch.tensor(b))
        expected = net(torch.tensor(x)).numpy()
    np.testing.assert_allclose(session.predict(x), expected, rtol=1e-14)


def test_the_file_is_readable_utf8_json(tmp_path) -> None:
    """A teacher edits these files by hand: names stay as typed (UTF-8, not \\u escapes), one
    key per line, and the file ends with a newline."""
    spec = spec_mod.from_dict({**mixed(), "name": "反向传播 — Größe"})
    path = tmp_path / "net.json"
    spec_mod.save(spec, path)
    text = path.read_bytes().decode("utf-8")
    assert '"name": "反向传播 — Größe"' in text and text.endswith("}\n")
    assert '\n  "format": "bpviewer-network/1",\n' in text
