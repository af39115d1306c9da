"""`bpviewer` command line: the window, `presets`, `export`, `shot`, `torch-script`, `verify`,
`exercises`, `--version`.

Bad input exits with status 2 and one line on stderr naming the file, the field and
the problem — never a traceback. `export` stays free of Qt (and of torch unless the
network file asks for an init scheme).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# The networks are small: a threaded BLAS spends longer waking its threads than
# multiplying (live maps 6× slower on a busy 2-core machine). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from . import __version__  # noqa: E402
from .core.errors import SpecError  # noqa: E402

COMMANDS = ("presets", "export", "shot", "torch-script", "verify", "exercises")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as for every bad input
        raise SpecError("", f"{self.prog}: {message}")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size {text} out of range 200..8000")
    return w, h


def _count(text: str) -> int:
    digits = text.strip().lstrip("+-")
    if len(digits) > MAX_DIGITS and digits.isdecimal():  # int() refuses past 4,300 digits
        raise argparse.ArgumentTypeError(f"a {len(digits):,}-digit number is too long")
    try:
        value = int(text)
    except ValueError:
        shown = repr(text) if len(text) <= 40 else f"{text[:40]!r}… ({len(text):,} characters)"
        raise argparse.ArgumentTypeError(f"expected a whole number, got {shown}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be ≥ 0, got {_shown(value, text)}")
    return value


def _shown(value: int, text: str) -> str:
    return f"{value:,}" if len(text) <= 30 else f"a {len(text.strip().lstrip('+-')):,}-digit number"


#: what the window's Go to reaches (qt/step_controls.MAX_JUMP): `shot`, `verify` and `export`
#: train into a history held in memory (`export` streams its rows, not its history: 10^20
#: iterations trained until memory ran out), `shot` behind a progress bar of Qt's 32-bit int
MAX_ITERATIONS = 1_000_000
#: sheets and keys are built in memory before any is written
MAX_VARIANTS = 1_000
#: a count's digits: more than any count or seed needs, and what int() converts without a limit
MAX_DIGITS = 400


def _at_most(limit: int) -> Callable[[str], int]:
    def count(text: str) -> int:
        value = _count(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"{_shown(value, text)} is over the limit of {limit:,}")
        return value
    return count


def _out(text: str) -> Path:
    """An output path the file system can take: not empty, no NUL, encodable."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name")
    try:
        usable = b"\0" not in os.fsencode(text)
    except UnicodeEncodeError:
        usable = False
    if not usable:
        raise argparse.ArgumentTypeError(f"{text!r} is not a usable file name")
    return Path(text)


def _network_args(p: argparse.ArgumentParser) -> None:
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", help="a preset name (see `bpviewer presets`)")
    source.add_argument("--network", type=Path, help="a bpviewer-network/1 JSON file")
    _weights_arg(p)


def _weights_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--weights", type=Path, metavar="FILE.pth",
                   help="a PyTorch state_dict whose Linear tensors replace the weights, in order")


def _with_weights(spec, weights: Path | None):
    if weights is None:
        return spec
    from .core.torch_weights import with_weights

    return with_weights(spec, weights)


def _parser() -> dict[str, argparse.ArgumentParser]:
    export = _Parser(prog="bpviewer export",
                     description="Train N iterations and write gradients.csv, forward.csv, "
                                 "loss.csv and history.csv.")
    _network_args(export)
    export.add_argument("--iterations", type=_at_most(MAX_ITERATIONS), required=True,
                        help="iterations to train and write")
    export.add_argument("--out", type=_out, required=True, help="the folder for the four CSV files")
    export.add_argument("--float32", action="store_true", help="compute in float32")
    numeric = export.add_mutually_exclusive_group()
    numeric.add_argument("--numeric", action="store_true", default=None,
                         help="write numeric_grad (default only up to 1,000 trainable parameters)")
    numeric.add_argument("--no-numeric", dest="numeric", action="store_false",
                         help="leave numeric_grad empty")
    shot = _Parser(prog="bpviewer shot", description="Render the window offscreen to a PNG.")
    _network_args(shot)
    shot.add_argument("--steps", type=_at_most(MAX_ITERATIONS), default=0,
                      help="steps to take after those iterations (default 0)")
    shot.add_argument("--iterations", type=_at_most(MAX_ITERATIONS), default=0,
                      help="whole iterations to train first (default 0)")
    shot.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH",
                      help="the window's size (default 1280x800)")
    shot.add_argument("--out", type=_out, required=True, metavar="FILE.png")
    shot.add_argument("--text", type=_out, metavar="FILE.txt",
                      help="also write the status line and the chain panel as text")
    shot.add_argument("--labels", type=_out, metavar="FILE.json",
                      help="also write the graph's labels as JSON")
    shot.add_argument("--lang", choices=("en", "zh_CN"), default="en",
                      help="the interface language (default en)")
    shot.add_argument("--granularity", choices=("neuron", "layer", "phase"),
                      help="steps of one neuron, layer or phase (default: the window's)")
    script = _Parser(prog="bpviewer torch-script",
                     description="Write the network and its training as a standalone PyTorch script.")
    _network_args(script)
    script.add_argument("--out", type=_out, required=True, metavar="FILE.py")
    verify = _Parser(prog="bpviewer verify",
                     description="Train with plain torch autograd and torch.optim beside bpviewer's engine "
                                 "and print the largest relative difference of every loss, gradient and "
                                 "parameter; exit 1 above 1e-10.")
    _network_args(verify)
    verify.add_argument("--iterations", type=_at_most(MAX_ITERATIONS), default=100,
                        help="iterations to compare (default 100)")
    exercises = _Parser(prog="bpviewer exercises",
                        description="Write per variant k sheet-k.html (blanks), key-k.html (the answers "
                                    "and their chain rule) and network-k.json: the network with fresh "
                                    "short-decimal inputs, targets and weights drawn from --seed.")
    _network_args(exercises)
    exercises.add_argument("--variants", type=_at_most(MAX_VARIANTS), required=True,
                           help="how many variants to write")
    exercises.add_argument("--out", type=_out, required=True, help="the folder to write them in")
    exercises.add_argument("--seed", type=_count, default=0, help="draws the variants (default 0)")
    exercises.add_argument("--pdf", action="store_true", help="also sheet-k.pdf and key-k.pdf")
    exercises.add_argument("--lang", choices=("en", "zh_CN"), default="en",
                           help="the sheets' and keys' language (default en); numbers are the same")
    presets = _Parser(prog="bpviewer presets", description="List the presets.")
    return {"export": export, "shot": shot, "presets": presets, "torch-script": script, "verify": verify,
            "exercises": exercises}


def _load(args: argparse.Namespace, float32: bool = False):
    from .core import presets
    from .core import spec as spec_mod

    if args.preset is not None:
        spec, source = presets.load(args.preset), args.preset
    else:
        spec, source = spec_mod.load(args.network), str(args.network)
    return _checked(_with_weights(spec, args.weights), source, float32)


def _checked(spec, source: str, float32: bool = False):
    """The spec once its data (a CSV, a generator) are known to load: a command or the
    window must not start on a network whose data are refused, and the line names the file."""
    from .core import data

    try:
        if float32:
            spec = spec.with_changes(dtype="float32")
        data.resolve(spec)
    except SpecError as exc:
        raise (exc if exc.source else exc.with_source(source)) from None
    return spec


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _export(args: argparse.Namespace) -> int:
    from .core.errors import DivergedError
    from .core.export import export_all, numeric_default, targets
    from .core.export_run import Reporter, train_with_progress
    from .core.session import Session

    spec = _load(args, args.float32)
    targets(args.out)  # refuse an --out it cannot write before training
    source = args.preset or str(args.network)
    with _named(source):
        session = Session(spec)
    numeric = numeric_default(session) if args.numeric is None else args.numeric
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up as Ctrl+C does
    try:
        try:
            train_with_progress(session, args.iterations, sys.stderr, numeric)
        except DivergedError as exc:
            print(f"bpviewer: {source}: training diverged at {exc}; exported "
                  f"{len(session.history)} finite iterations", file=sys.stderr)
        export_all(session, args.out, numeric, Reporter(sys.stderr, "wrote", len(session.history)))
    except OSError as exc:
        raise SpecError("--out", f"cannot write: {exc.strerror or exc}", str(args.out)) from None
    except KeyboardInterrupt:
        print(f"bpviewer: interrupted; nothing was written to {args.out}", file=sys.stderr)
        return 130
    except MemoryError:
        print(f"bpviewer: {source}: out of memory; nothing was written to {args.out}",
              file=sys.stderr)
        return 1
    return 0


def _distinct_outputs(args: argparse.Namespace, outputs: tuple[tuple[str, Path | None], ...]) -> None:
    """Refuse, before any work, an output that cannot be written or that is an input or
    another output: `torch-script --network n.json --out n.json` replaced the network with
    the script, `shot --out x.png --text x.png` the picture with the text."""
    from .core import atomic

    taken = {os.path.realpath(path): option for option, path in
             (("--network", args.network), ("--weights", args.weights)) if path is not None}
    for option, path in outputs:
        if path is None:
            continue
        real = os.fspath(atomic.target(path, option))
        if real in taken:
            raise SpecError(option, f"the same file as {taken[real]}; refusing to replace it", str(path))
        taken[real] = option


def _shot(args: argparse.Namespace) -> int:
    spec = _load(args)
    # refuse before spending seconds on rendering
    _distinct_outputs(args, (("--out", args.out), ("--text", args.text), ("--labels", args.labels)))
    from .qt.shot import render

    with _named(args.preset or str(args.network)):
        render(spec, args.iterations, args.steps, args.size, args.out, args.text,
               args.labels, args.lang, args.granularity)
    return 0


@contextlib.contextmanager
def _named(source: str) -> Iterator[None]:
    """A refusal after the checks names the network: its CSV is read again where the work
    builds its Session, and may have changed since (the line named only the CSV's name)."""
    try:
        yield
    except SpecError as exc:  # an output's own refusal names the output
        raise (exc if exc.source else exc.with_source(source)) from None


@contextlib.contextmanager
def _writing(args: argparse.Namespace) -> Iterator[None]:
    """A command writing args.out: its errors named with the network, or as --out's."""
    try:
        with _named(args.preset or str(args.network)):
            yield
    except OSError as exc:
        raise SpecError("--out", f"cannot write: {exc.strerror or exc}", str(args.out)) from None


def _torch_script(args: argparse.Namespace) -> int:
    from .core.torch_script import write_script

    spec = _load(args)
    _distinct_outputs(args, (("--out", args.out),))
    with _writing(args):
        write_script(spec, args.out)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .core import verify

    spec = _load(args)
    source = args.preset or str(args.network)
    try:
        n, worst = verify.compare(spec, args.iterations)
    except SpecError as exc:
        raise exc.with_source(source) from None
    print(f"{source}: {n} iterations by the exported PyTorch script (autograd, torch.optim) "
          f"beside bpviewer's engine, in {spec.dtype}")
    print("largest relative difference: " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()))
    bad = max(worst.values()) > verify.TOLERANCE
    print(f"{'DIFFERENT' if bad else 'equal'} to within {verify.TOLERANCE:g}")
    return 1 if bad else 0


def _exercises(args: argparse.Namespace) -> int:
    from .core import exercises, texts

    texts.set_language(args.lang)
    spec = _load(args)
    pdf = None
    if args.pdf:
        from .qt.handout_export import pdf_writer

        pdf = pdf_writer()
    with _writing(args):
        exercises.write(spec, args.variants, args.out, args.seed, pdf)
    return 0


def _presets(_: argparse.Namespace) -> int:
    from .core import presets

    for name, description in presets.describe():
        print(f"{name:20s} {description}")
    return 0


def _desktop_entry(install: bool) -> int:
    from . import desktop

    flag = "--install-desktop-entry" if install else "--uninstall-desktop-entry"
    if sys.platform in ("win32", "darwin"):
        raise SpecError(flag, "for Linux desktops; on Windows and macOS use the bundle "
                              "(`make bundle`) or a shortcut to `bpviewer`")
    try:
        done = desktop.install() if install else desktop.uninstall()
    except OSError as exc:
        raise SpecError(flag, f"cannot write: {exc.strerror or exc}", exc.filename) from None
    verb = "wrote" if install else "removed"
    print(f"bpviewer: {verb} {len(done)} files under {desktop.data_home()}")
    return 0


def _window(argv: list[str]) -> int:
    p = _Parser(prog="bpviewer", description="Step through backpropagation one click at a time. Commands: "
                                             "presets, export, shot, torch-script, verify, exercises.")
    p.add_argument("file", nargs="?", type=Path, help="a bpviewer-network/1 JSON file")
    p.add_argument("--preset", help="open a preset (default: mazur)")
    _weights_arg(p)
    p.add_argument("--version", action="version", version=f"bpviewer {__version__}")
    entry = p.add_mutually_exclusive_group()
    entry.add_argument("--install-desktop-entry", action="store_true",
                       help="Linux: add bpviewer and its icon to this user's application menu")
    entry.add_argument("--uninstall-desktop-entry", action="store_true",
                       help="Linux: remove what --install-desktop-entry added")
    args = p.parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(args.install_desktop_entry)
    from .core import presets
    from .core import spec as spec_mod

    if args.file and args.preset:
        raise SpecError("", "give a FILE or --preset, not both")
    if args.file:
        spec, source = spec_mod.load(args.file), str(args.file)
    else:
        source = args.preset or presets.DEFAULT
        spec = presets.load(source)
    spec = _checked(_with_weights(spec, args.weights), source)
    from .app import main as app_main

    with _named(source):
        return app_main(spec)


def _printing_anything() -> None:
    """What stdout's encoding cannot hold is escaped, not a traceback: `presets` (a ▸ in a
    description) and `verify` (a network named 网络.json, or a name that is not UTF-8) print
    to consoles and files in cp1252 (Windows), ASCII or another locale's encoding. stderr
    escapes already (Python's default for it)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _printing_anything()
    try:
        if argv and argv[0] in COMMANDS:
            args = _parser()[argv[0]].parse_args(argv[1:])
            return {"export": _export, "shot": _shot, "presets": _presets,
                    "torch-script": _torch_script, "verify": _verify,
                    "exercises": _exercises}[argv[0]](args)
        return _window(argv)
    except SpecError as exc:
        print(f"bpviewer: {exc.line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
