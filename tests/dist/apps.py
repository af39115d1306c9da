"""Running bpviewer the way a teacher gets it: from a wheel installed in a throwaway venv,
or from the bundle; each in a fresh home (no settings, no cache) and without this checkout
on the import path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "bpviewer")
OURS = ("bpviewer", "__editable__", "_bpviewer", "__pycache__")


def pip_env() -> dict[str, str]:
    """No pip configuration at all: no index, no find-links but the ones given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    return env | {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def offline() -> list[str]:
    """A command prefix that takes the network away (a new, empty network namespace)
    where this user may make one; else nothing, and --no-index alone keeps pip local."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"],
                                                  capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def build_wheel(out: Path) -> Path:
    """The wheel of a copy of this checkout (the checkout itself gets no build/ folder)."""
    source = out / "source"
    source.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([*offline(), sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "--no-index", "-w", str(out / "wheels"), str(source)],
                   check=True, env=pip_env(), timeout=600)
    (wheel,) = (out / "wheels").glob("*.whl")
    return wheel


def make_venv(path: Path) -> Path:
    """A venv without pip whose only outside libraries are this interpreter's installed ones
    (torch, PySide6, pyqtgraph, numpy, …) — linked in one by one, minus every bpviewer
    (an editable install of the checkout included). Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    python = path / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    base = path / "base-libraries"
    base.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if not entry.name.startswith(OURS) and entry.suffix != ".pth":
            (base / entry.name).symlink_to(entry)
    (site / "base-libraries.pth").write_text(f"{base}\n", encoding="utf-8")
    return python


def install(python: Path, wheel: Path) -> None:
    subprocess.run([*offline(), sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-index", "--find-links", str(wheel.parent), "bpviewer"],
                   check=True, env=pip_env(), timeout=600)


def fresh_home(path: Path) -> dict[str, str]:
    """The environment of a user who never ran bpviewer, without this checkout on the path."""
    home = path / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("XDG_")}
    return env | {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                  "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
                  "QT_QPA_PLATFORM": "offscreen"}


def tree(path: Path) -> dict[str, tuple[int, int]]:
    """Every file below `path` with its size and modification time."""
    return {str(p.relative_to(path)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(path.rglob("*")) if p.is_file()}


def read_only(path: Path) -> None:
    """Read-only for ordinary users (root writes anyway: compare `tree` before and after)."""
    for p in [path, *path.rglob("*")]:
        p.chmod(p.stat().st_mode & ~0o222)
