"""A long export told as it goes: an estimate of time and disk first, then progress.

`bpviewer export` trains N iterations then writes them; on a large network either can take
minutes, so a short probe (train and format the first iterations for about a second) gives
the rates, an estimate is printed before anything over ESTIMATE_FROM seconds, and progress
lines (iterations, rate, time left) follow at most every REPORT_EVERY seconds.
"""

from __future__ import annotations

import time
from typing import TextIO

from . import csvfile, export
from .session import Session

ESTIMATE_FROM = 120.0
REPORT_EVERY = 2.0
PROBE_SECONDS = 0.5


class Reporter:
    """Progress lines on a stream, at most one every REPORT_EVERY seconds."""

    def __init__(self, stream: TextIO, what: str, total: int) -> None:
        self.stream, self.what, self.total = stream, what, total
        self.start = time.perf_counter()
        self.last = self.start
        self.first = None

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = (now, done)
        if now - self.last < REPORT_EVERY or done >= self.total:
            return
        self.last = now
        t0, d0 = self.first
        rate = (done - d0) / (now - t0) if now > t0 and done > d0 else 0.0
        left = f" · {duration((self.total - done) / rate)} left" if rate else ""
        print(f"bpviewer: {self.what} {done:,}/{self.total:,} iterations · {rate:,.0f} it/s{left}",
              file=self.stream, flush=True)


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


class _Counter:
    """A file-like sink that only counts characters."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def probe_export(session: Session, numeric: bool, seconds: float = PROBE_SECONDS) -> tuple[float, float]:
    """(seconds, bytes) per iteration of writing, from formatting the first iterations."""
    sink = _Counter()
    writer = csvfile.writer(sink)
    start = time.perf_counter()
    done = 0
    for rec in session.history.records(1, len(session.history)):
        chunk = [rec]
        writer.writerows(export._gradient_chunk(session, chunk, numeric))
        writer.writerows(export._forward_chunk(session, chunk))
        writer.writerows(export._loss_chunk(session, chunk))
        writer.writerows(export._history_chunk(chunk))
        done += 1
        if time.perf_counter() - start > seconds:
            break
    if not done:
        return 0.0, 0.0
    return (time.perf_counter() - start) / done, sink.chars / done


def train_with_progress(session: Session, n: int, stream: TextIO, estimate_numeric: bool) -> None:
    """Train n iterations; probe the rates first and print an estimate when it is long.

    DivergedError propagates with the finite history kept.
    """
    trainer = session.trainer
    start = time.perf_counter()
    while trainer.iteration < n and time.perf_counter() - start < PROBE_SECONDS:
        trainer.run(min(n - trainer.iteration, max(1, trainer.iteration)))
    trained = trainer.iteration
    if trained == 0:
        return
    train_rate = trained / max(time.perf_counter() - start, 1e-9)
    per_write, per_bytes = probe_export(session, estimate_numeric)
    total = (n - trained) / train_rate + n * per_write
    if total > ESTIMATE_FROM:
        print(f"bpviewer: estimate for {n:,} iterations: about {duration(total)} and "
              f"{size(n * per_bytes)} on disk (Ctrl+C stops; nothing partial is left)",
              file=stream, flush=True)
    report = Reporter(stream, "trained", n)
    step = max(1, int(train_rate * 0.25))
    while trainer.iteration < n:
        trainer.run(min(step, n - trainer.iteration))
        report(trainer.iteration)


__all__ = ["Reporter", "probe_export", "train_with_progress", "duration", "size"]
