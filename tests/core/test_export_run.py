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


@pytest.mark.parametrize("numeric", [False, True])
def test_probe_bytes_are_the_csvs_bytes_per_iteration(tmp_path, numeric: bool) -> None:
    session = Session(presets.load("xor"))
    session.trainer.run(3)
    export_all(session, tmp_path, numeric=numeric)
    body = sum(len(path.read_text(encoding="utf-8").split("\n", 1)[1]) for path in tmp_path.glob("*.csv"))
    assert probe_export(session, numeric=numeric, seconds=60)[1] == body / 3


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


def test_the_probe_stops_once_past_its_time(monkeypatch) -> None:
    session = Session(presets.load("xor"))
    session.trainer.run(3)
    clock = iter(range(100, 200))  # the start at 100 s; 101 s is not past 1 s, 102 s is
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: float(next(clock)))
    assert probe_export(session, numeric=False, seconds=1)[0] == 3 / 2


def test_a_probe_of_nothing_is_zero() -> None:
    assert probe_export(Session(presets.load("xor")), numeric=False) == (0.0, 0.0)


class Flushes(io.StringIO):
    """A stream that keeps what it held at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushes: list[str] = []

    def flush(self) -> None:
        self.flushes.append(self.getvalue())


def test_progress_rate_and_time_left_from_the_first_call_lines_flushed(monkeypatch) -> None:
    clock = iter([10.0, 10.5, 12.5, 14.5, 16.0])
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: next(clock))
    stream = Flushes()
    report = Reporter(stream, "trained", 1000)  # started at 10 s
    report(100)   # 10.5 s: the rate's origin; 0.5 s since the start is too soon for a line
    report(300)   # 12.5 s: 2.5 s since the start; 200 iterations in 2 s since the origin
    report(500)   # 14.5 s: exactly 2 s since the last line
    report(600)   # 16 s: 1.5 s, too soon
    first = "bpviewer: trained 300/1,000 iterations · 100 it/s · 7 s left\n"
    second = "bpviewer: trained 500/1,000 iterations · 100 it/s · 5 s left\n"
    assert stream.getvalue() == first + second and stream.flushes == [first, first + second]



ESTIMATE = ("bpviewer: estimate for {n:,} iterations: about {time} and {size} on disk (Ctrl+C stops; "
            "nothing partial is left)")


@pytest.mark.parametrize(("tick", "n", "probe", "estimate", "steps"), [
    # the probe trains 1, 1, 2 iterations at 100.125, .25, .375 s and ends at 100.5: 4 in 0.625 s
    # = 6.4 it/s. 896 / 6.4 + 900 × 0.01 s = 149 s to go (150.25 would be "3 min"); then steps
    # of a quarter second's worth, at least 1
    (0.125, 900, (0.01, 3000), ("2 min", "2.7 MB"), [1, 1, 2] + [1] * 896),
    # 196 / 6.4 + 200 × 0.5 s = 130.6 s, most of it writing
    (0.125, 200, (0.5, 1000), ("2 min", "200.0 KB"), [1, 1, 2] + [1] * 196),
    # 1 iteration, then 100.6 s is past the half second: 4 more, a few seconds, no estimate
    (0.3, 5, (0.01, 100), None, [1] * 5),
    # 64 iterations by 100.4375 s, measured at 100.5625: 113.8 it/s, steps of 28
    (0.0625, 200, (0.0001, 100), None, [1, 1, 2, 4, 8, 16, 32, 28, 28, 28, 28, 24]),
])
def test_the_estimate_from_the_probe_s_rates_then_the_rest(monkeypatch, tick, n, probe, estimate,
                                                           steps) -> None:
    ticks = iter(range(100_000))
    monkeypatch.setattr(export_run.time, "perf_counter", lambda: 100 + tick * next(ticks))
    asked = []
    monkeypatch.setattr(export_run, "probe_export", lambda session, numeric: asked.append(numeric) or probe)
    session = Session(presets.load("xor"))
    ran = []
    run = session.trainer.run
    monkeypatch.setattr(session.trainer, "run", lambda k: ran.append(k) or run(k))
    stream = Flushes()
    export_run.train_with_progress(session, n, stream, estimate_numeric=True)
    lines = stream.getvalue().splitlines()
    assert len(session.history) == n and asked == [True] and ran == steps
    if estimate:
        said = ESTIMATE.format(n=n, time=estimate[0], size=estimate[1])
        assert lines[0] == said and stream.flushes[0] == said + "\n"
        lines = lines[1:]
        assert lines, "progress lines follow"
    assert all(line.startswith("bpviewer: trained ") for line in lines)
