"""Property test of the command line, in-process: any options, any network file, and the
answer is exit 0, or exit 2 with exactly one line on stderr — never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpviewer.app
import bpviewer.qt.shot
from bpviewer.cli import main
from bpviewer.core import presets

WORDS = st.sampled_from(["", " ", "0", "1", "2", "-1", "x", "1e3", "9" * 30, "9" * 5000, "nan",
                         "mazur", "xor", "nope", "200x200", "1024x768", "10x10", "0x0", "--out",
                         "\x00", "\ud800", "{net}", "{dir}", "{dir}/o", "/dev/null", "/dev/zero"])
OPTIONS = st.sampled_from(["--preset", "--network", "--iterations", "--steps", "--size", "--out",
                           "--text", "--float32", "--version-x", "-h-x"])
COMMAND = st.sampled_from([["export"], ["shot"], ["presets"], []])
NETWORK = st.sampled_from([
    spec_text := json.dumps(presets.load("mazur").to_dict()),
    spec_text.replace('"lr": 0.5', '"lr": 1' + "0" * 400),
    spec_text.replace('"layers": [2, 2, 2]', '"layers": [2, 100000000, 2]'),
    spec_text.replace('{"format"', '{"name": 1, "format"'),
    "[" * 10_000, "\ufeff" + spec_text, "", "null", '{"format": "bpviewer-network/1"}',
])


@pytest.fixture
def no_window(monkeypatch):
    """The window and the offscreen renderer are other tests' business: here only the
    parsing and the checks before them run, which keeps a hundred commands fast."""
    monkeypatch.setattr(bpviewer.app, "main", lambda spec: 0)
    monkeypatch.setattr(bpviewer.qt.shot, "render", lambda *a: None)


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=COMMAND, options=st.lists(st.tuples(OPTIONS, WORDS), max_size=5), network=NETWORK)
def test_any_command_line_is_exit_0_or_one_line(capsys, no_window, command, options,
                                                network) -> None:
    with tempfile.TemporaryDirectory() as folder:
        net = Path(folder) / "net.json"
        net.write_text(network, encoding="utf-8")
        argv = list(command)
        for option, word in options:
            word = word.replace("{net}", str(net)).replace("{dir}", folder)
            if option == "--iterations" and word.isdigit() and len(word) > 1:
                word = "3"  # training time is not under test here
            argv += [option, word]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
    assert code in (0, 2), (argv, code)
    if code == 2:
        lines = captured.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("bpviewer: "), (argv, captured.err)
        assert "Traceback" not in captured.err
