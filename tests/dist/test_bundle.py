"""The double-clickable bundle that `make bundle` leaves in dist/: its executable renders a
shot, exports CSVs and installs a desktop entry that starts it, in a home that never saw
bpviewer, and it carries none of what bpviewer never imports (torch's test programs and
libraries, headers; CUDA)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from bpviewer.cli import main

from . import apps

pytestmark = pytest.mark.dist
FOLDER = apps.ROOT / "dist" / ("bpviewer.app" if sys.platform == "darwin" else "bpviewer")
EXECUTABLE = FOLDER / {"darwin": "Contents/MacOS/bpviewer",
                       "win32": "bpviewer.exe"}.get(sys.platform, "bpviewer")


@pytest.fixture(scope="module")
def executable() -> str:
    if not EXECUTABLE.is_file():
        pytest.fail(f"no {EXECUTABLE}: run `make bundle` first (`make test-dist` does)")
    return str(EXECUTABLE)


def test_the_bundle_renders_a_shot(executable, tmp_path) -> None:
    done = subprocess.run([executable, "shot", "--preset", "mazur", "--steps", "9", "--size", "1024x768",
                           "--out", "x.png"], cwd=tmp_path, env=apps.fresh_home(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    image = QImage(str(tmp_path / "x.png"))
    assert (image.width(), image.height()) == (1024, 768)


def test_the_bundle_exports_what_this_checkout_exports(executable, tmp_path) -> None:
    done = subprocess.run([executable, "export", "--preset", "xor", "--iterations", "4", "--out", "csv"],
                          cwd=tmp_path, env=apps.fresh_home(tmp_path), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert main(["export", "--preset", "xor", "--iterations", "4", "--out", str(tmp_path / "here")]) == 0
    for name in ("gradients.csv", "forward.csv", "loss.csv", "history.csv"):
        assert (tmp_path / "csv" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_the_bundle_leaves_out_what_bpviewer_never_imports(executable) -> None:
    files = [p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*") if p.is_file()]
    assert any("libtorch_cpu" in f or "torch_cpu.dll" in f for f in files)
    for unused in ("torchbind_test", "jitbackend_test", "/torch/include/", "/torch/test/", "/torch/bin/protoc",
                   "libcudart", "libcublas", "/nvidia/", "/tensorboard/", "/networkx/"):
        assert not [f for f in files if unused in f"/{f}"], unused


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Linux desktops")
def test_the_bundles_desktop_entry_starts_the_bundle(executable, tmp_path) -> None:
    env = apps.fresh_home(tmp_path)
    done = subprocess.run([executable, "--install-desktop-entry"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    data = tmp_path / "home/.local/share"
    lines = (data / "applications/bpviewer.desktop").read_text(encoding="utf-8").splitlines()
    assert f"Exec={executable} %f" in lines
    image = QImage(str(data / "icons/hicolor/256x256/apps/bpviewer.png"))
    assert (image.width(), image.height()) == (256, 256)
