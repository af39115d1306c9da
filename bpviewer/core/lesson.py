"""Lessons: a file that strings presets, positions and the teacher's notes into slides.

`bpviewer-lesson/1` JSON: {"format", "title", "slides": [{"preset"?, "granularity"?,
"goto"?: [iteration, step], "run"?: n, "lab"?: tab title, "dock"?: "tables" | "plots" |
"decision map" (raised beside the graph), "plot"?: one of PLOTS (the plots dock showing
that plot alone), "notes": text}]}. A slide
without a preset keeps the network of the slide before, so one preset can span several
slides. The clicker advances slides in lesson mode. Titles and notes may come in other
languages too, beside the English: "title_zh_CN", "notes_zh_CN" (a lesson without them shows
its English in every language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from . import jsonfile, presets
from .errors import SpecError
from .session import Session
from .spec import show
from .steps import GRANULARITIES
from .texts import ENGLISH, LANGUAGES, N_, language, tr

FORMAT = "bpviewer-lesson/1"
#: the texts a lesson may give in each language: "notes", "notes_zh_CN", …
TRANSLATED = {"title", "notes"}
_OTHER = [lang for lang in LANGUAGES if lang != ENGLISH]
LESSON_KEYS = {"format", "title", "slides"} | {f"title_{lang}" for lang in _OTHER}
SLIDE_KEYS = {"preset", "granularity", "goto", "run", "lab", "dock", "plot"} | {
    f"{key}_{lang}" for key in TRANSLATED for lang in _OTHER} | TRANSLATED
DOCKS = ("tables", "plots", "decision map")
#: the plots a slide may show alone; "log loss" is the loss on a logarithmic axis
PLOTS = ("loss", "log loss", "parameters", "gradient norms", "learning rate")
#: the window's labs by their English titles (tests hold this to qt.labs.LABS)
LAB_TITLES = ("Activation functions", "Loss functions", "Gradient check", "Optimizer race",
              "LR schedules and averages", "Regularization")
#: a slide trains at most this far: a class waits seconds, not minutes (the window's
#: history of 100,000 iterations of any preset stays under 1 GB)
MAX_ITERATIONS = 100_000
#: steps of one iteration (a 1,000,000-parameter network at neuron granularity has fewer)
MAX_STEP = 10_000_000


def _in_language(english: str, others: dict[str, str]) -> str:
    return others.get(language()) or english


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
    plot: str | None = None
    #: {"notes": {"zh_CN": …}, "title": {…}}: the texts in languages other than English
    translations: dict = field(default_factory=dict, compare=False)

    @property
    def shown_notes(self) -> str:
        """The notes in the interface language (the English when the file lacks it)."""
        return _in_language(self.notes, self.translations.get("notes", {}))

    @property
    def shown_title(self) -> str:
        return _in_language(self.title, self.translations.get("title", {}))


@dataclass
class Lesson:
    title: str
    slides: list[Slide]
    index: int = field(default=-1)
    titles: dict = field(default_factory=dict)  # language -> title, beside the English

    @property
    def shown_title(self) -> str:
        return _in_language(self.title, self.titles)

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
    """A validated lesson: every value typed and bounded, so starting it cannot fail halfway."""
    def fail(where: str, problem: str) -> SpecError:
        return SpecError(where, problem, source or None)

    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise fail("format", tr("expected {FORMAT}", FORMAT=repr(FORMAT)))
    jsonfile.check_tree(raw, source or None)
    for key in raw:
        if key not in LESSON_KEYS:
            raise fail(key, tr("unknown key"))
    for key in ("title", *(f"title_{lang}" for lang in _OTHER)):
        if key in raw and not isinstance(raw[key], str):
            raise fail(key, tr("expected text, got {value}", value=show(raw[key])))
    title = raw.get("title", tr("Lesson"))
    slides = raw.get("slides")
    if not isinstance(slides, list) or not slides:
        raise fail("slides", tr("expected a non-empty list"))
    try:
        out = [_slide(s, f"slides[{i}]", first=i == 0) for i, s in enumerate(slides)]
    except SpecError as exc:
        raise exc.with_source(source) if source else exc from None
    return Lesson(title, out, titles=_translations(raw, "title"))


def _slide(s: Any, where: str, first: bool) -> Slide:
    if not isinstance(s, dict):
        raise SpecError(where, tr("expected an object"))
    for key in s:
        if key not in SLIDE_KEYS:
            raise SpecError(f"{where}.{key}", tr("unknown key"))
    for key in sorted(SLIDE_KEYS - {"goto", "run"}):
        if key in s and not isinstance(s[key], str):
            raise SpecError(f"{where}.{key}", tr("expected text, got {value}", value=show(s[key])))
    if "preset" in s and s["preset"] not in presets.names():
        raise SpecError(f"{where}.preset", tr("unknown preset {value}; choose one of {value2}",
                                              value=show(s['preset']), value2=', '.join(presets.names())))
    if first and "preset" not in s:
        raise SpecError(f"{where}.preset", tr("the first slide must name a preset"))
    if "granularity" in s and s["granularity"] not in GRANULARITIES:
        raise SpecError(f"{where}.granularity", tr("expected one of {value}",
                                                   value=', '.join(GRANULARITIES)))
    if "lab" in s and s["lab"] not in LAB_TITLES:
        raise SpecError(f"{where}.lab", tr("no lab called {value}; choose one of {value2}",
                                           value=show(s['lab']), value2=', '.join(LAB_TITLES)))
    if "dock" in s and s["dock"] not in DOCKS:
        raise SpecError(f"{where}.dock", tr("expected one of {value}", value=', '.join(DOCKS)))
    if "plot" in s and (s["plot"] not in PLOTS or s.get("dock", "plots") != "plots"):
        raise SpecError(f"{where}.plot", tr("expected one of {value}", value=', '.join(PLOTS)))
    goto = s.get("goto")
    if goto is not None:
        if not isinstance(goto, list) or len(goto) != 2:
            raise SpecError(f"{where}.goto", tr("expected [iteration, step], got {goto}",
                                                goto=show(goto)))
        goto = (_count(goto[0], f"{where}.goto", N_("the iteration "), 0, MAX_ITERATIONS),
                _count(goto[1], f"{where}.goto", N_("the step "), 0, MAX_STEP))
    run = s.get("run")
    if run is not None:
        run = _count(run, f"{where}.run", "", 1, MAX_ITERATIONS)
    return Slide(notes=s.get("notes", ""), title=s.get("title", ""), preset=s.get("preset"),
                 granularity=s.get("granularity"), goto=goto, run=run, lab=s.get("lab"),
                 dock="plots" if "plot" in s else s.get("dock"), plot=s.get("plot"),
                 translations={k: _translations(s, k) for k in TRANSLATED})


def _translations(raw: dict, key: str) -> dict[str, str]:
    return {lang: raw[f"{key}_{lang}"] for lang in _OTHER if f"{key}_{lang}" in raw}


def _count(value: Any, where: str, what: str, low: int, high: int) -> int:
    """A whole number in [low, high]; `true` is not one, however Python sees it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(where, tr("{what}must be a whole number, got {value}", what=tr(what),
                                  value=show(value)))
    if not low <= value <= high:
        raise SpecError(where, tr("{what}{value} is outside {low}..{high:,}", what=tr(what),
                                  value=show(value), low=low, high=high))
    return value


def load(path: str | Path) -> Lesson:
    """A lesson file; anything wrong with it (bytes, JSON, fields) is one SpecError."""
    return parse(jsonfile.read(path), str(path))


def shipped() -> Lesson:
    """The lesson that follows the course: Mazur → XOR → softmax and losses."""
    path = resources.files("bpviewer").joinpath("resources", "lessons", "backprop-course.json")
    with resources.as_file(path) as real:
        return load(real)
