"""Lessons: a file that strings presets, positions and the teacher's notes into slides.

`bpviewer-lesson/1` JSON: {"format", "title", "slides": [{"preset"?, "granularity"?,
"goto"?: [iteration, step], "run"?: n, "lab"?: tab title, "dock"?: "tables" | "plots" |
"decision map" (raised beside the graph), "notes": text}]}. A slide
without a preset keeps the network of the slide before, so one preset can span several
slides. The clicker advances slides in lesson mode.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from . import presets
from .errors import SpecError
from .session import Session
from .steps import GRANULARITIES

FORMAT = "bpviewer-lesson/1"
SLIDE_KEYS = {"preset", "granularity", "goto", "run", "lab", "dock", "notes", "title"}
DOCKS = ("tables", "plots", "decision map")


@dataclass(frozen=True)
class Slide:
    notes: str
    title: str = ""
    preset: str | None = None
    granularity: str | None = None
    goto: tuple[int, int] | None = None
    run: int | None = None
    lab: str | None = None
    dock: str | None = None


@dataclass
class Lesson:
    title: str
    slides: list[Slide]
    index: int = field(default=-1)

    def clamp(self, index: int) -> int:
        return max(0, min(index, len(self.slides) - 1))

    def preset_at(self, index: int) -> str | None:
        """The preset slide `index` shows: its own, or the last one named before it."""
        index = self.clamp(index)
        return next((s.preset for s in reversed(self.slides[: index + 1]) if s.preset), None)

    def apply(self, session: Session, index: int) -> Slide:
        """Put the session where slide `index` wants it (loading presets as needed)."""
        index = self.clamp(index)
        network = self.preset_at(index)
        if network and session.spec.name != presets.load(network).name:
            session.load(presets.load(network))
        slide = self.slides[index]
        if slide.granularity:
            session.set_granularity(slide.granularity)
        if slide.goto:
            session.goto(*slide.goto)
        elif slide.run:
            session.goto(slide.run)
        self.index = index
        return slide

    def next(self, session: Session) -> Slide:
        return self.apply(session, self.index + 1)

    def previous(self, session: Session) -> Slide:
        return self.apply(session, self.index - 1)


def parse(raw: Any, source: str = "") -> Lesson:
    def fail(where: str, problem: str) -> SpecError:
        return SpecError(where, problem, source or None)

    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise fail("format", f"expected {FORMAT!r}")
    slides = raw.get("slides")
    if not isinstance(slides, list) or not slides:
        raise fail("slides", "expected a non-empty list")
    known = set(presets.names())
    out = []
    for i, s in enumerate(slides):
        where = f"slides[{i}]"
        if not isinstance(s, dict):
            raise fail(where, "expected an object")
        for key in s:
            if key not in SLIDE_KEYS:
                raise fail(f"{where}.{key}", "unknown key")
        if "preset" in s and s["preset"] not in known:
            raise fail(f"{where}.preset", f"unknown preset {s['preset']!r}")
        if i == 0 and "preset" not in s:
            raise fail(f"{where}.preset", "the first slide must name a preset")
        if "granularity" in s and s["granularity"] not in GRANULARITIES:
            raise fail(f"{where}.granularity", f"expected one of {', '.join(GRANULARITIES)}")
        goto = s.get("goto")
        if goto is not None and (not isinstance(goto, list) or len(goto) != 2
                                 or not all(isinstance(v, int) and v >= 0 for v in goto)):
            raise fail(f"{where}.goto", "expected [iteration, step] with whole numbers ≥ 0")
        run = s.get("run")
        if run is not None and (not isinstance(run, int) or run < 1):
            raise fail(f"{where}.run", "expected a whole number ≥ 1")
        if "dock" in s and s["dock"] not in DOCKS:
            raise fail(f"{where}.dock", f"expected one of {', '.join(DOCKS)}")
        if not isinstance(s.get("notes", ""), str):
            raise fail(f"{where}.notes", "expected text")
        out.append(Slide(notes=s.get("notes", ""), title=s.get("title", ""), preset=s.get("preset"),
                         granularity=s.get("granularity"), goto=tuple(goto) if goto else None,
                         run=run, lab=s.get("lab"), dock=s.get("dock")))
    return Lesson(raw.get("title", "Lesson"), out)


def load(path: str | Path) -> Lesson:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError("", "file not found", str(path)) from None
    except json.JSONDecodeError as exc:
        raise SpecError("", f"not valid JSON (line {exc.lineno}: {exc.msg})", str(path)) from None
    return parse(raw, str(path))


def shipped() -> Lesson:
    """The lesson that follows the course: Mazur → XOR → softmax and losses."""
    path = resources.files("bpviewer").joinpath("resources", "lessons", "backprop-course.json")
    with resources.as_file(path) as real:
        return load(real)
