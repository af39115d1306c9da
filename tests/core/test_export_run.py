"""The long export's estimate: sizes and durations as printed, and the probe's bytes per
iteration equal to what the written CSVs take (measured on the files, not by the probe's code)."""

from __future__ import annotations

import io

import pytest

from bpviewer.core import export_run, presets
from bpviewer.core.export import export_all
from bpviewer.core.export_run import Reporter, duration, probe_export, size
from bpviewer.core.session import Session


@pytest.mark.parametrize(("n", "text"), [(0, "0 B"), (999, "999 B"), (1000, "1.0 KB"), (1500, "1.5 KB"),
                                         (2.5e6, "2.5 MB"), (7.25e9, "7.2 GB"), (3e12, "3000.0 GB")])
def test_sizes(n: float, text: str) -> None:
    assert size(n) == text


@pytest.mark.parametrize(("seconds", "text"), [(0, "0 s"), (89, "89 s"), (90, "2 min"), (5399, "90 min"),
                                               (5400, "1.5 h"), (5581, "1.6 h"), (36000, "10.0 h")])
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_probe_bytes_are_the_csvs_bytes_per_iteration(tmp_path) -> None:
    session = Session(presets.load("xor"))
    session.trainer.run(3)
    export_all(session, tmp_path, numeric=False)
    body = sum(len(path.read_text(encoding="utf-8").split("\n", 1)[1]) for path in tmp_path.glob("*.csv"))
    assert probe_export(session, numeric=False, seconds=60)[1] == body / 3


def test_probe_time_is_per_iteration(monkeypatch) -> None:
    session = Session(presets.load("xor"))
    session.trainer.run(3)
    clock = iter(range(100))  # one second per reading: the start, after each of 3 iterations, the end
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: float(next(clock)))
    assert probe_export(session, numeric=False, seconds=60)[0] == 4 / 3


def test_files_are_written_beside_the_target_then_moved_in(tmp_path) -> None:
    """The partial folder sits in the target's own folder (a rename, never a copy across disks)."""
    session = Session(presets.load("xor"))
    session.trainer.run(2)
    seen = []
    export_all(session, tmp_path / "out", numeric=False,
               progress=lambda done, n: seen.append(sorted(p.name for p in tmp_path.iterdir())))
    assert seen and all(len(names) == 1 and names[0].startswith(".out.") and names[0].endswith(".partial")
                        for names in seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_progress_lines_at_most_every_two_seconds_with_rate_and_time_left(monkeypatch) -> None:
    clock = iter([0.0, 0.0, 1.0, 3.0, 6.0, 9.0])
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: next(clock))
    stream = io.StringIO()
    report = Reporter(stream, "trained", 1000)  # started at 0 s
    report(0)     # 0 s: the first call sets the rate's origin, and 0 s since the start is too soon
    report(5)     # 1 s: too soon
    report(30)    # 3 s: 30 iterations in 3 s, 970 left: 97 s
    report(30)    # 6 s: 30 iterations in 6 s since the first call
    report(1000)  # 9 s: done, no line
    assert stream.getvalue().splitlines() == [
        "bpviewer: trained 30/1,000 iterations · 10 it/s · 2 min left",
        "bpviewer: trained 30/1,000 iterations · 5 it/s · 3 min left"]


def test_no_time_left_without_a_rate(monkeypatch) -> None:
    clock = iter([0.0, 5.0, 8.0])
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: next(clock))
    stream = io.StringIO()
    report = Reporter(stream, "trained", 10)
    report(4)
    report(4)
    assert stream.getvalue() == "bpviewer: trained 4/10 iterations · 0 it/s\n" * 2


def test_the_probe_trains_in_doubling_steps_and_stops_at_n(monkeypatch) -> None:
    """1, 1, 2, 4, … iterations a step, the last one cut to n; nothing more once n are trained
    (a slow clock: the probe's half second never runs out)."""
    ticks = iter(range(10_000))
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: next(ticks) / 1000)
    session = Session(presets.load("xor"))
    steps = []
    run = session.trainer.run
    monkeypatch.setattr(session.trainer, "run", lambda k: steps.append(k) or run(k))
    export_run.train_with_progress(session, 11, io.StringIO(), estimate_numeric=False)
    assert steps == [1, 1, 2, 4, 3] and len(session.history) == 11
