"""`bpviewer verify`: the engine beside the exported torch script; exit 1 when they differ."""

from __future__ import annotations

import numpy as np
import pytest

from bpviewer.cli import main
from bpviewer.core import losses

pytestmark = pytest.mark.usefixtures("restore_torch_defaults")


def test_verify_a_preset(capsys) -> None:
    assert main(["verify", "--preset", "xor", "--iterations", "20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("xor: 20 iterations by the exported PyTorch script")
    assert out[1].startswith("largest relative difference: loss ")
    assert "gradient" in out[1] and "parameter" in out[1]
    assert out[2] == "equal to within 1e-10"


def test_verify_catches_a_wrong_gradient(capsys, monkeypatch) -> None:
    exact = losses.gradient
    monkeypatch.setattr(losses, "gradient", lambda *a: exact(*a) * (1 + 1e-7))
    assert main(["verify", "--preset", "mazur", "--iterations", "3"]) == 1
    out = capsys.readouterr().out
    worst = float(out.split("gradient ")[1].split(",")[0])
    assert np.isclose(worst, 1e-7, rtol=0.01)
    assert out.splitlines()[-1] == "DIFFERENT to within 1e-10"


def test_nothing_trained_is_nothing_different(capsys) -> None:
    assert main(["verify", "--preset", "mazur", "--iterations", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:] == ["largest relative difference: loss 0.0e+00, gradient 0.0e+00, parameter 0.0e+00",
                       "equal to within 1e-10"]
