"""Property test: a network file damaged any way a hand, an editor or a disk can — a key
dropped anywhere, a value anywhere replaced by the wrong type, NaN, ±Infinity, a huge or
deeply nested value, the text cut short, re-encoded (UTF-16, UTF-32, Latin-1) or with bytes
pushed in — given to every command and opened in the window's Session. The notes' own
20-128-256-4 model, saved with its 36,740 weights, is among the files.

Every answer is exit 0, or exit 2 with one line on stderr that names the file and writes
nothing; in the window the same one line, and the open network, its position and its
history stay as they were (DESIGN.md: "Bad input never crashes and never loses work")."""

from __future__ import annotations

import contextlib
import functools
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpviewer.app
import bpviewer.qt.shot
from bpviewer.cli import main
from bpviewer.core import export, export_run, presets, verify
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import DivergedError, SpecError
from bpviewer.core.session import Session

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@functools.cache
def _base_text(name: str) -> str:
    """A preset as the window saves it (weights written out), its CSV by absolute path."""
    spec = presets.load(name)
    if name == "phone-price":
        spec = Session(spec).current_spec()
    raw = json.loads(spec_mod.dumps(spec))
    if "csv" in raw["data"]:
        raw["data"]["csv"] = str(Path(spec.base_dir, raw["data"]["csv"]).resolve())
    return json.dumps(raw, indent=1)


DEEP: object = 1
for _ in range(40):
    DEEP = [DEEP]
BASES = ["mazur", "xor", "softmax-3class", "phone-price"]
VALUES = [
    math.nan, math.inf, -math.inf, None, True, False, 0, -1, 1.5, 2**64, 10**400, 1e308, -1e308,
    "", "x", "nan", "sigmoid", "\ud800", "é" * 10_000, [], {}, DEEP,
    [None], [1.0] * 3, {"name": "adam"}, 100_000_000, 0.5, -0.5,
]
HOSTILE = st.sampled_from(VALUES)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32-be", "latin-1"])


def _paths(raw, limit: int = 2000) -> list[tuple]:
    """Every place in the tree (a list's items sampled: a weight matrix has thousands)."""
    out, stack = [], [((), raw)]
    while stack and len(out) < limit:
        path, node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            picked = sorted({0, 1, len(node) // 2, len(node) - 1} & set(range(len(node))))
            items = [(i, node[i]) for i in picked]
        else:
            continue
        for key, child in items:
            out.append((*path, key))
            stack.append(((*path, key), child))
    return out


def _changed(raw, path: tuple, value, drop: bool):
    *head, last = path
    node = raw
    for key in head:
        node = node[key]
    if drop:
        del node[last]
    else:
        node[last] = value
    return raw


@st.composite
def damaged(draw) -> tuple[str, bytes, str]:
    """(base, the file's bytes, what was done to it)."""
    base = draw(st.sampled_from(BASES))
    raw = json.loads(_base_text(base))
    how = draw(st.sampled_from(["drop", "replace", "replace", "cut", "encode", "insert"]))
    if how in ("drop", "replace"):
        path = draw(st.sampled_from(_paths(raw)))
        value = draw(HOSTILE)
        raw = _changed(raw, path, value, how == "drop")
        text = json.dumps(raw, indent=1, ensure_ascii=False)
        return base, text.encode("utf-8", "surrogatepass"), f"{how} {path} {value!r:.40}"
    text = json.dumps(raw, indent=1, ensure_ascii=False)
    if how == "cut":
        at = draw(st.integers(0, len(text) - 1))
        return base, text[:at].encode(), f"cut at {at}"
    if how == "encode":
        codec = draw(ENCODINGS)
        return base, text.replace("Mazur", "Mazür").encode(codec, "replace"), f"encoded {codec}"
    at = draw(st.integers(0, len(text)))
    junk = draw(st.binary(min_size=1, max_size=8))
    return base, text[:at].encode() + junk + text[at:].encode(), f"{junk!r} at {at}"


@pytest.fixture
def quick(monkeypatch):
    """The commands' long work (training, writing CSVs, rendering, the torch comparison) is
    other tests' business: here the reading and checking before it runs, for every command."""
    monkeypatch.setattr(bpviewer.app, "main", lambda spec: 0)
    monkeypatch.setattr(bpviewer.qt.shot, "render", lambda *a: None)
    monkeypatch.setattr(export_run, "train_with_progress", lambda *a: None)
    monkeypatch.setattr(export, "export_all", lambda *a: None)
    monkeypatch.setattr(verify, "compare", lambda spec, n: (n, {"loss": 0.0}))


COMMANDS = {
    "window": ["{net}"],
    "export": ["export", "--network", "{net}", "--iterations", "1", "--out", "{dir}/out"],
    "shot": ["shot", "--network", "{net}", "--out", "{dir}/out.png"],
    "torch-script": ["torch-script", "--network", "{net}", "--out", "{dir}/out.py"],
    "verify": ["verify", "--network", "{net}", "--iterations", "1"],
    "exercises": ["exercises", "--network", "{net}", "--variants", "1", "--out", "{dir}/out"],
}


@FUZZ
@given(file=damaged(), command=st.sampled_from(sorted(COMMANDS)))
def test_a_damaged_network_file_is_exit_0_or_one_line_naming_it(capsys, quick, file, command) -> None:
    base, content, how = file
    with tempfile.TemporaryDirectory() as folder:
        net = Path(folder) / "net.json"
        net.write_bytes(content)
        argv = [a.replace("{net}", str(net)).replace("{dir}", folder) for a in COMMANDS[command]]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        written = sorted(p.name for p in Path(folder).iterdir())
    assert code in (0, 2), (base, how, argv, code)
    if code == 2:
        lines = captured.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"bpviewer: {net}: "), (base, how, captured.err)
        assert written == ["net.json"], (base, how, written)


def _state(session: Session) -> tuple:
    return (session.spec, session.iteration, session.step_index, len(session.history),
            session.history.params_at(session.iteration).tobytes())


@pytest.fixture(scope="module")
def open_window():
    """The window's Session, three iterations into xor: what a refused file must leave alone."""
    session = Session(presets.load("xor"))
    session.trainer.run(3)
    session.goto(2)
    return session


@FUZZ
@given(file=damaged())
def test_a_damaged_file_opened_in_the_window_is_one_line_and_keeps_the_network(open_window, file) -> None:
    base, content, how = file
    session, before = open_window, _state(open_window)
    with tempfile.TemporaryDirectory() as folder:
        net = Path(folder) / "net.json"
        net.write_bytes(content)
        try:
            session.load(spec_mod.load(net))  # as File ▸ Open does (qt/files.py open_path)
        except SpecError as err:
            line = (err if err.source else err.with_source(str(net))).line()
            assert "\n" not in line and line.startswith(f"{net}: "), (base, how, line)
            assert _state(session) == before, (base, how)
            return
    # it was a network after all: it trains (or diverges, which is shown), then the window's
    # network comes back for the next example
    with contextlib.suppress(DivergedError):
        session.trainer.run(1)
    session.load(before[0])
    session.trainer.run(3)
    session.goto(2)
    assert _state(session)[1:] == before[1:]


@pytest.mark.parametrize("base", ["mazur", "xor", "softmax-3class", "spiral", "regression-losses"])
def test_every_place_dropped_or_given_every_hostile_value_is_a_network_or_one_line(base) -> None:
    """Not drawn but every one: a name given as a list (`{"name": []}`) reached only one example
    in thousands, and crashed the loader (a list is no dict key)."""
    raw = json.loads(_base_text(base))
    for path in _paths(raw):
        for drop, value in [(True, None), *((False, v) for v in VALUES)]:
            changed = _changed(json.loads(_base_text(base)), path, value, drop)
            try:
                Session(spec_mod.from_dict(changed))
            except SpecError as err:
                assert "\n" not in err.line(), (path, value, err.line())
